/**
 * The live activities at the four sizes facilitators use (desktop, laptop, tablet portrait, phone),
 * on the facilitator's screen, a participant's and the projector: a walk-through step, an open
 * vote with dots, a private note, then the revealed counts. The banner and chips stay inside the
 * screen. Screenshots go to test-results/activity-screens/ for a person to look at.
 */
import { join } from 'node:path'
import { expect, test, type Page, type TestInfo } from '@playwright/test'
import { createBoard, layoutSettled, person, waitForCanvas, waitForSynced } from './helpers'
import { cameraSettled, writeNote, zoneCentre } from './plan-helpers'
import { openFacilitate } from './facilitate-helpers'

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
  { width: 820, height: 1180 },
  { width: 390, height: 844 },
] as const

/** What the checks and the screenshots look at: wait until these have stopped moving after a resize. */
const CHIPS = ['step-prompt', 'vote-chip', 'private-chip', 'step-next', 'vote-count'].map((id) => `[data-testid="${id}"]`)

const shot = (info: TestInfo, name: string) => join(info.project.outputDir, 'activity-screens', name)

async function inside(page: Page, testId: string) {
  const el = page.getByTestId(testId)
  if ((await el.count()) === 0) return
  const box = (await el.first().boundingBox())!
  const vp = page.viewportSize()!
  expect(box.x, testId).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width, testId).toBeLessThanOrEqual(vp.width + 0.5)
  expect(box.y + box.height, testId).toBeLessThanOrEqual(vp.height)
}

test('activities at four sizes, three roles', async ({ browser }, info) => {
  test.setTimeout(240_000)
  const fac = await person(browser, 'Mo')
  const sam = await person(browser, 'Sam')
  const path = await createBoard(fac.page, "J's PATH")
  await waitForSynced(fac.page)
  await fac.page.getByTestId('start-path').click()
  await cameraSettled(fac.page)
  await writeNote(fac.page, await zoneCentre(fac.page, 'dream', 0, 150), 'A life with my own friends')
  await writeNote(fac.page, await zoneCentre(fac.page, 'firstStep', 0, -100), 'Call the café @Liz by Friday')
  await writeNote(fac.page, await zoneCentre(fac.page, 'firstStep', 0, 160), 'Visit the club @Sam by Monday')
  await sam.page.goto(path)
  await waitForCanvas(sam.page)
  await waitForSynced(sam.page)
  await fac.context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await fac.page.getByTestId('share').click()
  await fac.page.getByTestId('copy-view-link').click()
  await expect(fac.page.getByTestId('share-note')).toContainText('View link copied')
  const link = new URL(await fac.page.evaluate(() => navigator.clipboard.readText()))
  await fac.page.getByTestId('share').click()
  const proj = await person(browser, 'Projector')
  link.searchParams.set('present', '')
  await proj.page.goto(link.pathname + link.search)
  await waitForCanvas(proj.page)

  // Walk to step 3, start a vote, private writing on; Sam writes privately and places a dot.
  let panel = await openFacilitate(fac.page)
  await panel.getByTestId('walk-start').click()
  await fac.page.getByTestId('step-next').click()
  await fac.page.getByTestId('step-next').click()
  panel = await openFacilitate(fac.page)
  await panel.getByTestId('vote-start').click()
  await fac.page.getByTestId('vote-title').fill('Which first step?')
  await fac.page.getByTestId('vote-dialog-start').click()
  panel = await openFacilitate(fac.page)
  await panel.getByTestId('private-start').click()
  await expect(sam.page.getByTestId('private-chip')).toBeVisible()
  await writeNote(sam.page, await zoneCentre(sam.page, 'now', 0, 100), 'Anxious in the evenings')
  await sam.page.getByTestId('vote-mode').click()
  const cafe = await sam.page.evaluate(() => {
    const ed = (window as any).__circleboard.editor
    const s = ed.getCurrentPageShapes().find((x: any) => x.type === 'note' && JSON.stringify(x.props.richText).includes('café'))
    const b = ed.getShapePageBounds(s.id)
    const p = ed.pageToViewport({ x: b.x + b.w / 2, y: b.y + b.h / 2 })
    const c = ed.getViewportScreenBounds()
    return { x: c.x + p.x, y: c.y + p.y }
  })
  await sam.page.mouse.click(cafe.x, cafe.y)
  await expect(sam.page.getByTestId('my-dot')).toHaveCount(1)

  for (const size of SIZES) {
    for (const [role, p] of [['facilitator', fac.page], ['participant', sam.page], ['projector', proj.page]] as const) {
      await p.setViewportSize(size)
      await layoutSettled(p, CHIPS)
      await p.screenshot({ path: shot(info, `${size.width}-${role}-1-step-vote-private.png`) })
      for (const id of ['step-prompt', 'vote-chip', 'private-chip', 'step-next']) await inside(p, id)
    }
  }
  await fac.page.setViewportSize(SIZES[0])
  panel = await openFacilitate(fac.page)
  await fac.page.screenshot({ path: shot(info, `1440-facilitator-2-panel.png`) })
  await panel.getByTestId('vote-reveal').click()
  panel = await openFacilitate(fac.page)
  await panel.getByTestId('private-reveal').click()
  await expect(fac.page.getByTestId('vote-count')).toHaveCount(1)
  for (const size of SIZES) {
    for (const [role, p] of [['facilitator', fac.page], ['participant', sam.page], ['projector', proj.page]] as const) {
      await p.setViewportSize(size)
      await layoutSettled(p, CHIPS)
      await p.screenshot({ path: shot(info, `${size.width}-${role}-3-revealed.png`) })
    }
  }
  await fac.page.setViewportSize(SIZES[3])
  await openFacilitate(fac.page)
  await fac.page.screenshot({ path: shot(info, `390-facilitator-4-panel.png`), fullPage: true })
})
