/**
 * Audit F3: a device that opens a board it has never seen, and whose first sync with the relay
 * takes longer than the 4 s the app waits, used to write tldraw's default document and page into
 * the board under the same keys as the board's own. Yjs keeps one map per key, so about half the
 * time the session and review dates and the page name vanished for everyone. Here the relay's
 * messages to the late device are held back for 6 s; the device must not write those records.
 */
import { expect, test } from '@playwright/test'
import { createBoard, person, rawYjsEdit, waitForCanvas, waitForSynced } from './helpers'

const DATES = { sessionDate: '2027-01-12', reviewDate: '2027-04-12' }

/** How many times a key of the records map was set (live or overwritten), and the record's meta. */
async function inspect(roomId: string) {
  let out: { documentSets: number; pageSets: number; meta: unknown; pageName: unknown } | null = null
  await rawYjsEdit(roomId, (doc) => {
    const records = doc.getMap('records')
    const sets = (key: string) => {
      let n = 0
      for (let item = records._map.get(key); item; item = item.left) n++
      return n
    }
    out = {
      documentSets: sets('document:document'),
      pageSets: sets('page:page'),
      meta: records.get('document:document')?.get('meta')?.toJSON(),
      pageName: records.get('page:page')?.get('name'),
    }
  })
  return out!
}

test("a device whose first sync is late does not write defaults over the board's dates and page", async ({ browser }) => {
  test.setTimeout(240_000) // two browsers, a held-back relay, and often a busy machine
  const a = await person(browser, 'Alice')
  const path = await createBoard(a.page, 'Late sync')
  await waitForSynced(a.page)
  const roomId = path.split('/').pop()!
  await rawYjsEdit(roomId, (doc) => {
    const records = doc.getMap('records')
    const meta = records.get('document:document').get('meta')
    doc.transact(() => {
      meta.set('sessionDate', DATES.sessionDate)
      meta.set('reviewDate', DATES.reviewDate)
      records.get('page:page').set('name', "J's PATH")
    })
  })
  const before = await inspect(roomId)
  expect(before).toEqual({ documentSets: 1, pageSets: 1, meta: DATES, pageName: "J's PATH" })

  // Bob's link to the relay: what the relay sends him arrives 6 s late (a slow mobile link)
  const b = await person(browser, 'Bob')
  await b.context.routeWebSocket(/\/sync\//, (ws) => {
    const server = ws.connectToServer()
    server.onMessage((message) => {
      setTimeout(() => {
        try {
          ws.send(message)
        } catch {
          // the page went away meanwhile
        }
      }, 6000)
    })
  })
  await b.page.goto(path)
  await waitForCanvas(b.page, 60_000)
  await expect(b.page.getByTestId('sync-status')).toHaveAttribute('data-relay', 'synced', { timeout: 30_000 })
  // let anything Bob wrote reach the relay
  await b.page.waitForTimeout(1500)

  expect(await inspect(roomId)).toEqual(before)
  expect(a.outside).toEqual([])
  expect(b.outside).toEqual([])
  await a.context.close()
  await b.context.close()
})
