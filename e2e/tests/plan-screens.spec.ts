/**
 * The plan panel and the export dialog at the four widths the facilitators use (desktop, laptop,
 * tablet portrait, phone): everything inside the screen, nothing scrolling sideways, the buttons big
 * enough to hit, a note added from the panel at each size. Screenshots go to
 * test-results/plan-screens/ for a person to look at.
 */
import { join } from 'node:path'
import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test'
import { createBoard, layoutSettled, openPlanPanel, person, waitForSynced } from './helpers'
import { cameraSettled, caretReady, planGroup } from './plan-helpers'

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
  { width: 820, height: 1180 },
  { width: 390, height: 844 },
] as const

async function insideViewport(page: Page, el: Locator) {
  const box = (await el.boundingBox())!
  const vp = page.viewportSize()!
  expect(box.x).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width).toBeLessThanOrEqual(vp.width + 0.5)
  expect(box.y).toBeGreaterThanOrEqual(0)
  // Nothing in it scrolls sideways.
  expect(await el.evaluate((n) => n.scrollWidth - n.clientWidth)).toBeLessThanOrEqual(1)
}

const shot = (info: TestInfo, name: string) => join(info.project.outputDir, 'plan-screens', name)

async function addNote(page: Page, group: string, text: string) {
  await planGroup(page, group).getByTestId('plan-add').focus()
  await page.keyboard.press('Enter')
  await expect(page.locator('.tl-shape[data-shape-type="note"] [contenteditable="true"]')).toBeFocused()
  await caretReady(page)
  await page.keyboard.type(text)
  await page.keyboard.press('Escape')
  await expect(planGroup(page, group)).toContainText(text.replace(/ @.*/, ''))
}

/** A note added from the panel at each size (the first size gets the three above). */
const MORE: Record<number, [string, string]> = {
  1024: ['3. Now', 'Goes to the gym on Tuesdays'],
  820: ['8. First step', 'Ask Dad about the bus pass @Dad by Monday'],
  390: ['7. Next month', 'Try the choir with J @J by 20 January'],
}

// One board seen at the four sizes in turn (the window resized, as a tablet turned or a browser
// window dragged): a fresh context, board and template per size cost more than the checks.
test('plan panel and export dialog at 1440×900, 1024×768, 820×1180 and 390×844', async ({ browser }, info) => {
  test.setTimeout(180_000)
  const a = await person(browser, 'Mo')
  await a.page.setViewportSize(SIZES[0])
  await createBoard(a.page, "J's PATH — 12 January")
  await waitForSynced(a.page)
  await a.page.getByTestId('start-path').click()
  await cameraSettled(a.page)
  const panel = a.page.getByTestId('plan-panel')
  await openPlanPanel(a.page)

  await a.page.getByTestId('session-date').fill('2027-01-12')
  await a.page.getByTestId('review-date').fill('2027-04-12')
  await a.page.getByTestId('participants').fill('J, Mo, Sam, Liz, Ravi')
  await a.page.getByTestId('participants').press('Enter')
  await addNote(a.page, '3. Now', 'At home all week')
  await addNote(a.page, '8. First step', 'Call the café owner @Liz by Friday')
  await addNote(a.page, '7. Next month', 'Visit the music shop with J @Mo by 31 January (doing)')

  for (const size of SIZES) {
    await test.step(`at ${size.width}×${size.height}`, async () => {
      await a.page.setViewportSize(size)
      await layoutSettled(a.page, ['[data-testid="plan-panel"]'])
      const more = MORE[size.width]
      if (more) await addNote(a.page, ...more)

      await expect(panel).toBeVisible()
      await insideViewport(a.page, panel)
      for (const b of [planGroup(a.page, '8. First step').getByTestId('action-status').first(), planGroup(a.page, '3. Now').getByTestId('plan-add')]) {
        await b.scrollIntoViewIfNeeded()
        await expect(b).toBeVisible()
        expect((await b.boundingBox())!.height).toBeGreaterThanOrEqual(24)
      }
      await panel.evaluate((n) => (n.scrollTop = 0))
      await a.page.screenshot({ path: shot(info, `panel-${size.width}.png`) })
      await planGroup(a.page, '8. First step').scrollIntoViewIfNeeded()
      await a.page.screenshot({ path: shot(info, `panel-actions-${size.width}.png`) })

      // By keyboard: at narrow widths the board bar's menus may sit partly off-screen (the bar's own issue).
      // below 900 px Export sits under "Tools ▾"
      if (!(await a.page.getByTestId('export-menu').isVisible())) await a.page.getByTestId('bar-more').click()
      await a.page.getByTestId('export-menu').focus()
      await a.page.keyboard.press('Enter')
      await a.page.screenshot({ path: shot(info, `export-menu-${size.width}.png`) })
      await expect(a.page.getByTestId('export-md')).toBeFocused()
      for (let i = 0; i < 4; i++) await a.page.keyboard.press('ArrowDown')
      await expect(a.page.getByTestId('export-choose')).toBeFocused()
      await a.page.keyboard.press('Enter')
      const dialog = a.page.getByTestId('export-dialog')
      await expect(dialog).toBeVisible()
      await insideViewport(a.page, dialog)
      await expect(dialog.getByTestId('export-dialog-md')).toBeInViewport()
      // Nothing (the plan panel, the bar) lies over the dialog.
      await dialog.getByTestId('export-dialog-md').click({ trial: true, timeout: 5000 })
      await dialog.getByTestId('export-section').first().click({ trial: true, timeout: 5000 })
      await a.page.screenshot({ path: shot(info, `export-${size.width}.png`) })
      await dialog.getByRole('button', { name: 'Close' }).click()
      await expect(dialog).toBeHidden()
    })
  }
  await a.context.close()
})
