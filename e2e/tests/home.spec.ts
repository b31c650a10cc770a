import { expect, test } from '@playwright/test'
import { createBoard, person } from './helpers'

test('home lists boards on this device, renames them, and explains a wrong link', async ({ browser }) => {
  const a = await person(browser, 'Alice')
  const path = await createBoard(a.page, 'First board')
  await a.page.goto('/')
  const list = a.page.getByTestId('recent-boards')
  await expect(list).toContainText('First board')

  await list.getByRole('button', { name: 'Rename' }).first().click()
  await a.page.getByRole('textbox', { name: /New name for/ }).fill('Renamed board')
  await a.page.getByRole('button', { name: 'Save' }).click()
  await expect(list).toContainText('Renamed board')
  await a.page.goto(path)
  await expect(a.page.getByTestId('board-name')).toHaveText('Renamed board')

  await a.page.goto('/')
  await a.page.getByTestId('open-link-input').fill('https://example.org/not-a-board')
  await a.page.getByRole('button', { name: 'Open' }).click()
  await expect(a.page.getByRole('alert')).toContainText('does not look like a Circleboard link')
  await a.page.getByTestId('open-link-input').fill(`http://elsewhere.example${path}`)
  await a.page.getByRole('button', { name: 'Open' }).click()
  await expect(a.page).toHaveURL(new RegExp(`${path}$`))

  await a.page.goto('/b/..%2F..%2Fetc')
  await expect(a.page.getByRole('alert')).toContainText('is not a board link')
  expect(a.outside).toEqual([])
  await a.context.close()
})

test('a first-time visitor is asked for a name, once', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: process.env.CB_BASE_URL })
  const page = await context.newPage()
  await page.goto('/')
  await page.getByTestId('create-board').click()
  await page.getByTestId('name-input').fill('Priya')
  await page.getByTestId('name-submit').click()
  await expect(page.getByTestId('people')).toContainText('Priya (you)')
  await page.reload()
  await expect(page.getByTestId('people')).toContainText('Priya (you)')
  await context.close()
})
