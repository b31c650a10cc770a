/**
 * Facilitation controls with three screens: the facilitator (who created the board), a participant
 * (the board link) and a projector (the view-only link in projector mode). Everything a person
 * does goes through the UI; page.evaluate only reads where things are and what the app holds.
 */
import { expect, test, type Page } from '@playwright/test'
import { baseURL, createBoard, person, rawYjsEdit, waitForCanvas, waitForSynced, type Person } from './helpers'
import { cameraSettled, writeNote, zoneCentre } from './plan-helpers'
import { facState, openFacilitate, viewLink } from './facilitate-helpers'

const zoneId = (page: Page, id: string) =>
  page.evaluate((id) => {
    const editor = (window as any).__circleboard.editor
    return editor.getCurrentPageShapes().find((s: any) => s.type === 'cb-zone' && s.props.zoneId === id)?.id as string
  }, id)

const shapeX = (page: Page, id: string) => page.evaluate((id) => (window as any).__circleboard.editor.getShape(id)?.x as number | undefined, id)


async function closeFacilitate(page: Page) {
  if (await page.getByTestId('facilitate-panel').isVisible()) await page.getByTestId('facilitate-menu').click()
  await expect(page.getByTestId('facilitate-panel')).toBeHidden()
}

/**
 * A participant's attempt to move a template zone as the UX walk-through did it: right-click it,
 * Edit → Toggle locked, then drag it with the pointer. (tldraw's menu re-renders with every remote
 * cursor move, so the item is clicked with a dispatched click rather than a pointer that must hold
 * still on it.)
 */
async function tryToMoveZone(page: Page, zone: string) {
  const at = await zoneCentre(page, zone, 0, 20)
  await page.mouse.click(at.x, at.y, { button: 'right' })
  await page.getByRole('menuitem', { name: 'Edit' }).hover()
  await page.getByRole('menuitem', { name: 'Toggle locked' }).dispatchEvent('click')
  await expect(page.getByRole('menuitem', { name: 'Toggle locked' })).toHaveCount(0)
  await page.mouse.move(at.x, at.y)
  await page.mouse.down()
  await page.mouse.move(at.x + 60, at.y + 40, { steps: 6 })
  await page.mouse.move(at.x + 120, at.y + 80, { steps: 6 })
  await page.mouse.up()
  await page.keyboard.press('Escape')
}

