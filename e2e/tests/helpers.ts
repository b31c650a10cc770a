import { expect, test, type Browser, type BrowserContext, type Dialog, type Page, type WebSocketRoute } from '@playwright/test'

export const baseURL = () => {
  const url = process.env.CB_BASE_URL
  if (!url) throw new Error('CB_BASE_URL is not set: run through playwright.config.ts (global setup starts the relay)')
  return url
}

/** A browser context for one person, with their name already chosen. */
export interface Person {
  context: BrowserContext
  page: Page
  /** Requests to any host but the relay's: must stay empty (the app is self-contained). */
  outside: string[]
}

/**
 * Contexts made by person() in the running test. A test that fails before its own close() (or
 * never closes) would otherwise leave its pages running — relay sockets, timers, tldraw's render
 * loop — until the worker ends, and every later test would share the CPU with them.
 */
const openContexts: BrowserContext[] = []
let openContextsTest: string | null = null
/** People kept from one test to the next (person(…, { reuse: true })), by name. */
const kept = new Map<string, Person>()

/**
 * A browser context for one person, with their name already chosen.
 *
 * `reuse: true` keeps this person's browser for the next test in the same worker that asks for the
 * same name the same way: it starts on a blank page at the configured viewport, with no granted
 * permissions, online, no other tabs, and an empty `outside` list — as a fresh one would, but the
 * app is already in its cache (a fresh context and the first load of the app cost seconds per
 * test). The service worker and this device's earlier boards stay, as on a facilitator's laptop.
 * Only for tests that change nothing else about the context: no routes (relaySwitch), no clock,
 * no closing of its page or context. (A failed test restarts the worker, so nothing is kept past
 * a failure.)
 */
export async function person(browser: Browser, name: string, opts: { reuse?: boolean } = {}): Promise<Person> {
  const testId = test.info().testId
  if (openContextsTest !== testId) {
    await Promise.all(openContexts.splice(0).map((c) => c.close().catch(() => {})))
    openContextsTest = testId
  }
  const again = opts.reuse ? kept.get(name) : undefined
  if (again && !again.page.isClosed()) {
    await resetPerson(again)
    return again
  }
  const context = await browser.newContext({ baseURL: baseURL() })
  if (opts.reuse) {
    context.on('close', () => kept.delete(name))
  } else {
    openContexts.push(context)
  }
  const page = await context.newPage()
  const outside: string[] = []
  context.on('request', (req) => {
    const url = new URL(req.url())
    if (/^(https?|wss?):$/.test(url.protocol) && !['127.0.0.1', 'localhost'].includes(url.hostname)) {
      outside.push(req.url())
    }
  })
  await context.addInitScript((n) => {
    if (!localStorage.getItem('circleboard.identity')) {
      localStorage.setItem('circleboard.identity', JSON.stringify({ id: `e2e-${n}`, name: n, color: '#2b6cb0' }))
    }
  }, name)
  const made = { context, page, outside }
  if (opts.reuse) kept.set(name, made)
  return made
}

/** Leaves the page's board for a blank page (a "leave this page?" question is answered yes). */
async function leaveBoard(page: Page) {
  if (page.isClosed()) return
  const leave = (d: Dialog) => void d.accept().catch(() => {})
  page.on('dialog', leave)
  try {
    await page.goto('about:blank')
  } finally {
    page.off('dialog', leave)
  }
}

/** Closes the person's other tabs and leaves the board: nothing of theirs runs any more. */
async function park(p: Person) {
  for (const other of p.context.pages()) if (other !== p.page) await other.close().catch(() => {})
  await leaveBoard(p.page).catch(() => {})
}

async function resetPerson(p: Person) {
  await park(p)
  await p.context.clearPermissions()
  await p.context.setOffline(false)
  await p.page.setViewportSize(test.info().project.use.viewport ?? { width: 1280, height: 800 })
  p.outside.length = 0
}

/**
 * For `test.afterEach` in files that keep people: each kept person leaves the board they were on
 * and closes other tabs, so their page (relay socket, render loop) does not run during later tests.
 */
export async function parkKeptPeople() {
  for (const p of kept.values()) await park(p)
}

export async function createBoard(page: Page, name = ''): Promise<string> {
  await page.goto('/')
  if (name) await page.getByTestId('new-board-name').fill(name)
  await page.getByTestId('create-board').click()
  await page.waitForURL(/\/b\/[A-Za-z0-9_-]{22}$/)
  await waitForCanvas(page)
  return new URL(page.url()).pathname
}

export async function waitForCanvas(page: Page, timeout?: number) {
  await expect(page.locator('.tl-canvas')).toBeVisible(timeout === undefined ? undefined : { timeout })
}

