/**
 * A truthful status: offline shows as soon as the browser loses the network, and an offline
 * reload with nothing pending says the relay cannot be checked, not that changes are missing.
 */
import { expect, test } from '@playwright/test'
import { createBoard, drawRectangle, person, relaySwitch, shapes, waitForCanvas, waitForOfflineShell, waitForSynced } from './helpers'

test('offline shows within 2 seconds of the network going, and goes back when it returns', async ({ browser }) => {
  const a = await person(browser, 'Mo')
  await createBoard(a.page, 'Wifi drops')
  await waitForSynced(a.page)
  const status = a.page.getByTestId('sync-status')

  const went = Date.now()
  await a.context.setOffline(true)
  await expect(status).toHaveAttribute('data-relay', 'offline', { timeout: 2000 })
  expect(Date.now() - went).toBeLessThan(2000)
  await expect(status).toContainText('Offline')

  await a.context.setOffline(false)
  await waitForSynced(a.page)
  await a.context.close()
})

test('after an offline reload with nothing pending it says it cannot check with the relay, not that changes are missing', async ({ browser }) => {
  test.setTimeout(60_000)
  const a = await person(browser, 'Mo')
  const relay = await relaySwitch(a.context)
  await createBoard(a.page, 'All sent')
  await waitForSynced(a.page)
  await waitForOfflineShell(a.page)
  await drawRectangle(a.page, 300, 250)
  await expect(shapes(a.page)).toHaveCount(1)
  // Everything is on the relay before the network goes.
  await expect(a.page.getByTestId('pending-changes')).toHaveCount(0)

  await a.context.setOffline(true)
  await relay.set(false)
  await a.page.reload()
  await waitForCanvas(a.page)
  await expect(shapes(a.page)).toHaveCount(1)
  const status = a.page.getByTestId('sync-status')
  await expect(status).toHaveAttribute('data-relay', 'offline')
  // Give a false alarm time to show: the old badge claimed unsent changes here.
  await a.page.waitForTimeout(1500)
  await expect(a.page.getByTestId('pending-changes')).toHaveCount(0)
  await expect(status).not.toContainText('Changes not yet on the relay')
  await expect(a.page.getByTestId('relay-unchecked')).toBeVisible()
  await status.getByRole('button').click()
  await expect(a.page.getByTestId('status-details')).toContainText('Can’t check with the relay')

  // A change made now is one the relay really does not have.
  await drawRectangle(a.page, 550, 300)
  await expect(a.page.getByTestId('pending-changes')).toHaveText(/Changes not yet on the relay/)
  await a.context.setOffline(false)
  await relay.set(true)
  await waitForSynced(a.page)
  await expect(status).toHaveAttribute('data-pending', 'none')
  await a.context.close()
})
