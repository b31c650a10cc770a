/**
 * Live activities with three screens: the facilitator (who created the board), a participant (the
 * board link) and a projector (the view-only link in projector mode). Walk a template step by step,
 * dot voting, and private writing (with a device offline at the reveal). Everything a person does
 * goes through the UI; page.evaluate only reads where things are and what the app holds.
 */
import { readFile } from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import { createBoard, openPlanPanel, person, rawYjsEdit, relaySwitch, waitForCanvas, waitForSynced, type Person } from './helpers'
import { cameraSettled, writeNote, zoneCentre } from './plan-helpers'
import { facState, openFacilitate, viewLink } from './facilitate-helpers'

const live = (page: Page) => page.evaluate(() => !!(window as any).__circleboard?.session?.facilitation.$live.get())

async function projectorOf(browser: Parameters<typeof person>[0], fac: Person): Promise<Person> {
  const link = await viewLink(fac)
  const proj = await person(browser, 'Projector')
  const url = new URL(link)
  url.searchParams.set('present', '')
  await proj.page.goto(url.pathname + url.search)
  await waitForCanvas(proj.page)
  await expect(proj.page.getByTestId('projector')).toBeVisible()
  return proj
}

async function joinAsParticipant(p: Person, path: string) {
  await p.page.goto(path)
  await waitForCanvas(p.page)
  await waitForSynced(p.page)
  await expect.poll(() => live(p.page)).toBe(true)
}

/** Ids of notes on the page whose text contains `text`. */
const notesWith = (page: Page, text: string) =>
  page.evaluate(
    (text) =>
      (window as any).__circleboard.editor
        .getCurrentPageShapes()
        .filter((s: any) => s.type === 'note' && JSON.stringify(s.props.richText).includes(text))
        .map((s: any) => s.id as string),
    text
  )

/** Screen point of a shape's centre. */
const shapeCentre = (page: Page, id: string) =>
  page.evaluate((id) => {
    const editor = (window as any).__circleboard.editor
    const b = editor.getShapePageBounds(id)
    const p = editor.pageToViewport({ x: b.x + b.w / 2, y: b.y + b.h / 2 })
    const c = editor.getViewportScreenBounds()
    return { x: c.x + p.x, y: c.y + p.y }
  }, id)

/**
 * What the relay holds for the board: a stock Yjs client takes the relay's copy (the relay's
 * snapshot endpoint only gives state vectors) and lists its record ids and their JSON.
 */
async function relayRecords(roomId: string): Promise<{ ids: string[]; text: string }> {
  let out = { ids: [] as string[], text: '' }
  await rawYjsEdit(roomId, (doc) => {
    const records = doc.getMap('records')
    out = { ids: [...records.keys()] as string[], text: JSON.stringify(records.toJSON()) }
  })
  return out
}

