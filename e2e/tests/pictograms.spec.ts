/**
 * The graphic-recording kit: a recorder finds a pictogram by what people call it, puts it on the
 * board, colours it, labels it; the label shows in the plan, a second person sees the same
 * pictogram, and the SVG export draws it.
 */
import { expect, test, type Page } from '@playwright/test'
import { readFile } from 'node:fs/promises'
import { createBoard, openPlanPanel, person, shapes, waitForCanvas, waitForSynced } from './helpers'
import { cameraSettled } from './plan-helpers'

const iconProps = (page: Page) =>
  page.evaluate(() => {
    const ed = (window as any).__circleboard.editor
    return ed
      .getCurrentPageShapes()
      .filter((s: any) => s.type === 'cb-icon')
      .map((s: any) => ({ id: s.id, ...s.props }))
  })

async function openKit(page: Page) {
  const button = page.getByTestId('tools.cb-pictograms')
  // On a phone tldraw folds tools into its overflow menu.
  if (!(await button.isVisible())) await page.getByTestId('tools.more-button').click()
  await page.getByTestId('tools.cb-pictograms').click()
  await expect(page.getByTestId('pictogram-panel')).toBeVisible()
}

test('put a pictogram on the board, colour it, label it, see it in the plan and in the SVG', async ({ browser }) => {
  const a = await person(browser, 'Rosa')
  const path = await createBoard(a.page, 'Kit')
  await waitForSynced(a.page)
  await a.page.getByTestId('start-path').click()
  await cameraSettled(a.page)

  const b = await person(browser, 'Sam')
  await b.page.goto(path)
  await waitForCanvas(b.page)

  await openKit(a.page)
  // "home" finds the house; Enter puts the best match on the board.
  await a.page.getByTestId('pictogram-search').fill('home')
  await expect(a.page.getByTestId('pictogram-panel').locator('button.kit-item').first()).toHaveAttribute('data-testid', 'pictogram-house')
  await a.page.getByTestId('pictogram-search').press('Enter')
  await expect(shapes(a.page, 'cb-icon')).toHaveCount(1)
  // By keyboard too: down into the grid, Enter.
  await a.page.getByTestId('pictogram-search').fill('bus')
  await a.page.getByTestId('pictogram-search').press('ArrowDown')
  await expect(a.page.getByTestId('pictogram-bus')).toBeFocused()
  await a.page.keyboard.press('Enter')
  await expect(shapes(a.page, 'cb-icon')).toHaveCount(2)
  await a.page.keyboard.press('Escape')
  await expect(a.page.getByTestId('pictogram-panel')).toBeHidden()

  // The bus is selected: colour it red from tldraw's style panel.
  await a.page.getByTestId('style.color.red').click()
  await expect.poll(async () => (await iconProps(a.page)).find((p: any) => p.icon === 'bus')?.color).toBe('red')

  // Move the bus into "Now" and label it: a labelled pictogram is a plan item.
  const bus = (await iconProps(a.page)).find((p: any) => p.icon === 'bus')
  await a.page.evaluate((id) => {
    const ed = (window as any).__circleboard.editor
    const now = ed.getCurrentPageShapes().find((s: any) => s.type === 'cb-zone' && s.props.zoneId === 'now')
    const b = ed.getShapePageBounds(now.id)
    ed.updateShape({ id, type: 'cb-icon', x: b.center.x - 60, y: b.center.y - 60 })
    ed.select(id)
  }, bus.id)
  await a.page.keyboard.press('Enter')
  const label = a.page.getByLabel('Label for the bus pictogram')
  await expect(label).toBeFocused()
  await label.fill('The bus driver')
  await label.press('Enter')
  await openPlanPanel(a.page)
  await expect(a.page.getByTestId('plan-panel')).toContainText('The bus driver')

  // The other person sees both pictograms, the bus red and labelled.
  await expect(shapes(b.page, 'cb-icon')).toHaveCount(2)
  await expect.poll(async () => (await iconProps(b.page)).find((p: any) => p.icon === 'bus')?.text).toBe('The bus driver')
  await expect(b.page.locator('.tl-shape[data-shape-type="cb-icon"]').filter({ hasText: 'The bus driver' })).toBeVisible()

  // The SVG export draws the pictograms (their strokes and the label).
  await a.page.getByTestId('export-menu').click()
  const downloading = a.page.waitForEvent('download')
  await a.page.getByTestId('export-svg').click()
  const svg = (await readFile((await (await downloading).path())!)).toString('utf8')
  expect(svg).toContain('The bus driver')
  // Tabler's bus and house outlines (their first strokes).
  expect(svg).toContain('M4 17h-2v-11a1 1 0 0 1 1 -1h14a5 7 0 0 1 5 7v5h-2m-4 0h-8')
  expect(svg).toContain('M5 12l-2 0l9 -9l9 9l-2 0')

  // The easy-read plan: the labelled pictogram is a sentence under "My life now".
  await a.page.getByTestId('export-menu').click()
  const easy = a.page.waitForEvent('download')
  await a.page.getByTestId('export-easyread-md').click()
  const md = (await readFile((await (await easy).path())!)).toString('utf8')
  expect(md).toContain('# My plan: Kit')
  expect(md).toMatch(/### 🙂 My life now\n\n- The bus driver\./)
  expect(a.outside).toEqual([])
})