test('roles, lock (from the UI and against a tampered write), remove a template keeping its notes', async ({ browser }) => {
  test.setTimeout(150_000)
  const fac = await person(browser, 'Mo')
  const sam = await person(browser, 'Sam')
  const path = await createBoard(fac.page, 'Lock and remove')
  const roomId = path.split('/').pop()!
  await waitForSynced(fac.page)
  await expect(fac.page.getByTestId('role-chip')).toHaveAttribute('data-role', 'facilitator')
  await fac.page.getByTestId('start-path').click()
  await cameraSettled(fac.page)

  // The participant link: no Facilitate menu, and Share lacks the facilitator link.
  await sam.page.goto(path)
  await waitForCanvas(sam.page)
  await waitForSynced(sam.page)
  await expect.poll(() => sam.page.evaluate(() => (window as any).__circleboard?.session.facilitation.$live.get() ?? false)).toBe(true)
  await expect(sam.page.getByTestId('facilitate-menu')).toHaveCount(0)
  await expect(sam.page.getByTestId('role-chip')).toHaveCount(0)
  await sam.page.getByTestId('share').click()
  await expect(sam.page.getByTestId('copy-link')).toBeVisible()
  await expect(sam.page.getByTestId('copy-view-link')).toBeVisible()
  await expect(sam.page.getByTestId('copy-facilitator-link')).toHaveCount(0)
  await expect(sam.page.getByTestId('open-projector')).toHaveCount(0)
  await sam.page.getByTestId('share').click()
  // …and the people list says who facilitates.
  await sam.page.getByTestId('people-button').click()
  await expect(sam.page.locator('[data-testid="person"][data-name="Mo"]').getByTestId('person-facilitator')).toBeVisible()
  await sam.page.getByTestId('people-button').click()

  // The facilitator's Share has all three links and the projector.
  await fac.page.getByTestId('share').click()
  await expect(fac.page.getByTestId('copy-facilitator-link')).toBeVisible()
  await expect(fac.page.getByTestId('open-projector')).toBeVisible()
  await fac.page.getByTestId('share').click()

  // Lock.
  const goal = await zoneId(fac.page, 'goal')
  const goalX = (await shapeX(fac.page, goal))!
  const panel = await openFacilitate(fac.page)
  await panel.getByTestId('lock-zones').click()
  await expect(panel.getByTestId('lock-status')).toContainText('locked for participants')
  await closeFacilitate(fac.page)
  await expect.poll(async () => (await facState(sam.page))?.lock.zones).toBe(true)

  await tryToMoveZone(sam.page, 'goal')
  await expect(sam.page.getByTestId('fac-toast')).toContainText('Locked by the facilitator')
  expect(await shapeX(sam.page, goal)).toBe(goalX)
  expect(await shapeX(fac.page, goal)).toBe(goalX)

  // A participant's program writing to the locked zone behind the UI's back is undone by the relay.
  await rawYjsEdit(roomId, (doc) => {
    doc.getMap('records').get(goal).set('x', goalX + 5000)
  })
  await expect.poll(() => shapeX(fac.page, goal)).toBe(goalX)
  await expect.poll(() => shapeX(sam.page, goal)).toBe(goalX)

  // Unlock: now the participant can move it.
  await openFacilitate(fac.page)
  await fac.page.getByTestId('unlock-zones').click()
  await expect(fac.page.getByTestId('lock-status')).toContainText('can move')
  await closeFacilitate(fac.page)
  await expect.poll(async () => (await facState(sam.page))?.lock.zones).toBe(false)
  await tryToMoveZone(sam.page, 'goal')
  await expect.poll(() => shapeX(sam.page, goal)).not.toBe(goalX)
  await expect.poll(() => shapeX(fac.page, goal)).not.toBe(goalX)

  // Remove the template, keeping the notes on it.
  await writeNote(fac.page, await zoneCentre(fac.page, 'dream'), 'A garden of my own')
  await expect(fac.page.locator('.tl-shape[data-shape-type="note"]')).toHaveCount(1)
  await openFacilitate(fac.page)
  const choice = fac.page.getByTestId('remove-template-choice')
  await choice.selectOption({ label: 'PATH' })
  await fac.page.getByTestId('remove-template').click()
  await expect(fac.page.getByText('What happens to the notes on it?')).toBeVisible()
  await fac.page.getByTestId('remove-keep-notes').click()
  for (const p of [fac.page, sam.page]) {
    await expect(p.locator('.tl-shape[data-shape-type="cb-zone"]')).toHaveCount(0)
    await expect(p.locator('.tl-shape[data-shape-type="note"]')).toHaveCount(1)
  }
  await expect(fac.page.getByTestId('fac-toast')).toContainText('the notes stay on the board')
  // One undo brings the whole template back.
  await closeFacilitate(fac.page)
  await fac.page.keyboard.press('ControlOrMeta+z')
  await expect(fac.page.locator('.tl-shape[data-shape-type="cb-zone"]')).not.toHaveCount(0)

  expect([...fac.outside, ...sam.outside]).toEqual([])
  await fac.context.close()
  await sam.context.close()
})

