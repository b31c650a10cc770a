/**
 * People: one list in the bar, one entry per person however many tabs they have, closed tabs gone
 * within seconds, follow anyone from it; names and colours readable by a screen reader.
 */
import { expect, test } from '@playwright/test'
import { baseURL, createBoard, person, waitForCanvas, waitForSynced } from './helpers'

test('one entry per person with two tabs; a closed tab leaves the list within 5 seconds', async ({ browser }) => {
  test.setTimeout(90_000)
  const a = await person(browser, 'Mo')
  const path = await createBoard(a.page, 'People')
  await waitForSynced(a.page)
  const a2 = await a.context.newPage()
  await a2.goto(path)
  await waitForSynced(a2)
  const b = await person(browser, 'Sam')
  await b.page.goto(path)
  await waitForSynced(b.page)

  // Sam sees Mo once, not once per tab; Mo sees Mo (you) once and Sam.
  await b.page.getByTestId('people-button').click()
  await expect(b.page.getByTestId('person')).toHaveCount(2)
  await expect(b.page.locator('[data-testid="person"][data-name="Mo"]')).toHaveCount(1)
  await a.page.getByTestId('people-button').click()
  await expect(a.page.getByTestId('person')).toHaveCount(2)
  await expect(a.page.locator('[data-testid="person"][data-name="Mo"]')).toContainText('Mo (you)')
  // tldraw's own people menu is not shown: there is one list.
  await expect(a.page.locator('.tlui-people-menu__avatars-button, .tlui-share-zone')).toHaveCount(0)

  // One of Mo's tabs closes: Mo is still there. Sam closes the board: Sam is gone within 5 s.
  await a2.close()
  await b.page.waitForTimeout(500)
  await expect(b.page.locator('[data-testid="person"][data-name="Mo"]')).toHaveCount(1)
  const closed = Date.now()
  await b.page.close()
  await expect(a.page.locator('[data-testid="person"][data-name="Sam"]')).toHaveCount(0, { timeout: 5000 })
  expect(Date.now() - closed).toBeLessThan(5000)
  await a.context.close()
  await b.context.close()
})

test('follow anyone from the people list', async ({ browser }) => {
  const a = await person(browser, 'Mo')
  const path = await createBoard(a.page, 'Follow me')
  await waitForSynced(a.page)
  const b = await person(browser, 'Sam')
  await b.page.goto(path)
  await waitForSynced(b.page)
  await a.page.mouse.move(500, 400)
  await a.page.mouse.move(520, 420, { steps: 3 })

  await b.page.getByTestId('people-button').click()
  await b.page.locator('[data-testid="person"][data-name="Mo"]').getByTestId('follow').click()
  await expect.poll(() => b.page.evaluate(() => (window as any).__circleboard.editor.getInstanceState().followingUserId)).toBe('e2e-Mo')
  // Mo moves the view; Sam's follows.
  await a.page.evaluate(() => void (window as any).__circleboard.editor.setCamera({ x: -3000, y: -2000, z: 0.5 }))
  await expect.poll(() => b.page.evaluate(() => (window as any).__circleboard.editor.getZoomLevel())).toBeCloseTo(0.5, 1)

  await b.page.getByTestId('people-button').click()
  await b.page.getByTestId('stop-following').click()
  await expect.poll(() => b.page.evaluate(() => (window as any).__circleboard.editor.getInstanceState().followingUserId)).toBe(null)
  await a.context.close()
  await b.context.close()
})

test('colours are announced by name, and "All boards" is a link', async ({ browser }) => {
  // A fresh browser: the name dialog comes first.
  const context = await browser.newContext()
  const page = await context.newPage()
  const a = await person(browser, 'Mo')
  const path = await createBoard(a.page, 'Names')
  await page.goto(`${baseURL()}${path}`)
  await expect(page.getByTestId('name-input')).toBeVisible()
  for (const name of ['Red', 'Orange', 'Yellow', 'Green', 'Teal', 'Blue', 'Purple', 'Pink', 'Grey']) {
    await expect(page.getByRole('radio', { name, exact: true })).toHaveCount(1)
  }
  await page.getByTestId('name-input').fill('Priya')
  await page.getByRole('radio', { name: 'Teal', exact: true }).check()
  await page.getByTestId('name-submit').click()
  await waitForCanvas(page)

  const back = page.getByRole('link', { name: /All boards/ })
  await expect(back).toHaveAttribute('href', '/')
  await back.click()
  await expect(page).toHaveURL(/\/$/)
  await context.close()
  await a.context.close()
})
