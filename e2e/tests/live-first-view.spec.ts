/**
 * The right first view: a joiner, a projector and a freshly inserted template see the whole board
 * in the part of the canvas nobody's toolbar covers; a reload returns to where that person was;
 * the template offer on an empty board never takes a stroke meant for the canvas.
 */
import { expect, test, type Page } from '@playwright/test'
import { baseURL, contentOnScreen, createBoard, layoutSettled, person, waitForCanvas, waitForSynced } from './helpers'
import { cameraSettled, writeNote, zoneCentre } from './plan-helpers'
import { openHistory } from './versions-helpers'

/** The whole board content is on screen, inside the canvas and clear of tldraw's toolbars. */
async function expectWholeBoardVisible(page: Page) {
  await cameraSettled(page)
  const s = (await contentOnScreen(page))!
  expect(s, 'there is content').not.toBeNull()
  const { content, canvas } = s
  const inside = content.left >= canvas.left - 1 && content.top >= canvas.top - 1 && content.right <= canvas.right + 1 && content.bottom <= canvas.bottom + 1
  expect(inside, `content ${JSON.stringify(content)} inside canvas ${JSON.stringify(canvas)}`).toBe(true)
  for (const o of s.obstacles) {
    const overlaps = o.left < content.right && content.left < o.right && o.top < content.bottom && content.top < o.bottom
    expect(overlaps, `content ${JSON.stringify(content)} under a toolbar ${JSON.stringify(o)}`).toBe(false)
  }
}

async function pathWithNotes(page: Page) {
  const path = await createBoard(page, 'J’s PATH')
  await waitForSynced(page)
  await page.getByTestId('start-path').click()
  await expect(page.locator('.tl-shape[data-shape-type="cb-zone"]')).not.toHaveCount(0)
  await cameraSettled(page)
  await writeNote(page, await zoneCentre(page, 'now'), 'Lives with Dad')
  await writeNote(page, await zoneCentre(page, 'goal'), 'Works two days a week')
  return path
}

test('a template goes in without the plan panel covering it, and shows whole', async ({ browser }) => {
  const a = await person(browser, 'Mo')
  await a.page.setViewportSize({ width: 1440, height: 900 })
  await createBoard(a.page, 'Insert')
  await a.page.getByTestId('start-path').click()
  await expect(a.page.locator('.tl-shape[data-shape-type="cb-zone"]')).not.toHaveCount(0)
  await expect(a.page.getByTestId('plan-panel')).toHaveCount(0)
  await expectWholeBoardVisible(a.page)
  // Opening the plan beside it keeps the whole board in view (it used to hide the Dream and Goal).
  await a.page.getByTestId('plan-toggle').click()
  await expect(a.page.getByTestId('plan-panel')).toBeVisible()
  await expectWholeBoardVisible(a.page)
  await a.context.close()
})

test('on a phone the plan sheet opens over the canvas and the board moves into the space above it', async ({ browser }) => {
  const a = await person(browser, 'Mo')
  await a.page.setViewportSize({ width: 390, height: 844 })
  await createBoard(a.page, 'Phone')
  await a.page.getByTestId('start-path').click()
  await expect(a.page.locator('.tl-shape[data-shape-type="cb-zone"]')).not.toHaveCount(0)
  await expectWholeBoardVisible(a.page)
  await a.page.getByTestId('bar-more').click()
  await a.page.getByTestId('plan-toggle').click()
  await expect(a.page.getByTestId('plan-panel')).toBeVisible()
  await expectWholeBoardVisible(a.page)
  await a.context.close()
})

// The History panel takes room from the board as the plan panel does (a sheet over the canvas below
// 1000 px): it keeps the template in view too, instead of leaving it half behind the panel.
test('at 820×1180 opening History keeps the whole template in view', async ({ browser }) => {
  const a = await person(browser, 'Mo')
  await a.page.setViewportSize({ width: 820, height: 1180 })
  await createBoard(a.page, 'J’s PATH')
  await waitForSynced(a.page)
  await a.page.getByTestId('start-path').click()
  await expect(a.page.locator('.tl-shape[data-shape-type="cb-zone"]')).not.toHaveCount(0)
  await expectWholeBoardVisible(a.page)
  await openHistory(a.page)
  await expectWholeBoardVisible(a.page)
  // HISTORY_SHOTS=dir: the panel at the four widths, for a person to look at (not in CI).
  const dir = process.env.HISTORY_SHOTS
  if (dir) {
    await a.page.getByRole('button', { name: 'Save a version' }).click()
    await expect(a.page.getByTestId('version-item')).toHaveCount(1)
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
      { width: 820, height: 1180 },
      { width: 390, height: 844 },
    ]) {
      await a.page.getByRole('button', { name: 'Close the history panel' }).click()
      await a.page.setViewportSize(size)
      await layoutSettled(a.page)
      await a.page.evaluate(() => (window as any).__circleboard.editor.zoomToFit({ animation: { duration: 0 } }))
      await openHistory(a.page)
      await expectWholeBoardVisible(a.page)
      await a.page.screenshot({ path: `${dir}/left-history-${size.width}x${size.height}.png` })
    }
  }
  await a.context.close()
})