export async function waitForSynced(page: Page) {
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-relay', 'synced')
}

/** Draw a rectangle with the real toolbar and pointer, as a person would. */
/**
 * On an empty board the "Start from a template" card sits over the canvas, and a click meant for
 * the canvas can land on one of its template buttons (at 1440×900 the point 460,360 is the
 * community template's). Dismiss it first: wait until the board shows either the card or a shape.
 */
export async function dismissEmptyBoardCard(page: Page) {
  const card = page.getByTestId('empty-board-card')
  await card.or(page.locator('.tl-shape')).first().waitFor({ timeout: 5000 }).catch(() => {})
  if (await card.isVisible()) {
    await card.getByRole('button', { name: 'Start with a blank board' }).click()
    await expect(card).toBeHidden()
  }
}

export async function drawRectangle(page: Page, x: number, y: number, w = 120, h = 80) {
  await dismissEmptyBoardCard(page)
  // A plain click in empty canvas gives it keyboard focus (tldraw's menus cover the corners).
  await page.mouse.click(x - 40, y - 40)
  await page.keyboard.press('r')
  await page.mouse.move(x, y)
  await page.mouse.down()
  await page.mouse.move(x + w / 2, y + h / 2, { steps: 4 })
  await page.mouse.move(x + w, y + h, { steps: 4 })
  await page.mouse.up()
  await page.keyboard.press('Escape')
}

export function shapes(page: Page, type = 'geo') {
  return page.locator(`.tl-shape[data-shape-type="${type}"]`)
}

/**
 * Wait until the offline app shell is installed: a service worker is active, so its precache
 * (the app, tldraw's fonts, icons and translations) is complete.
 */
export async function waitForOfflineShell(page: Page) {
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready
    const sw = reg.active
    if (!sw || sw.state === 'activated') return
    await new Promise<void>((resolve) => {
      const check = () => sw.state === 'activated' && resolve()
      sw.addEventListener('statechange', check)
      check()
    })
  })
}

/**
 * A switch on one person's websockets to the relay: off refuses new sockets and cuts open ones,
 * as a venue's wifi dropping would (Playwright's setOffline does not close open websockets).
 */
export async function relaySwitch(context: BrowserContext, pattern: RegExp = /\/(sync|view)\//) {
  let online = true
  const open = new Set<WebSocketRoute>()
  await context.routeWebSocket(pattern, (ws) => {
    if (!online) {
      void ws.close()
      return
    }
    ws.connectToServer()
    open.add(ws)
  })
  return {
    async set(on: boolean) {
      online = on
      if (on) return
      for (const ws of open) await ws.close()
      open.clear()
    },
  }
}

/** The names of this origin's IndexedDB databases, as the page sees them. */
export function databaseNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''))
}

/**
 * A second relay of our own (a child process, as in global-setup.ts), for tests that change what
 * it serves. Resolves once it prints its address; `stop()` ends it.
 */
export async function startExtraRelay(opts: { staticDir: string; dataDir: string }) {
  const { spawn } = await import('node:child_process')
  const { fileURLToPath } = await import('node:url')
  const root = fileURLToPath(new URL('../..', import.meta.url))
  const child = spawn(`${root}node_modules/.bin/tsx`, [`${root}server/src/main.ts`], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: opts.dataDir, STATIC_DIR: opts.staticDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`relay did not start:\n${out}`)), 30_000)
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /running at (http:\/\/[^\s/]+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    void exited.then(() => reject(new Error(`relay exited:\n${out}`)))
  })
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

/**
 * A stock Yjs client in this process (no app, no binding): connects to a room on the relay, takes
 * the board, lets `edit` change the doc as any Yjs program could, sends the change and closes.
 * Loaded from the server package's dependencies so this package needs none of its own.
 */
