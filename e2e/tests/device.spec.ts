import { expect, test, type Dialog, type Page } from '@playwright/test'
import {
  createBoard,
  databaseNames,
  drawRectangle,
  person,
  relaySwitch,
  shapes,
  waitForCanvas,
  waitForOfflineShell,
  waitForSynced,
} from './helpers'

/** Answer every confirm with `answer` and keep what it asked; leaving a page is always allowed. */
function answerDialogs(page: Page, answer: 'accept' | 'dismiss') {
  const asked: string[] = []
  page.on('dialog', (dialog: Dialog) => {
    if (dialog.type() === 'beforeunload') return void dialog.accept()
    asked.push(dialog.message())
    void (answer === 'accept' ? dialog.accept() : dialog.dismiss())
  })
  return asked
}

/** Every URL held in Cache Storage, and the caches' names. */
function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const out: string[] = []
    for (const name of await caches.keys()) {
      out.push(`cache:${name}`)
      for (const req of await (await caches.open(name)).keys()) out.push(req.url)
    }
    return out
  })
}

/** The recent-boards list as stored (idb-keyval database `circleboard-app`, key `recent-boards`). */
function storedRecentBoards(page: Page): Promise<unknown> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('circleboard-app')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          if (!db.objectStoreNames.contains('kv')) {
            db.close()
            return resolve(null)
          }
          const get = db.transaction('kv').objectStore('kv').get('recent-boards')
          get.onsuccess = () => {
            db.close()
            resolve(get.result ?? null)
          }
          get.onerror = () => reject(get.error)
        }
      })
  )
}

const roomIdOf = (path: string) => path.split('/').pop()!

test('removing a synced board leaves no trace of it here, and its link brings it back from the relay', async ({ browser }) => {
  const a = await person(browser, 'Alice')
  await createBoard(a.page, 'Keep me')
  const path = await createBoard(a.page, 'To remove')
  const roomId = roomIdOf(path)
  await waitForSynced(a.page)
  await waitForOfflineShell(a.page)
  // Reload so the service worker controls the page and could have cached anything of the board.
  await a.page.reload()
  await waitForSynced(a.page)
  await drawRectangle(a.page, 300, 250)
  await expect(shapes(a.page)).toHaveCount(1)
  // Only once the relay's own snapshot holds the shape is the board safe to remove.
  await expect(a.page.getByTestId('pending-changes')).toHaveCount(0)
  expect(await databaseNames(a.page)).toContain(`circleboard-board-${roomId}`)

  const asked = answerDialogs(a.page, 'accept')
  await a.page.getByTestId('device-menu').click()
  await a.page.getByTestId('remove-from-device').click()
  await expect(a.page).toHaveURL(/\/$/)
  expect(asked).toHaveLength(1)
  expect(asked[0]).toContain('Remove “To remove” from this device?')
  expect(asked[0]).toContain('The relay has every change')

  const list = a.page.getByTestId('recent-boards')
  await expect(list).toContainText('Keep me')
  await expect(list).not.toContainText('To remove')
  await expect.poll(() => databaseNames(a.page)).not.toContain(`circleboard-board-${roomId}`)
  expect(JSON.stringify(await storedRecentBoards(a.page))).not.toContain(roomId)
  expect(JSON.stringify(await storedRecentBoards(a.page))).toContain('Keep me')
  const cached = await cachedUrls(a.page)
  expect(cached.length).toBeGreaterThan(0) // the app shell is still here, only the board went
  expect(cached.filter((u) => u.includes(roomId))).toEqual([])

  // The link still works: the board comes back from the relay.
  await a.page.goto(path)
  await waitForSynced(a.page)
  await expect(shapes(a.page)).toHaveCount(1)
  await expect(a.page.getByTestId('board-name')).toHaveText('To remove')
  expect(a.outside).toEqual([])
  await a.context.close()
})

