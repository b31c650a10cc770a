import { expect, test, type WebSocketRoute } from '@playwright/test'
import { createBoard, drawRectangle, person, shapes, waitForCanvas, waitForSynced } from './helpers'

test('a shape drawn by A appears for B, and B sees A’s named cursor', async ({ browser }) => {
  const a = await person(browser, 'Alice')
  const b = await person(browser, 'Bob')
  const path = await createBoard(a.page, 'Sync test')
  await waitForSynced(a.page)

  await b.page.goto(path)
  await waitForCanvas(b.page)
  await waitForSynced(b.page)
  // B sees the board's name and both people.
  await expect(b.page.getByTestId('board-name')).toHaveText('Sync test')
  await expect(b.page.getByTestId('people')).toContainText('Alice')
  await expect(a.page.getByTestId('people')).toContainText('Bob')

  await drawRectangle(a.page, 300, 250)
  await expect(shapes(a.page)).toHaveCount(1)
  await expect(shapes(b.page)).toHaveCount(1)

  // A moves the pointer over the canvas; B sees a cursor with A's name.
  await a.page.mouse.move(600, 400, { steps: 5 })
  await a.page.mouse.move(640, 420, { steps: 5 })
  await expect(b.page.locator('.tl-nametag')).toContainText('Alice')

  expect(a.outside).toEqual([])
  expect(b.outside).toEqual([])
  await a.context.close()
  await b.context.close()
})

test('an edit made offline survives a reload and reaches B when A is back', async ({ browser }) => {
  const a = await person(browser, 'Alice')
  const b = await person(browser, 'Bob')

  // A's link to the relay goes through this switch: "offline" refuses and cuts the sync socket,
  // as a venue's wifi dropping would, while the page itself can still be reloaded.
  let online = true
  const open = new Set<WebSocketRoute>()
  await a.context.routeWebSocket(/\/sync\//, (ws) => {
    if (!online) {
      ws.close()
      return
    }
    ws.connectToServer()
    open.add(ws)
  })

  const path = await createBoard(a.page, 'Offline test')
  await waitForSynced(a.page)
  await b.page.goto(path)
  await waitForSynced(b.page)

  online = false
  for (const ws of open) await ws.close()
  open.clear()
  await expect(a.page.getByTestId('sync-status')).not.toHaveAttribute('data-relay', 'synced')

  await drawRectangle(a.page, 250, 250)
  await drawRectangle(a.page, 500, 300)
  await expect(shapes(a.page)).toHaveCount(2)
  await expect(a.page.getByTestId('sync-status')).toContainText('Saved on this device')

  // Reload while still offline: the edits come back from this device's copy.
  await a.page.reload()
  await waitForCanvas(a.page)
  await expect(shapes(a.page)).toHaveCount(2)
  // B has not seen them.
  await expect(shapes(b.page)).toHaveCount(0)

  online = true
  await waitForSynced(a.page)
  await expect(shapes(b.page)).toHaveCount(2)

  // And B's edits flow back to A too.
  await drawRectangle(b.page, 700, 450)
  await expect(shapes(a.page)).toHaveCount(3)
  await a.context.close()
  await b.context.close()
})