export async function rawYjsEdit(roomId: string, edit: (doc: any, Y: any) => void): Promise<void> {
  const { createRequire } = await import('node:module')
  const { fileURLToPath } = await import('node:url')
  const req = createRequire(fileURLToPath(new URL('../../server/package.json', import.meta.url)))
  const Y = req('yjs')
  const syncProtocol = req('y-protocols/sync')
  const encoding = req('lib0/encoding')
  const decoding = req('lib0/decoding')
  const WebSocket = req('ws')
  const doc = new Y.Doc()
  const ws = new WebSocket(`${baseURL().replace(/^http/, 'ws')}/sync/${roomId}`)
  ws.binaryType = 'arraybuffer'
  const send = (write: (e: unknown) => void) => {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 0) // messageSync
    write(e)
    ws.send(encoding.toUint8Array(e))
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('raw client: no sync step 2 from the relay')), 15_000)
    ws.on('error', reject)
    ws.on('open', () => send((e) => syncProtocol.writeSyncStep1(e, doc)))
    ws.on('message', (data: ArrayBuffer) => {
      const d = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(d) !== 0) return // awareness and the like
      const reply = encoding.createEncoder()
      encoding.writeVarUint(reply, 0)
      const type = syncProtocol.readSyncMessage(d, reply, doc, 'relay')
      if (encoding.length(reply) > 1) ws.send(encoding.toUint8Array(reply))
      if (type === syncProtocol.messageYjsSyncStep2) {
        clearTimeout(timer)
        resolve()
      }
    })
  })
  const before = Y.encodeStateVector(doc)
  edit(doc, Y)
  const update = Y.encodeStateAsUpdate(doc, before)
  send((e) => syncProtocol.writeUpdate(e, update))
  // Close with the handshake and wait for the relay's answer: it handles frames in order (the
  // update is applied synchronously on receipt), so once it has answered the close, the update is
  // applied and relayed. (This used to be a fixed 500 ms sleep.)
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 15_000)
    ws.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
    ws.close()
  })
}

/**
 * Stand-ins for people: raw y-websocket clients that only announce themselves (awareness with a
 * `user`), as any stock Yjs client would. Much lighter than a browser each. `close()` leaves.
 */
export async function awarenessClients(roomPath: string, names: string[]) {
  const { createRequire } = await import('node:module')
  // `ws` is the relay's dependency; borrow it rather than add one here.
  const require = createRequire(new URL('../../server/package.json', import.meta.url))
  type Socket = { on(e: string, f: (...a: unknown[]) => void): void; once(e: string, f: () => void): void; send(d: Uint8Array): void; close(): void }
  const WS = require('ws') as new (url: string) => Socket
  const room = roomPath.split('/').pop()!
  const url = `${baseURL().replace(/^http/, 'ws')}/sync/${room}`
  const sockets = await Promise.all(
    names.map(
      (name, i) =>
        new Promise<Socket>((resolve, reject) => {
          const ws = new WS(url)
          ws.on('error', reject)
          ws.on('open', () => {
            const clientId = 900_000 + Math.floor(Math.random() * 90_000) * 10 + i
            const state = JSON.stringify({ user: { id: `raw-${name}`, name, color: '#6b4fbb' } })
            ws.send(awarenessMessage(clientId, 1, state))
            resolve(ws)
          })
        }),
    ),
  )
  return {
    async close() {
      await Promise.all(sockets.map((ws) => new Promise<void>((r) => (ws.once('close', () => r()), ws.close()))))
    },
  }
}

/** y-protocols: [messageAwareness, varUint8Array([count, clientId, clock, varString(state)])]. */
function awarenessMessage(clientId: number, clock: number, state: string): Uint8Array {
  const varUint = (n: number) => {
    const out: number[] = []
    while (n > 0x7f) {
      out.push(0x80 | (n & 0x7f))
      n = Math.floor(n / 128)
    }
    out.push(n)
    return out
  }
  const text = [...new TextEncoder().encode(state)]
  const update = [...varUint(1), ...varUint(clientId), ...varUint(clock), ...varUint(text.length), ...text]
  return new Uint8Array([...varUint(1), ...varUint(update.length), ...update])
}

/**
 * Records the canvas element's box on every animation frame from now on; `read()` gives every
 * distinct box seen (one entry means it never moved or resized).
 */
export async function watchCanvasBox(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __cbBoxes?: Set<string>; __cbWatch?: boolean }
    w.__cbBoxes = new Set()
    if (w.__cbWatch) return
    w.__cbWatch = true
    const tick = () => {
      const el = document.querySelector('.board-canvas')
      if (el) {
        const r = el.getBoundingClientRect()
        w.__cbBoxes!.add(`${r.left},${r.top},${r.width},${r.height}`)
      }
      requestAnimationFrame(tick)
    }
    tick()
  })
  return {
    read: () => page.evaluate(() => [...((window as unknown as { __cbBoxes: Set<string> }).__cbBoxes ?? [])]),
  }
}

/**
 * Waits until the page has laid itself out for its current size: the window has the viewport's
 * size, tldraw's idea of the canvas box matches the canvas element (tldraw updates it on a 200 ms
 * throttle after a resize), and neither that, the camera nor the boxes of `selectors` change for
 * 6 animation frames in a row. For after setViewportSize, instead of a fixed sleep.
 */