test('walk a template: banner and highlight on every screen, keys, the camera, the plan says Now', async ({ browser }) => {
  test.setTimeout(150_000)
  const fac = await person(browser, 'Mo')
  const sam = await person(browser, 'Sam')
  const path = await createBoard(fac.page, 'Walk')
  await waitForSynced(fac.page)
  await fac.page.getByTestId('start-path').click()
  await cameraSettled(fac.page)
  await joinAsParticipant(sam, path)
  const proj = await projectorOf(browser, fac)

  // Participants have no controls for it.
  await expect(sam.page.getByTestId('facilitate-menu')).toHaveCount(0)
  await expect(sam.page.getByTestId('walk-start')).toHaveCount(0)

  const panel = await openFacilitate(fac.page)
  await panel.getByTestId('walk-start').click()
  await expect(fac.page.getByTestId('facilitate-panel')).toBeHidden()
  for (const p of [fac.page, sam.page, proj.page]) {
    await expect(p.getByTestId('step-prompt')).toContainText('Step 1 of 8')
    await expect(p.getByTestId('step-prompt')).toContainText('North Star')
    await expect(p.locator('svg[data-zone-id="dream"]')).toHaveAttribute('data-walk', 'now')
    await expect(p.locator('svg[data-zone-id="goal"]')).toHaveAttribute('data-walk', 'dim')
  }
  // Only the facilitator has step buttons.
  await expect(fac.page.getByTestId('step-next')).toBeVisible()
  await expect(sam.page.getByTestId('step-next')).toHaveCount(0)
  await expect(proj.page.getByTestId('step-next')).toHaveCount(0)

  // Everyone follows the facilitator, then the keyboard steps on: the camera goes to each step.
  const fpanel = await openFacilitate(fac.page)
  await fpanel.getByTestId('follow-me').click()
  await fac.page.keyboard.press('Escape')
  await expect(fac.page.getByTestId('facilitate-panel')).toBeHidden()
  await fac.page.locator('.tl-canvas').click({ position: { x: 20, y: 300 } })
  await fac.page.keyboard.press('PageDown')
  await expect(fac.page.getByTestId('step-prompt')).toContainText('Step 2 of 8')
  await fac.page.keyboard.press('Alt+n')
  for (const p of [fac.page, sam.page, proj.page]) {
    await expect(p.getByTestId('step-prompt')).toContainText('Step 3 of 8')
    await expect(p.locator('svg[data-zone-id="now"]')).toHaveAttribute('data-walk', 'now')
  }
  // The "Now" zone is in the middle of the facilitator's view, and of the follower's.
  await cameraSettled(fac.page)
  for (const p of [fac.page, sam.page]) {
    await expect
      .poll(async () => {
        const at = await zoneCentre(p, 'now')
        const box = (await p.locator('.tl-canvas').boundingBox())!
        return Math.abs(at.x - (box.x + box.width / 2)) < box.width * 0.2 && Math.abs(at.y - (box.y + box.height / 2)) < box.height * 0.25
      })
      .toBe(true)
  }
  await fac.page.keyboard.press('PageUp')
  await expect(sam.page.getByTestId('step-prompt')).toContainText('Step 2 of 8')
  await fac.page.getByTestId('step-next').click()
  await expect(sam.page.getByTestId('step-prompt')).toContainText('Step 3 of 8')

  // The plan panel marks the step.
  await openPlanPanel(sam.page)
  await expect(sam.page.getByTestId('plan-now')).toHaveCount(1)
  await expect(sam.page.locator('[data-testid="plan-group"][data-now]')).toHaveAttribute('data-heading', '3. Now')

  // A participant's PageDown does nothing.
  await sam.page.locator('.tl-canvas').click({ position: { x: 20, y: 300 } })
  await sam.page.keyboard.press('PageDown')
  await sam.page.waitForTimeout(500)
  expect((await facState(fac.page)).step.index).toBe(2)

  // Ending the walk clears it everywhere.
  await fac.page.getByTestId('step-end').click()
  for (const p of [fac.page, sam.page, proj.page]) {
    await expect(p.getByTestId('step-prompt')).toHaveCount(0)
    await expect(p.locator('svg[data-zone-id="now"]')).not.toHaveAttribute('data-walk', /./)
  }
  await expect(sam.page.getByTestId('plan-now')).toHaveCount(0)
  for (const p of [fac, sam, proj]) expect(p.outside).toEqual([])
})

