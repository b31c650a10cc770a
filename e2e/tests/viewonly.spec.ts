import { expect, test, type Page } from '@playwright/test'
import { baseURL, createBoard, databaseNames, drawRectangle, person, shapes, waitForCanvas, waitForSynced } from './helpers'

type Debug = {
  __circleboard: {
    session: {
      doc: { clientID: number; store: { clients: Map<number, unknown> }; getMap(name: string): { set(k: string, v: unknown): void } }
      provider: { ws: WebSocket | null }
    }
  }
}

const clientIdOf = (page: Page) => page.evaluate(() => (window as unknown as Debug).__circleboard.session.doc.clientID)

/** How many viewer writes the relay has refused so far (from its /metrics). */
async function refusedViewerWrites(): Promise<number> {
  const text = await (await fetch(`${baseURL()}/metrics`)).text()
  const m = /circleboard_errors_total\{kind="viewer_update_ignored"\} (\d+)/.exec(text)
  return m ? Number(m[1]) : 0
}

test('a view-only link shows the board live but cannot change it, and does not reveal the board link', async ({ browser }) => {
  const a = await person(browser, 'Alice')
  const b = await person(browser, 'Bob')
  const path = await createBoard(a.page, 'Watch me')
  const roomId = path.split('/').pop()!
  await waitForSynced(a.page)
  await drawRectangle(a.page, 300, 250)
  await expect(shapes(a.page)).toHaveCount(1)

  // A copies a view-only link, as a person would, and reads it from the clipboard.
  await a.context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await a.page.getByTestId('share').click()
  await a.page.getByTestId('copy-view-link').click()
  await expect(a.page.getByTestId('share-note')).toContainText('View link copied')
  const link = await a.page.evaluate(() => navigator.clipboard.readText())
  expect(link).toMatch(new RegExp(`^${baseURL()}/v/[A-Za-z0-9_-]{40,200}$`))
  expect(link).not.toContain(roomId)

  // B opens it: what B's browser talks to never names the board either.
  const sockets: string[] = []
  const sentSync: Buffer[] = []
  const replies: number[][] = []
  b.page.on('websocket', (ws) => {
    sockets.push(ws.url())
    ws.on('framesent', ({ payload }) => {
      const bytes = Buffer.from(payload as Buffer)
      if (bytes[0] === 0 && bytes[1] !== 0) sentSync.push(bytes) // sync step 2 or update
    })
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string') replies.push([...payload.subarray(0, 2)])
    })
  })
  await b.page.goto(link)
  await waitForCanvas(b.page)
  await waitForSynced(b.page)
  await expect(shapes(b.page)).toHaveCount(1)
  await expect(b.page.getByTestId('board-name')).toHaveText('Watch me')
  await expect(b.page.getByText('View only', { exact: true })).toBeVisible()
  await expect(b.page.getByTestId('board-name')).toBeDisabled()
  await expect(b.page.getByTestId('share')).toHaveCount(0)
  await expect(b.page.getByTestId('device-menu')).toHaveCount(0)
  expect(sockets.length).toBeGreaterThan(0)
  for (const url of sockets) {
    expect(url).toMatch(/\/view\//)
    expect(url).not.toContain(roomId)
  }
  expect(b.page.url()).not.toContain(roomId)
  const bDatabases = await databaseNames(b.page)
  expect(bDatabases.some((n) => n.includes(roomId))).toBe(false)

  // Live: A's next shape appears for B.
  await drawRectangle(a.page, 600, 300)
  await expect(shapes(a.page)).toHaveCount(2)
  await expect(shapes(b.page)).toHaveCount(2)

  // B tries to draw with the keyboard and mouse, and to write a sticky: nothing is created.
  await drawRectangle(b.page, 300, 450)
  await b.page.keyboard.press('n')
  await b.page.mouse.click(700, 500)
  await b.page.keyboard.type('Not allowed')
  await b.page.keyboard.press('Escape')
  await expect(b.page.locator('.tl-shape[data-shape-type="note"]')).toHaveCount(0)
  await expect(shapes(b.page)).toHaveCount(2)
  // And B's browser sent no change: every sync message it sent is the empty reply to the relay's hello.
  expect(sentSync.length).toBeGreaterThan(0)
  for (const bytes of sentSync) expect([...bytes]).toEqual([0, 1, 2, 0, 0])

  // A tampered viewer writes into its own copy anyway: the relay refuses it.
  const refusedBefore = await refusedViewerWrites()
  const repliesBefore = replies.length
  await b.page.evaluate(() => {
    const { session } = (window as unknown as Debug).__circleboard
    session.doc.getMap('board').set('name', 'Renamed by a viewer')
    // Then ask the relay for its state (sync step 1 with an empty state vector) on the same socket:
    // its answer proves it has handled the write before.
    session.provider.ws!.send(new Uint8Array([0, 0, 1, 0]))
  })
  await expect.poll(() => replies.slice(repliesBefore).some(([t, s]) => t === 0 && s === 1)).toBe(true)
  expect(await refusedViewerWrites()).toBeGreaterThan(refusedBefore)
  const bClient = await clientIdOf(b.page)
  expect(await a.page.evaluate((id) => (window as unknown as Debug).__circleboard.session.doc.store.clients.has(id), bClient)).toBe(false)
  await expect(a.page.getByTestId('board-name')).toHaveText('Watch me')

  // A third person opening the board gets the relay's copy: A's two shapes, A's name, nothing of B's.
  const c = await person(browser, 'Chen')
  await c.page.goto(path)
  await waitForSynced(c.page)
  await expect(shapes(c.page)).toHaveCount(2)
  await expect(c.page.getByTestId('board-name')).toHaveText('Watch me')
  expect(await c.page.evaluate((id) => (window as unknown as Debug).__circleboard.session.doc.store.clients.has(id), bClient)).toBe(false)

  expect(a.outside).toEqual([])
  expect(b.outside).toEqual([])
  await a.context.close()
  await b.context.close()
  await c.context.close()
})