test('bring everyone here, everyone follow me (and step out), projector with the timer, skewed clocks agree', async ({ browser }) => {
  test.setTimeout(150_000)
  const fac = await person(browser, 'Mo')
  const sam = await person(browser, 'Sam')
  const projector = await person(browser, 'Projector')
  // Device clocks off by minutes, either way: the countdown must still read the same everywhere.
  await sam.page.clock.install({ time: Date.now() + 3 * 60_000 })
  await projector.page.clock.install({ time: Date.now() - 3 * 60_000 })

  const path = await createBoard(fac.page, 'Bring and follow')
  await waitForSynced(fac.page)
  await fac.page.getByTestId('start-path').click()
  await cameraSettled(fac.page)
  await sam.page.goto(path)
  await waitForCanvas(sam.page)
  await waitForSynced(sam.page)
  const link = await viewLink(fac)
  // Share → Open projector view opens the view-only link in projector mode in a new tab.
  await fac.page.getByTestId('share').click()
  const opened = fac.context.waitForEvent('page')
  await fac.page.getByTestId('open-projector').click()
  const tab = await opened
  // (each request signs a fresh view token, so the link differs from the copied one)
  await expect.poll(() => tab.url()).toMatch(new RegExp(`^${baseURL()}/v/[A-Za-z0-9_-]{40,200}\\?present$`))
  await expect(tab.getByTestId('projector')).toBeVisible()
  await tab.close()
  await fac.page.getByTestId('share').click()
  await projector.page.goto(`${link}?present`)
  await waitForCanvas(projector.page)
  await expect(projector.page.getByTestId('projector')).toBeVisible()
  // No editing chrome on the projector: no board bar, no tldraw toolbar.
  await expect(projector.page.locator('.board-bar')).toHaveCount(0)
  await expect(projector.page.locator('.tlui-toolbar')).toHaveCount(0)
  expect(link.startsWith(`${baseURL()}/v/`)).toBe(true)

  // Bring everyone to me: the facilitator zooms onto the Dream; Sam's view goes there too.
  const dream = await zoneId(fac.page, 'dream')
  await fac.page.evaluate((id) => {
    const editor = (window as any).__circleboard.editor
    editor.zoomToBounds(editor.getShapePageBounds(id), { inset: 0 })
  }, dream)
  await cameraSettled(fac.page)
  const facView = await fac.page.evaluate(() => (window as any).__circleboard.editor.getViewportPageBounds().center)
  await (await openFacilitate(fac.page)).getByTestId('summon').click()
  await expect(sam.page.getByTestId('fac-toast')).toContainText('Mo brought everyone here')
  await cameraSettled(sam.page)
  const samView = await sam.page.evaluate(() => (window as any).__circleboard.editor.getViewportPageBounds().center)
  expect(Math.abs(samView.x - facView.x)).toBeLessThan(60)
  expect(Math.abs(samView.y - facView.y)).toBeLessThan(60)

  // Everyone follow me: Sam follows Mo, with a banner to step out.
  await fac.page.getByTestId('follow-me').click()
  await expect(fac.page.getByTestId('follow-me')).toHaveAttribute('aria-pressed', 'true')
  await expect(sam.page.getByTestId('follow-banner')).toContainText('Following Mo')
  await expect.poll(() => sam.page.evaluate(() => (window as any).__circleboard.editor.getInstanceState().followingUserId)).toBe('e2e-Mo')
  await sam.page.getByTestId('follow-banner-stop').click()
  await expect(sam.page.getByTestId('follow-banner')).toHaveCount(0)
  await expect(sam.page.getByTestId('follow-banner-out')).toBeVisible()
  // …and stays out while follow is still on.
  await sam.page.waitForTimeout(1000)
  expect(await sam.page.evaluate(() => (window as any).__circleboard.editor.getInstanceState().followingUserId)).toBeNull()
  // Off and on again: Sam follows again.
  await fac.page.getByTestId('follow-me').click()
  await expect(fac.page.getByTestId('follow-me')).toHaveAttribute('aria-pressed', 'false')
  await fac.page.getByTestId('follow-me').click()
  await expect(sam.page.getByTestId('follow-banner')).toContainText('Following Mo')
  await fac.page.getByTestId('follow-me').click()
  await expect(sam.page.getByTestId('follow-banner')).toHaveCount(0)

  // Timer: 5 minutes. Everyone, the projector large, shows the same time despite the skewed clocks.
  await fac.page.getByTestId('timer-start-5').click()
  await closeFacilitate(fac.page)
  await expect(projector.page.getByTestId('projector-timer')).toBeVisible()
  await expect(sam.page.getByTestId('timer')).toBeVisible()
  // Let the clock probes settle, then read all three screens at (nearly) the same moment.
  await fac.page.waitForTimeout(1500)
  const read = async () =>
    Promise.all([
      fac.page.getByTestId('timer').getAttribute('data-seconds'),
      sam.page.getByTestId('timer').getAttribute('data-seconds'),
      projector.page.getByTestId('projector-timer').getAttribute('data-seconds'),
    ]).then((v) => v.map(Number))
  const [f, s, p] = await read()
  expect(f).toBeGreaterThan(280)
  expect(f).toBeLessThanOrEqual(300)
  expect(Math.abs(s - f)).toBeLessThanOrEqual(1)
  expect(Math.abs(p - f)).toBeLessThanOrEqual(1)
  await expect(projector.page.getByTestId('projector-timer')).toHaveText(/^[45]:\d\d/)

  // Pause holds the time for everyone; a reload shows it from the relay's state.
  await (await openFacilitate(fac.page)).getByTestId('timer-pause').click()
  await expect(sam.page.getByTestId('timer')).toHaveAttribute('data-status', 'paused')
  const paused = Number(await fac.page.getByTestId('timer').getAttribute('data-seconds'))
  await sam.page.reload()
  await waitForCanvas(sam.page)
  await expect(sam.page.getByTestId('timer')).toHaveAttribute('data-seconds', String(paused))

  // Participants never get the controls; the projector has none either.
  await expect(sam.page.getByTestId('facilitate-menu')).toHaveCount(0)
  await expect(projector.page.getByTestId('facilitate-menu')).toHaveCount(0)

  expect([...fac.outside, ...sam.outside, ...projector.outside]).toEqual([])
  for (const x of [fac, sam, projector]) await x.context.close()
})