test('dot voting: dots by pointer and keyboard, hidden until the reveal, counts for all, votes in the Markdown', async ({ browser }) => {
  test.setTimeout(150_000)
  const fac = await person(browser, 'Mo')
  const sam = await person(browser, 'Sam')
  const path = await createBoard(fac.page, 'Vote')
  await waitForSynced(fac.page)
  await fac.page.getByTestId('start-path').click()
  await cameraSettled(fac.page)
  await writeNote(fac.page, await zoneCentre(fac.page, 'firstStep', 0, -120), 'Call the café @Liz by Friday')
  await writeNote(fac.page, await zoneCentre(fac.page, 'firstStep', 0, 140), 'Visit the club @Sam by Monday')
  await joinAsParticipant(sam, path)
  const proj = await projectorOf(browser, fac)
  await expect.poll(async () => (await notesWith(sam.page, 'Call the café')).length).toBe(1)
  const [cafe] = await notesWith(sam.page, 'Call the café')
  const [club] = await notesWith(sam.page, 'Visit the club')

  const panel = await openFacilitate(fac.page)
  await panel.getByTestId('vote-start').click()
  const dialog = fac.page.getByTestId('vote-dialog')
  await expect(dialog).toBeVisible()
  await dialog.getByTestId('vote-title').fill('Which first step?')
  await dialog.getByTestId('vote-dots').fill('2')
  await dialog.getByTestId('vote-dialog-start').click()
  await expect(dialog).toBeHidden()

  // The participant places a dot with the pointer…
  await expect(sam.page.getByTestId('vote-chip')).toContainText('Which first step?')
  await expect(sam.page.getByTestId('dots-left')).toHaveText('2 of 2 dots left')
  await sam.page.getByTestId('vote-mode').click()
  let at = await shapeCentre(sam.page, cafe)
  await sam.page.mouse.click(at.x, at.y)
  await expect(sam.page.getByTestId('dots-left')).toHaveText('1 of 2 dots left')
  await expect(sam.page.locator(`[data-testid="my-dot"][data-shape-id="${cafe}"]`)).toHaveCount(1)
  // …takes it back and puts it again (a click on a dotted note takes the dot back)
  await sam.page.mouse.click(at.x, at.y)
  await expect(sam.page.getByTestId('dots-left')).toHaveText('2 of 2 dots left')
  await sam.page.mouse.click(at.x, at.y)
  await expect(sam.page.getByTestId('dots-left')).toHaveText('1 of 2 dots left')
  // …and one with the keyboard: select the note, press "."
  await sam.page.getByTestId('vote-mode').click()
  at = await shapeCentre(sam.page, club)
  await sam.page.mouse.click(at.x, at.y)
  await expect.poll(() => sam.page.evaluate(() => (window as any).__circleboard.editor.getSelectedShapeIds() as string[])).toEqual([club])
  await sam.page.keyboard.press('.')
  await expect(sam.page.getByTestId('dots-left')).toHaveText('0 of 2 dots left')
  await expect(sam.page.getByTestId('vote-announcement')).toHaveText('Dot placed. 0 of 2 dots left.')
  await expect(sam.page.getByTestId('my-dot')).toHaveCount(2)

  // Hidden until the reveal: nobody else sees dots or counts.
  await fac.page.waitForTimeout(800)
  for (const p of [fac.page, proj.page]) {
    await expect(p.getByTestId('vote-count')).toHaveCount(0)
    await expect(p.getByTestId('my-dot')).toHaveCount(0)
  }
  expect(await fac.page.evaluate(() => (window as any).__circleboard.session.facilitation.$tally.get())).toBeNull()

  const panel2 = await openFacilitate(fac.page)
  await expect(panel2.getByTestId('vote-status')).toContainText('1 voted')
  await panel2.getByTestId('vote-reveal').click()
  for (const p of [fac.page, sam.page, proj.page]) {
    await expect(p.locator(`[data-testid="vote-count"][data-shape-id="${cafe}"]`)).toHaveText('1')
    await expect(p.locator(`[data-testid="vote-count"][data-shape-id="${club}"]`)).toHaveText('1')
  }

  // The plan export carries the votes (the relay writes them on the notes).
  await expect
    .poll(() => fac.page.evaluate((id) => (window as any).__circleboard.editor.getShape(id)?.meta?.votes, cafe))
    .toBe(1)
  if (!(await fac.page.getByTestId('export-menu').isVisible())) await fac.page.getByTestId('bar-more').click()
  await fac.page.getByTestId('export-menu').click()
  const downloading = fac.page.waitForEvent('download')
  await fac.page.getByTestId('export-md').click()
  const md = await readFile((await (await downloading).path())!, 'utf8')
  expect(md).toContain('Call the café — **Liz** — by Friday')
  expect(md).toMatch(/Call the café — \*\*Liz\*\* — by Friday.* — 1 vote/)
  expect(md).toMatch(/Visit the club.* — 1 vote/)
  for (const p of [fac, sam, proj]) expect(p.outside).toEqual([])
})