for (const size of [
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
]) {
  test(`at ${size.width}×${size.height} a joiner by link first sees the whole board, and a reload keeps their view`, async ({ browser }) => {
    test.setTimeout(90_000)
    const a = await person(browser, 'Mo')
    const path = await pathWithNotes(a.page)
    // Mo looks somewhere else: what Sam sees must not depend on it.
    await a.page.evaluate(() => void (window as any).__circleboard.editor.setCamera({ x: 5000, y: 5000, z: 2 }))

    const b = await person(browser, 'Sam')
    await b.page.setViewportSize(size)
    await b.page.goto(path)
    await waitForCanvas(b.page)
    await expect(b.page.locator('.tl-shape[data-shape-type="note"]')).toHaveCount(2)
    await expectWholeBoardVisible(b.page)

    // Sam zooms into one corner; a reload brings Sam back there, not to the fitted view.
    const cam = { x: -123, y: -456, z: 0.75 }
    await b.page.evaluate((c) => void (window as any).__circleboard.editor.setCamera(c), cam)
    await b.page.waitForTimeout(800)
    await b.page.reload()
    await waitForCanvas(b.page)
    await expect(b.page.locator('.tl-shape[data-shape-type="note"]')).toHaveCount(2)
    await cameraSettled(b.page)
    const after = await b.page.evaluate(() => (window as any).__circleboard.editor.getCamera())
    expect(after.x).toBeCloseTo(cam.x)
    expect(after.y).toBeCloseTo(cam.y)
    expect(after.z).toBeCloseTo(cam.z)
    await a.context.close()
    await b.context.close()
  })
}

test('a projector opens the view-only link without being asked for a name, and sees the whole board', async ({ browser }) => {
  test.setTimeout(90_000)
  const a = await person(browser, 'Mo')
  await pathWithNotes(a.page)
  await a.context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await a.page.getByTestId('share').click()
  await a.page.getByTestId('copy-view-link').click()
  await expect.poll(() => a.page.evaluate(() => navigator.clipboard.readText())).toMatch(new RegExp(`^${baseURL()}/v/`))
  const link = await a.page.evaluate(() => navigator.clipboard.readText())

  // A fresh browser, no name chosen on it ever.
  const projector = await browser.newContext({ baseURL: baseURL(), viewport: { width: 1440, height: 900 } })
  const p = await projector.newPage()
  await p.goto(link)
  await waitForCanvas(p)
  await expect(p.getByTestId('name-input')).toHaveCount(0)
  await expect(p.locator('.tl-shape[data-shape-type="note"]')).toHaveCount(2)
  await expectWholeBoardVisible(p)
  // And the facilitator sees it as a watcher.
  await expect(a.page.getByTestId('people')).toContainText('(watching)')
  await a.context.close()
  await projector.close()
})

test('a projector that opened an empty board fits the template when it goes in', async ({ browser }) => {
  test.setTimeout(90_000)
  const a = await person(browser, 'Mo')
  const path = await createBoard(a.page, 'Not yet')
  await waitForSynced(a.page)
  const b = await person(browser, 'Sam')
  await b.page.setViewportSize({ width: 1280, height: 800 })
  await b.page.goto(path)
  await waitForSynced(b.page)
  await a.page.getByTestId('start-path').click()
  await expect(b.page.locator('.tl-shape[data-shape-type="cb-zone"]')).not.toHaveCount(0)
  await expectWholeBoardVisible(b.page)
  await a.context.close()
  await b.context.close()
})

test('the first stroke on a new board lands where it is drawn, even over the template offer', async ({ browser }) => {
  const a = await person(browser, 'Mo')
  await a.page.setViewportSize({ width: 1280, height: 800 })
  await createBoard(a.page, 'Blank')
  const card = a.page.getByTestId('empty-board-card')
  await expect(card).toBeVisible()
  const box = (await card.boundingBox())!
  const heading = (await card.getByRole('heading').boundingBox())!

  // A drag that starts on the card's heading reaches the canvas: the select tool draws a brush.
  await a.page.mouse.move(heading.x + 10, heading.y + heading.height / 2)
  await a.page.mouse.down()
  await a.page.mouse.move(heading.x + 200, heading.y + 120, { steps: 5 })
  expect(await a.page.evaluate(() => (window as any).__circleboard.editor.getPath())).toContain('brushing')
  await a.page.mouse.up()

  // The pen, from the toolbar, then a stroke straight across the middle of the card.
  await a.page.getByTestId('tools.draw').click()
  const y = box.y + box.height / 2
  await a.page.mouse.move(box.x + 40, y)
  await a.page.mouse.down()
  for (let i = 1; i <= 10; i++) await a.page.mouse.move(box.x + 40 + i * 30, y + (i % 2) * 20)
  await a.page.mouse.up()
  const strokes = a.page.locator('.tl-shape[data-shape-type="draw"]')
  await expect(strokes).toHaveCount(1)
  const stroke = (await strokes.first().boundingBox())!
  expect(Math.abs(stroke.x - (box.x + 40))).toBeLessThan(12)
  await expect(card).toHaveCount(0)
  await a.context.close()
})