test('removing a board the relay lacks changes of warns plainly, and saying no keeps it', async ({ browser }) => {
  const a = await person(browser, 'Alice')
  const relay = await relaySwitch(a.context)
  const path = await createBoard(a.page, 'Unsent work')
  const roomId = roomIdOf(path)
  await waitForSynced(a.page)

  // The sync socket drops; the relay's HTTP API still answers, so the check can be made.
  await relay.set(false)
  await expect(a.page.getByTestId('sync-status')).not.toHaveAttribute('data-relay', 'synced')
  await drawRectangle(a.page, 300, 250)
  await expect(shapes(a.page)).toHaveCount(1)
  await expect(a.page.getByTestId('pending-changes')).toBeVisible()

  const asked = answerDialogs(a.page, 'dismiss')
  await a.page.getByTestId('device-menu').click()
  const remove = a.page.getByTestId('remove-from-device')
  await remove.click()
  await expect.poll(() => asked.length).toBe(1)
  expect(asked[0]).toContain('Some changes on this device have not reached the relay yet.')
  expect(asked[0]).toContain('Removing the board now would lose them.')
  expect(asked[0]).toContain('Remove “Unsent work” from this device anyway? What only this device holds will be lost.')
  expect(asked[0]).not.toContain('The relay has every change')

  // Saying no keeps everything, and the button is usable again.
  await expect(remove).toBeEnabled()
  await expect(a.page).toHaveURL(new RegExp(`${path}$`))
  await expect(shapes(a.page)).toHaveCount(1)
  expect(await databaseNames(a.page)).toContain(`circleboard-board-${roomId}`)
  expect(JSON.stringify(await storedRecentBoards(a.page))).toContain(roomId)

  // With no network at all the relay cannot be asked: the question says that instead.
  await a.context.setOffline(true)
  await remove.click()
  await expect.poll(() => asked.length).toBe(2)
  expect(asked[1]).toContain('The relay cannot be reached, so Circleboard cannot check that it has a copy of this board.')
  expect(asked[1]).toContain('Remove “Unsent work” from this device anyway?')
  await expect(shapes(a.page)).toHaveCount(1)
  expect(await databaseNames(a.page)).toContain(`circleboard-board-${roomId}`)

  // Back online, the work reaches the relay after all.
  await a.context.setOffline(false)
  await relay.set(true)
  await waitForSynced(a.page)
  await expect(a.page.getByTestId('pending-changes')).toHaveCount(0)
  await a.context.close()
})

test('"Forget everything" leaves nothing of Circleboard in the browser; a board link still works after', async ({ browser }) => {
  const a = await person(browser, 'Alice')
  const path = await createBoard(a.page, 'Shared computer')
  await waitForSynced(a.page)
  await waitForOfflineShell(a.page)
  await drawRectangle(a.page, 300, 250)
  await expect(shapes(a.page)).toHaveCount(1)
  await expect(a.page.getByTestId('pending-changes')).toHaveCount(0)
  // A view-only copy is a Circleboard database too.
  await a.page.getByTestId('share').click()
  const viewToken = a.page.waitForResponse((r) => r.url().endsWith('/view-token'))
  await a.context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await a.page.getByTestId('copy-view-link').click()
  const token = ((await (await viewToken).json()) as { token: string }).token
  await a.page.goto(`/v/${token}`)
  await waitForCanvas(a.page)
  await expect(shapes(a.page)).toHaveCount(1)

  await a.page.goto('/')
  await expect(a.page.getByTestId('recent-boards')).toContainText('Shared computer')
  const before = await databaseNames(a.page)
  expect(before.filter((n) => n.startsWith('circleboard-')).length).toBeGreaterThanOrEqual(3)
  expect((await cachedUrls(a.page)).length).toBeGreaterThan(0)

  const asked = answerDialogs(a.page, 'accept')
  await a.page.getByTestId('forget-everything').click()
  await expect(a.page.getByTestId('forgotten')).toBeVisible()
  expect(asked[0]).toContain('Forget everything Circleboard keeps on this device')
  await expect(a.page.getByTestId('recent-boards')).toHaveCount(0)

  await expect.poll(async () => (await databaseNames(a.page)).filter((n) => n.startsWith('circleboard'))).toEqual([])
  expect(await cachedUrls(a.page)).toEqual([])
  expect(await a.page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0)
  expect(await a.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('circleboard')))).toEqual([])

  // The board is not lost: its link fetches it back from the relay.
  await a.page.goto(path)
  await waitForSynced(a.page)
  await expect(shapes(a.page)).toHaveCount(1)
  await expect(a.page.getByTestId('board-name')).toHaveText('Shared computer')
  expect(a.outside).toEqual([])
  await a.context.close()
})