test('a facilitator link makes a co-facilitator (key kept, address bar cleaned); a wrong key opens as a participant with a notice', async ({ browser }) => {
  const fac = await person(browser, 'Mo')
  const liz = await person(browser, 'Liz')
  const ravi = await person(browser, 'Ravi')
  const path = await createBoard(fac.page, 'Two facilitators')
  await waitForSynced(fac.page)
  await fac.context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await fac.page.getByTestId('share').click()
  await fac.page.getByTestId('copy-facilitator-link').click()
  await expect(fac.page.getByTestId('share-note')).toContainText('Facilitator link copied')
  const link = await fac.page.evaluate(() => navigator.clipboard.readText())
  expect(link).toMatch(new RegExp(`${path}\\?f=[A-Za-z0-9_-]{22,64}$`))

  await liz.page.goto(link)
  await waitForCanvas(liz.page)
  await expect(liz.page.getByTestId('role-chip')).toHaveAttribute('data-role', 'facilitator')
  await expect.poll(() => liz.page.evaluate(() => (window as any).__circleboard?.session.facilitation.$live.get() ?? false)).toBe(true)
  await expect(liz.page.getByTestId('role-chip')).toHaveAttribute('data-role', 'facilitator')
  expect(new URL(liz.page.url()).search).toBe('')
  // Next time the plain board link is enough on Liz's device.
  await liz.page.goto(path)
  await waitForCanvas(liz.page)
  await expect.poll(() => liz.page.evaluate(() => (window as any).__circleboard?.session.facilitation.$live.get() ?? false)).toBe(true)
  await expect(liz.page.getByTestId('role-chip')).toHaveAttribute('data-role', 'facilitator')

  // A made-up key: the relay says no, the person takes part as a participant and is told why.
  await ravi.page.goto(`${path}?f=${'x'.repeat(22)}`)
  await waitForCanvas(ravi.page)
  await expect(ravi.page.getByTestId('role-chip')).toHaveAttribute('data-role', 'participant')
  await expect(ravi.page.getByTestId('fac-toast')).toBeVisible()
  await expect(ravi.page.getByTestId('facilitate-menu')).toHaveCount(0)

  // A custom length: a few seconds, to see the end — a pulse on every screen (and a chime, unheard here).
  const panel = await openFacilitate(liz.page)
  await panel.getByTestId('timer-custom').fill('0.05')
  await panel.getByTestId('timer-start-custom').click()
  await closeFacilitate(liz.page)
  for (const p of [fac.page, liz.page, ravi.page]) await expect(p.getByTestId('timer')).toBeVisible()
  for (const p of [fac.page, ravi.page]) await expect(p.getByTestId('timer')).toHaveClass(/cb-timer-pulse/, { timeout: 10_000 })
  await expect(ravi.page.getByTestId('timer')).toHaveAttribute('data-seconds', '0')
  // The chime can be muted on this device, and stays muted after a reload.
  await ravi.page.getByTestId('timer-mute').click()
  await expect(ravi.page.getByTestId('timer-mute')).toHaveAttribute('aria-pressed', 'true')
  await ravi.page.reload()
  await waitForCanvas(ravi.page)
  await expect(ravi.page.getByTestId('timer-mute')).toHaveAttribute('aria-pressed', 'true')

  // Projector mode on a board link: Esc goes back to the board.
  await liz.page.goto(`${path}?present`)
  await waitForCanvas(liz.page)
  await expect(liz.page.getByTestId('projector')).toBeVisible()
  await expect(liz.page.getByTestId('projector-timer')).toBeVisible()
  await expect(liz.page.locator('.board-bar')).toHaveCount(0)
  await liz.page.keyboard.press('Escape')
  await expect(liz.page.locator('.board-bar')).toBeVisible()
  expect(new URL(liz.page.url()).search).toBe('')

  for (const x of [fac, liz, ravi]) await x.context.close()
})
