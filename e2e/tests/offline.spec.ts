import { expect, test } from '@playwright/test'
import {
  createBoard,
  drawRectangle,
  person,
  relaySwitch,
  shapes,
  waitForCanvas,
  waitForOfflineShell,
  waitForSynced,
} from './helpers'

test('a board opened once works with no network at all, and its changes reach others later', async ({ browser }) => {
  test.setTimeout(60_000)
  const a = await person(browser, 'Alice')
  const b = await person(browser, 'Bob')
  const relay = await relaySwitch(a.context)

  // First visit, online: the app shell installs and the board is on the relay.
  const path = await createBoard(a.page, 'Kept offline')
  await waitForSynced(a.page)
  await waitForOfflineShell(a.page)
  await drawRectangle(a.page, 300, 250)
  await expect(shapes(a.page)).toHaveCount(1)
  await expect(a.page.getByTestId('pending-changes')).toHaveCount(0)

  // The network goes: no HTTP (so the page can only come from the service worker) and no relay.
  await a.context.setOffline(true)
  await relay.set(false)
  await a.page.reload()
  await waitForCanvas(a.page)
  expect(await a.page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
  await expect(shapes(a.page)).toHaveCount(1)
  await expect(a.page.getByTestId('board-name')).toHaveText('Kept offline')

  await drawRectangle(a.page, 550, 300)
  await expect(shapes(a.page)).toHaveCount(2)
  const status = a.page.getByTestId('sync-status')
  await expect(status).toHaveAttribute('data-relay', 'offline')
  await expect(status).toContainText('Offline')
  await expect(a.page.getByTestId('pending-changes')).toHaveText(/Changes not yet on the relay/)

  // What loads on first use (the plan panel, the export code, the pictogram drawings: issue 13,
  // item 6) was precached with the app: with no network the panel opens and exports still work.
  await a.page.getByTestId('plan-toggle').click()
  await expect(a.page.getByTestId('plan-panel')).toBeVisible()
  await a.page.getByTestId('export-menu').click()
  const md = a.page.waitForEvent('download')
  await a.page.getByTestId('export-md').click()
  expect((await md).suggestedFilename()).toMatch(/\.md$/)
  await a.page.getByTestId('export-menu').click()
  const svg = a.page.waitForEvent('download')
  await a.page.getByTestId('export-svg').click()
  expect((await svg).suggestedFilename()).toMatch(/\.svg$/)
  await a.page.getByTestId('plan-toggle').click()

  // Leaving a board with changes only on this device asks first.
  const leaving = a.page.waitForEvent('dialog')
  const home = a.page.goto('/')
  const warning = await leaving
  expect(warning.type()).toBe('beforeunload')
  await warning.accept()
  await home

  // The home page loads offline too and lists the board.
  await expect(a.page.getByTestId('recent-boards')).toContainText('Kept offline')

  // A board created with no network at all.
  await a.page.getByTestId('new-board-name').fill('Made offline')
  await a.page.getByTestId('create-board').click()
  await a.page.waitForURL(/\/b\/[A-Za-z0-9_-]{22}$/)
  const offlinePath = new URL(a.page.url()).pathname
  await waitForCanvas(a.page)
  await expect(a.page.getByTestId('board-name')).toHaveText('Made offline')
  await drawRectangle(a.page, 400, 300)
  await expect(shapes(a.page)).toHaveCount(1)
  await expect(status).toHaveAttribute('data-relay', 'offline')
  await expect(a.page.getByTestId('pending-changes')).toBeVisible()

  // Back online: the board made offline reaches the relay, and B.
  await a.context.setOffline(false)
  await relay.set(true)
  await waitForSynced(a.page)
  await expect(a.page.getByTestId('pending-changes')).toHaveCount(0)
  await b.page.goto(offlinePath)
  await waitForCanvas(b.page)
  await expect(shapes(b.page)).toHaveCount(1)
  await expect(b.page.getByTestId('board-name')).toHaveText('Made offline')

  // And the first board's offline edit, once A opens it again.
  await a.page.goto(path)
  await waitForSynced(a.page)
  await expect(shapes(a.page)).toHaveCount(2)
  await expect(a.page.getByTestId('pending-changes')).toHaveCount(0)
  await b.page.goto(path)
  await expect(shapes(b.page)).toHaveCount(2)

  expect(a.outside).toEqual([])
  expect(b.outside).toEqual([])
  await a.context.close()
  await b.context.close()
})
