/** Shared steps of the versions e2e: the History panel, the board's shapes as the editor holds them. */
import { expect, type Page } from '@playwright/test'
import { cameraSettled } from './plan-helpers'

/** Opens the History panel (on narrower bars the board tools sit under "Tools ▾"). */
export async function openHistory(page: Page) {
  const panel = page.getByTestId('history-panel')
  if (await panel.isVisible()) return panel
  if (!(await page.getByTestId('history-toggle').isVisible())) await page.getByTestId('bar-more').click()
  await page.getByTestId('history-toggle').click()
  await expect(panel).toBeVisible()
  // The board is fitted into the canvas the panel leaves: clicks on it wait until it stands still.
  await cameraSettled(page)
  return panel
}

/** A version in the History panel, by the title a person reads. */
export const versionItem = (page: Page, title: string) => page.locator(`[data-testid="version-item"][data-title="${title}"]`)

/** Ids of the board's shapes of a type (geo by default), sorted: what this page's editor holds. */
export const boardShapeIds = (page: Page, type = 'geo') =>
  page.evaluate(
    (type) =>
      ((window as any).__circleboard.editor.getCurrentPageShapes() as any[])
        .filter((s) => s.type === type)
        .map((s) => s.id as string)
        .sort(),
    type,
  )
