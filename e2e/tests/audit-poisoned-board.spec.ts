/**
 * Audit F2: a parent cycle written into a board by a stock Yjs client (a broken or hostile
 * program) used to freeze every browser that opened the board — tldraw's page lookup loops
 * forever on it — and the copy in IndexedDB froze the tab again on every reopen. The browser must
 * stay responsive and show the good shapes, both on a device that is open when the cycle arrives
 * and on one that opens the board afterwards.
 */
import { expect, test } from '@playwright/test'
import { createBoard, drawRectangle, person, rawYjsEdit, shapes, waitForCanvas, waitForSynced } from './helpers'

test('a board a peer poisoned with parent cycles opens, stays responsive and shows its shapes', async ({ browser }) => {
  test.setTimeout(240_000) // two browsers, a held-back relay, and often a busy machine
  const a = await person(browser, 'Alice')
  const path = await createBoard(a.page, 'Poisoned')
  await waitForSynced(a.page)
  await drawRectangle(a.page, 300, 250)
  await expect(shapes(a.page)).toHaveCount(1)
  await waitForSynced(a.page)
  const roomId = path.split('/').pop()!

  await rawYjsEdit(roomId, (doc, Y) => {
    const records = doc.getMap('records')
    const rect = [...records.entries()].find(([id]: [string]) => id.startsWith('shape:'))
    if (!rect) throw new Error('the rectangle is not in the doc')
    // a copy of the rectangle's record under another id, parent and position
    const copy = (id: string, parentId: string, x: number) => {
      const map = new Y.Map()
      for (const [k, v] of rect[1].entries()) {
        if (v instanceof Y.Map) {
          const nested = new Y.Map()
          // Y types (a note's rich text, board layout 2) belong to one place: copy them
          for (const [nk, nv] of v.entries()) nested.set(nk, nv instanceof Y.AbstractType ? nv.clone() : nv)
          map.set(k, nested)
        } else map.set(k, v)
      }
      map.set('id', id)
      map.set('parentId', parentId)
      map.set('x', x)
      records.set(id, map)
    }
    doc.transact(() => {
      copy('shape:self', 'shape:self', 0) // its own parent
      copy('shape:cycleA', 'shape:cycleB', 20) // each other's parent
      copy('shape:cycleB', 'shape:cycleA', 40)
      copy('shape:good', 'page:page', 600) // a good shape in the same update
    })
  })

  // the device that was open: still responsive, and the good shape of that batch arrived
  await expect(shapes(a.page)).toHaveCount(5, { timeout: 30_000 })
  expect(await a.page.evaluate(() => 1 + 1)).toBe(2)

  // a device opening the board afterwards
  const b = await person(browser, 'Bob')
  await b.page.goto(path)
  await waitForCanvas(b.page, 60_000)
  await expect(b.page.getByTestId('sync-status')).toHaveAttribute('data-relay', 'synced', { timeout: 60_000 })
  await expect(shapes(b.page)).toHaveCount(5, { timeout: 30_000 })
  await drawRectangle(b.page, 300, 500)
  await expect(shapes(b.page)).toHaveCount(6, { timeout: 30_000 })
  await expect(shapes(a.page)).toHaveCount(6, { timeout: 30_000 })

  // reopening from this device's own copy (IndexedDB) works as well
  await b.page.reload()
  await waitForCanvas(b.page, 60_000)
  await expect(shapes(b.page)).toHaveCount(6, { timeout: 30_000 })
  expect(a.outside).toEqual([])
  expect(b.outside).toEqual([])
  await a.context.close()
  await b.context.close()
})