export async function layoutSettled(page: Page, selectors: string[] = []) {
  const size = page.viewportSize()
  if (size) await expect.poll(() => page.evaluate(() => `${innerWidth}x${innerHeight}`)).toBe(`${size.width}x${size.height}`)
  const settled = await page.evaluate(async (selectors) => {
    type Box = { x: number; y: number; w: number; h: number }
    type Ed = { getViewportScreenBounds(): Box; getCamera(): unknown; getContainer(): HTMLElement }
    const round = (b: { x: number; y: number; width?: number; height?: number; w?: number; h?: number }) =>
      [b.x, b.y, b.width ?? b.w, b.height ?? b.h].map((n) => Math.round(n ?? 0)).join(',')
    const read = () => {
      const editor = (window as unknown as { __circleboard?: { editor?: Ed } }).__circleboard?.editor
      const parts: string[] = [`${innerWidth}x${innerHeight}`]
      let agrees = true
      if (editor) {
        const screen = round(editor.getViewportScreenBounds())
        const box = round(editor.getContainer().getBoundingClientRect())
        agrees = screen === box
        parts.push(screen, box, JSON.stringify(editor.getCamera()))
      }
      for (const sel of selectors) for (const el of document.querySelectorAll(sel)) parts.push(round(el.getBoundingClientRect()))
      return { agrees, sig: parts.join('|') }
    }
    await document.fonts.ready
    const frame = () => new Promise((r) => requestAnimationFrame(r))
    let last = ''
    let same = 0
    const until = performance.now() + 15_000
    while (performance.now() < until) {
      await frame()
      const { agrees, sig } = read()
      same = agrees && sig === last ? same + 1 : 0
      last = sig
      if (same >= 6) return true
    }
    return false
  }, selectors)
  expect(settled, 'the layout settles after a resize').toBe(true)
}

/** Every visible control inside `selector` that is not wholly inside the viewport, described. */
export async function controlsOutsideViewport(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const vw = document.documentElement.clientWidth
    const vh = document.documentElement.clientHeight
    const out: string[] = []
    for (const root of document.querySelectorAll(sel)) {
      const all = [root, ...root.querySelectorAll('button, a, input, select, textarea, [role=menuitem], p, li')]
      for (const el of all) {
        const r = el.getBoundingClientRect()
        if (r.width === 0 || r.height === 0) continue
        if (getComputedStyle(el).visibility === 'hidden') continue
        // Scrolled out of a scrolling box that is itself on screen: reachable, so fine.
        let scroller = el.parentElement
        while (scroller && !(/(auto|scroll)/.test(getComputedStyle(scroller).overflowY) && scroller.scrollHeight > scroller.clientHeight)) scroller = scroller.parentElement
        if (scroller) {
          const s = scroller.getBoundingClientRect()
          if (r.top < s.top || r.bottom > s.bottom) continue
        }
        if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5) {
          out.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}" at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)} (viewport ${vw}×${vh})`)
        }
      }
    }
    return out
  }, selector)
}

/** The board's whole content as a box on screen, and the canvas box people can see it in. */
export async function contentOnScreen(page: Page) {
  return page.evaluate(() => {
    type Pt = { x: number; y: number }
    type Ed = { getCurrentPageBounds(): { x: number; y: number; w: number; h: number } | undefined; pageToScreen(p: Pt): Pt; getZoomLevel(): number }
    const { editor } = (window as unknown as { __circleboard: { editor: Ed } }).__circleboard
    const b = editor.getCurrentPageBounds()
    if (!b) return null
    const tl = editor.pageToScreen({ x: b.x, y: b.y })
    const br = editor.pageToScreen({ x: b.x + b.w, y: b.y + b.h })
    const c = document.querySelector('.board-canvas')!.getBoundingClientRect()
    const obstacles = [...document.querySelectorAll('.tlui-layout__bottom__main > *, .tlui-layout__top__left > *, .tlui-style-panel, .plan-panel')].map((el) => {
      const r = el.getBoundingClientRect()
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }
    })
    return { content: { left: tl.x, top: tl.y, right: br.x, bottom: br.y }, canvas: { left: c.left, top: c.top, right: c.right, bottom: c.bottom }, obstacles, zoom: editor.getZoomLevel() }
  })
}

/** Opens the plan panel if it is not open (inserting a template no longer opens it by itself). */
export async function openPlanPanel(page: Page) {
  if ((await page.getByTestId('plan-panel').count()) === 0) {
    // below 900 px the board's tools (Plan among them) sit under "Tools ▾"
    if (!(await page.getByTestId('plan-toggle').isVisible())) await page.getByTestId('bar-more').click()
    await page.getByTestId('plan-toggle').click()
  }
  await expect(page.getByTestId('plan-panel')).toBeVisible()
}