test('private writing: notes stay on the writer’s device (not on the relay) until the reveal; offline at the reveal publishes on reconnect', async ({
  browser,
}) => {
  test.setTimeout(180_000)
  const fac = await person(browser, 'Mo')
  const sam = await person(browser, 'Sam')
  const lee = await person(browser, 'Lee')
  const path = await createBoard(fac.page, 'Private')
  const roomId = path.split('/').pop()!
  await waitForSynced(fac.page)
  await fac.page.getByTestId('start-path').click()
  await cameraSettled(fac.page)
  await joinAsParticipant(sam, path)
  const leeRelay = await relaySwitch(lee.context)
  await joinAsParticipant(lee, path)
  const proj = await projectorOf(browser, fac)

  await expect(sam.page.getByTestId('private-start')).toHaveCount(0)
  const panel = await openFacilitate(fac.page)
  await panel.getByTestId('private-start').click()
  await expect(sam.page.getByTestId('private-chip')).toBeVisible()
  await expect(proj.page.getByTestId('private-chip')).toHaveCount(0) // the projector shows the board only

  await writeNote(sam.page, await zoneCentre(sam.page, 'dream', 0, 120), 'Sam secret dream')
  await writeNote(lee.page, await zoneCentre(lee.page, 'dream', 0, -120), 'Lee secret dream')
  const [samNote] = await notesWith(sam.page, 'Sam secret dream')
  const [leeNote] = await notesWith(lee.page, 'Lee secret dream')
  expect(samNote && leeNote).toBeTruthy()
  await expect(sam.page.getByTestId('private-frame')).toHaveCount(1)
  await expect(sam.page.getByTestId('private-chip')).toContainText('1 written')

  // Not on anyone else's screen, and not on the relay.
  await sam.page.waitForTimeout(1500)
  for (const p of [fac.page, proj.page, lee.page]) expect(await notesWith(p, 'Sam secret dream')).toEqual([])
  const before = await relayRecords(roomId)
  expect(before.ids).not.toContain(samNote)
  expect(before.ids).not.toContain(leeNote)
  expect(before.text).not.toContain('secret dream')

  // A reload keeps it (this device only).
  await sam.page.reload()
  await waitForCanvas(sam.page)
  await expect.poll(async () => (await notesWith(sam.page, 'Sam secret dream')).length).toBe(1)
  await expect(sam.page.getByTestId('private-frame')).toHaveCount(1)

  // Lee's wifi drops; the facilitator reveals.
  await leeRelay.set(false)
  await expect.poll(() => live(lee.page)).toBe(false)
  const panel2 = await openFacilitate(fac.page)
  await panel2.getByTestId('private-reveal').click()
  for (const p of [fac.page, proj.page]) await expect.poll(async () => (await notesWith(p, 'Sam secret dream')).length).toBe(1)
  await expect(sam.page.getByTestId('private-frame')).toHaveCount(0)
  expect(await notesWith(fac.page, 'Lee secret dream')).toEqual([])
  await expect.poll(async () => (await relayRecords(roomId)).ids.includes(samNote)).toBe(true)

  // Lee comes back: the revealed round is published from Lee's device.
  await leeRelay.set(true)
  for (const p of [fac.page, proj.page, sam.page]) await expect.poll(async () => (await notesWith(p, 'Lee secret dream')).length, { timeout: 30_000 }).toBe(1)
  await expect(lee.page.getByTestId('private-frame')).toHaveCount(0)
  for (const p of [fac, sam, lee, proj]) expect(p.outside).toEqual([])
})

test('dot voting offline: dots placed with the wifi down are kept on the device and counted after reconnecting', async ({ browser }) => {
  test.setTimeout(150_000)
  const fac = await person(browser, 'Mo')
  const sam = await person(browser, 'Sam')
  const path = await createBoard(fac.page, 'Vote offline')
  await waitForSynced(fac.page)
  await fac.page.getByTestId('start-path').click()
  await cameraSettled(fac.page)
  await writeNote(fac.page, await zoneCentre(fac.page, 'firstStep', 0, -120), 'Call the café @Liz by Friday')
  const samRelay = await relaySwitch(sam.context)
  await joinAsParticipant(sam, path)
  await expect.poll(async () => (await notesWith(sam.page, 'Call the café')).length).toBe(1)
  const [cafe] = await notesWith(sam.page, 'Call the café')

  const panel = await openFacilitate(fac.page)
  await panel.getByTestId('vote-start').click()
  await fac.page.getByTestId('vote-dialog-start').click()
  await expect(sam.page.getByTestId('dots-left')).toHaveText('3 of 3 dots left')

  await samRelay.set(false)
  await expect.poll(() => live(sam.page)).toBe(false)
  await sam.page.getByTestId('vote-mode').click()
  const at = await shapeCentre(sam.page, cafe)
  await sam.page.mouse.click(at.x, at.y)
  await expect(sam.page.getByTestId('dots-left')).toHaveText('2 of 3 dots left')
  const voteId = (await facState(fac.page)).vote.id
  expect(await sam.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('circleboard.dots.')))).toHaveLength(1)
  await fac.page.waitForTimeout(500)
  expect(await fac.page.evaluate(() => (window as any).__circleboard.session.facilitation.$progress.get()?.voters ?? 0)).toBe(0)

  await samRelay.set(true)
  await expect.poll(() => live(sam.page), { timeout: 30_000 }).toBe(true)
  await expect.poll(() => fac.page.evaluate(() => (window as any).__circleboard.session.facilitation.$progress.get()?.voters ?? 0)).toBe(1)
  const panel2 = await openFacilitate(fac.page)
  await panel2.getByTestId('vote-reveal').click()
  await expect(fac.page.locator(`[data-testid="vote-count"][data-shape-id="${cafe}"]`)).toHaveText('1')
  expect((await facState(fac.page)).vote.id).toBe(voteId)
})
