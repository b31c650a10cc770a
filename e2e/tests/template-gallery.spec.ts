/** The template gallery: grouped, each with a picture, searchable; choosing by search inserts. */
import { expect, test } from '@playwright/test'
import { createBoard, openPlanPanel, person, waitForSynced } from './helpers'

test('the gallery groups templates with pictures, and a search finds one to add', async ({ browser }) => {
  const a = await person(browser, 'Alice')
  await createBoard(a.page, 'Gallery')
  await waitForSynced(a.page)
  await a.page.getByTestId('templates-button').click()
  const picker = a.page.getByTestId('template-picker')
  await expect(picker).toBeVisible()
  for (const group of ['Planning with a person', 'Strengths and connections', 'Community and services']) {
    await expect(picker.locator('legend', { hasText: group })).toBeVisible()
  }
  // Every template has its picture, drawn from its zones.
  const cards = picker.locator('label.template-choice')
  const count = await cards.count()
  expect(count).toBeGreaterThanOrEqual(4)
  await expect(picker.locator('label.template-choice svg.template-thumb')).toHaveCount(count)
  expect(await picker.locator('[data-testid="template-path"] svg.template-thumb > *').count()).toBeGreaterThan(5)

  await a.page.getByTestId('template-search').fill('SILO')
  await expect(cards).toHaveCount(1)
  await expect(a.page.getByTestId('template-silos').locator('input')).toBeChecked()
  await expect(a.page.getByTestId('insert-template')).toHaveText('Add Silos')
  await a.page.getByTestId('template-search').fill('nothing like this')
  await expect(picker).toContainText('No template matches')
  await expect(a.page.getByTestId('insert-template')).toBeDisabled()
  await a.page.getByTestId('template-search').fill('silo')
  await a.page.getByTestId('insert-template').click()
  await openPlanPanel(a.page)
  await expect(a.page.getByTestId('plan-section').locator('h3')).toHaveText('Silos')
})
