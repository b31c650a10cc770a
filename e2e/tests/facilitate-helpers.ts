/** Shared steps of the facilitation e2e: the Facilitate panel, the view link, the relay's state. */
import { expect, type Page } from '@playwright/test'
import type { Person } from './helpers'

/** The facilitation state as this page's relay connection last received it. */
export const facState = (page: Page) => page.evaluate(() => (window as any).__circleboard?.session.facilitation.$state.get())

/** Opens the Facilitate panel (below 1200 px a facilitator's tools sit under "Tools ▾"). */
export async function openFacilitate(page: Page) {
  const panel = page.getByTestId('facilitate-panel')
  if (await panel.isVisible()) return panel
  if (!(await page.getByTestId('facilitate-menu').isVisible())) await page.getByTestId('bar-more').click()
  await page.getByTestId('facilitate-menu').click()
  await expect(panel).toBeVisible()
  return panel
}

/** The view-only link, read from the facilitator's Share menu through the clipboard. */
export async function viewLink(fac: Person): Promise<string> {
  await fac.context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await fac.page.getByTestId('share').click()
  await fac.page.getByTestId('copy-view-link').click()
  await expect(fac.page.getByTestId('share-note')).toContainText('View link copied')
  const link = await fac.page.evaluate(() => navigator.clipboard.readText())
  await fac.page.getByTestId('share').click()
  return link
}
