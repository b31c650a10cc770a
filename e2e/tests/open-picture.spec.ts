/**
 * A board this device has opens on its picture (a tldraw store snapshot kept beside the doc,
 * client/src/board/storeSnapshot.ts) and binds its doc just after. Whatever is done in between is
 * the board's like any other change: it reaches the others, and undo takes it back.
 */
import { expect, test, type Page } from '@playwright/test'
import { createBoard, drawRectangle, person, shapes, waitForCanvas, waitForSynced } from './helpers'

/** The picture this device keeps of the board in the address, as stored (null if none). */
function storedPicture(page: Page, roomId: string) {
  return page.evaluate(
    (name) =>
      new Promise<{ shapes: number } | null>((resolve) => {
        const q = indexedDB.open(name)
        q.onsuccess = () => {
          const db = q.result
          const get = db.transaction('custom', 'readonly').objectStore('custom').get('circleboard.storeSnapshot')
          get.onsuccess = () => {
            db.close()
            const v = get.result as { store?: { store?: Record<string, { typeName: string }> } } | undefined
            resolve(v?.store?.store ? { shapes: Object.values(v.store.store).filter((r) => r.typeName === 'shape').length } : null)
          }
        }
      }),
    `circleboard-board-${roomId}`,
  )
}

const geoX = (page: Page) =>
  page.evaluate(() => {
    const ed = (window as any).__circleboard.editor
    return ed.getCurrentPageShapes().filter((s: any) => s.type === 'geo').map((s: any) => Math.round(s.x)).sort((a: number, b: number) => a - b)
  })

test('a reopened board shows its picture first; a move made before it is live reaches the others, and undo takes it back', async ({ browser }) => {
  test.setTimeout(60_000)
  const a = await person(browser, 'Alice')
  const b = await person(browser, 'Bob')
  const path = await createBoard(a.page, 'Picture')
  const roomId = path.split('/').pop()!
  await waitForSynced(a.page)
  await drawRectangle(a.page, 300, 250)
  await drawRectangle(a.page, 600, 300)
  await expect(shapes(a.page)).toHaveCount(2)
  await b.page.goto(path)
  await waitForCanvas(b.page)
  await expect(shapes(b.page)).toHaveCount(2)
  const before = await geoX(b.page)
  // The picture is taken once the changes have been quiet for a moment.
  await expect.poll(() => storedPicture(a.page, roomId), { timeout: 15_000 }).toEqual({ shapes: 2 })

  // Alice reopens the board. As soon as the canvas shows and before the doc is bound, she moves
  // the leftmost rectangle 200 to the right (a script does it in that very moment).
  await a.page.addInitScript(() => {
    const w = window as any
    const tick = () => {
      const ed = w.__circleboard?.editor
      const geo = ed?.getCurrentPageShapes().filter((s: any) => s.type === 'geo') ?? []
      if (geo.length < 2) return requestAnimationFrame(tick)
      w.__movedBeforeLive = performance.getEntriesByName('circleboard:bound').length === 0
      const first = geo.sort((p: any, q: any) => p.x - q.x)[0]
      ed.markHistoryStoppingPoint('move before live')
      ed.updateShape({ id: first.id, type: 'geo', x: first.x + 200 })
    }
    requestAnimationFrame(tick)
  })
  await a.page.reload()
  await a.page.waitForFunction(() => (window as any).__movedBeforeLive !== undefined)
  expect(await a.page.evaluate(() => (window as any).__movedBeforeLive), 'the canvas showed before the doc was bound').toBe(true)
  await a.page.waitForFunction(() => performance.getEntriesByName('circleboard:bound').length > 0)
  await waitForSynced(a.page)

  const moved = [before[0] + 200, before[1]].sort((p, q) => p - q)
  await expect.poll(() => geoX(b.page)).toEqual(moved)
  expect(await geoX(a.page)).toEqual(moved)

  // Undo is Alice's as for any change of hers.
  await a.page.evaluate(() => (window as any).__circleboard.editor.undo())
  await expect.poll(() => geoX(b.page)).toEqual(before)
  expect(await geoX(a.page)).toEqual(before)
  await a.context.close()
  await b.context.close()
})
