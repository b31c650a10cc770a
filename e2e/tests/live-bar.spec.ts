/**
 * A steady screen in a live session: the board bar is one row at every width, the canvas never
 * moves while people edit, join or leave, and every menu, popover and sheet stays on screen.
 */
import { expect, test, type Page } from '@playwright/test'
import { awarenessClients, controlsOutsideViewport, createBoard, drawRectangle, person, shapes, waitForSynced, watchCanvasBox } from './helpers'
import { cameraSettled, writeNote, zoneCentre } from './plan-helpers'

const BAR_ROW = 56

for (const size of [
  { width: 1440, height: 900 },
  { width: 820, height: 1180 },
]) {
  test(`at ${size.width}×${size.height} the canvas does not move while people edit, join and leave`, async ({ browser }) => {
    test.setTimeout(90_000)
    const a = await person(browser, 'Mo')
    await a.page.setViewportSize(size)
    const path = await createBoard(a.page, 'J’s PATH — 12 January, a long name for a board')
    await waitForSynced(a.page)
    const canvas = await watchCanvasBox(a.page)

    // Edits: each one makes "changes not yet on the relay" true for a moment.
    await drawRectangle(a.page, 300, 300)
    await drawRectangle(a.page, 500, 400)
    await expect(shapes(a.page)).toHaveCount(2)
    await expect(a.page.getByTestId('pending-changes')).toHaveCount(0)

    // A second person in a browser, then six more (raw Yjs clients) join, then all leave.
    const b = await person(browser, 'Sam')
    await b.page.goto(path)
    await expect(a.page.getByTestId('people')).toContainText('Sam')
    const six = await awarenessClients(path, ['Ravi', 'Priya', 'Liz', 'Dad', 'Jo', 'Kim'])
    await expect(a.page.getByTestId('people')).toContainText('Kim')
    // Soft, so that the canvas check below still runs and reports on a bar without an avatar group.
    await expect.soft(a.page.getByTestId('people-more')).toHaveText('+6', { timeout: 5000 })
    await drawRectangle(a.page, 400, 600)
    await expect(shapes(b.page)).toHaveCount(3)
    await six.close()
    await b.context.close()
    await expect(a.page.getByTestId('people')).not.toContainText('Kim')
    await expect(a.page.getByTestId('people')).not.toContainText('Sam')

    const boxes = await canvas.read()
    expect(boxes, 'the canvas box changed').toHaveLength(1)
    const bar = await a.page.locator('.board-bar').boundingBox()
    expect(bar!.height).toBeLessThanOrEqual(BAR_ROW)
    await a.context.close()
  })
}

/** Opens a board with a PATH template, a few notes and a second person in it. */
async function pathBoard(page: Page) {
  const path = await createBoard(page, 'J’s PATH — 12 January')
  await waitForSynced(page)
  await page.getByTestId('start-path').click()
  await expect(page.locator('.tl-shape[data-shape-type="cb-zone"]')).not.toHaveCount(0)
  await cameraSettled(page)
  await writeNote(page, await zoneCentre(page, 'dream'), 'A life with my own friends')
  await writeNote(page, await zoneCentre(page, 'now'), 'Lives with Dad')
  return path
}

async function expectOnScreen(page: Page, selector: string, what: string) {
  await expect(page.locator(selector).first(), `${what} is open`).toBeVisible()
  expect(await controlsOutsideViewport(page, selector), `${what}: controls outside the viewport`).toEqual([])
}

for (const size of [
  { width: 820, height: 1180 },
  { width: 390, height: 844 },
]) {
  test(`at ${size.width}×${size.height} the bar is one row and every menu, popover and sheet is on screen`, async ({ browser }) => {
    test.setTimeout(120_000)
    const a = await person(browser, 'Mo')
    const path = await pathBoard(a.page)
    const b = await person(browser, 'Sam')
    await b.page.goto(path)
    await expect(a.page.getByTestId('people')).toContainText('Sam')
    await a.page.setViewportSize(size)
    const page = a.page

    const bar = (await page.locator('.board-bar').boundingBox())!
    expect(bar.height).toBeLessThanOrEqual(BAR_ROW)
    expect(await controlsOutsideViewport(page, '.board-bar'), 'bar controls outside the viewport').toEqual([])

    // Board tools: straight in the bar, or in the sheet behind the tools button on narrow screens.
    const openTools = async () => {
      if (await page.getByTestId('bar-more').isVisible()) {
        if ((await page.getByTestId('bar-more').getAttribute('aria-expanded')) !== 'true') await page.getByTestId('bar-more').click()
        await expectOnScreen(page, '.bar-tools', 'the tools sheet')
      }
    }
    const closeAll = async () => {
      await page.keyboard.press('Escape')
      await page.mouse.click(size.width / 2, size.height - 200)
    }

    await page.getByTestId('sync-status').getByRole('button').click()
    await expectOnScreen(page, '[data-testid="status-details"]', 'the sync details')
    await closeAll()

    await page.getByTestId('people-button').click()
    await expectOnScreen(page, '.people-popover', 'the people list')
    await closeAll()

    await page.getByTestId('share').click()
    await expectOnScreen(page, '[role="dialog"][aria-label="Share this board"]', 'the share menu')
    await closeAll()

    for (const menu of ['export-menu', 'file-menu']) {
      await openTools()
      await page.getByTestId(menu).click()
      await expectOnScreen(page, '[role="menu"]', menu)
      await closeAll()
    }

    await openTools()
    await page.getByTestId('device-menu').click()
    await expectOnScreen(page, '[role="dialog"][aria-label="What this device keeps"]', 'this device')
    await closeAll()

    await openTools()
    await page.getByTestId('templates-button').click()
    await expectOnScreen(page, '[data-testid="template-picker"]', 'the template picker')
    await page.getByRole('button', { name: 'Cancel' }).click()

    await openTools()
    await page.getByTestId('plan-toggle').click()
    await expectOnScreen(page, '[data-testid="plan-panel"]', 'the plan panel')
    // On a narrow screen the plan is a sheet over the canvas, and the canvas keeps its size.
    const canvas = (await page.locator('.board-canvas').boundingBox())!
    expect(canvas.width).toBeGreaterThanOrEqual(size.width - 1)

    await a.context.close()
    await b.context.close()
  })
}

test('tldraw’s style panel stays out of the way until a shape is selected', async ({ browser }) => {
  const a = await person(browser, 'Mo')
  await a.page.setViewportSize({ width: 1440, height: 900 })
  await createBoard(a.page, 'Style panel')
  await drawRectangle(a.page, 500, 400)
  await expect(shapes(a.page)).toHaveCount(1)
  await a.page.keyboard.press('Escape')
  await a.page.evaluate(() => void (window as any).__circleboard.editor.selectNone())
  await expect(a.page.locator('.tlui-style-panel')).toHaveCount(0)
  await a.page.mouse.click(560, 440)
  await expect(a.page.locator('.tlui-style-panel')).toBeVisible()
  // Its colour swatches are announced by name.
  await expect(a.page.getByTestId('style.color.red')).toHaveAttribute('aria-label', /Red/)
  await a.context.close()
})
