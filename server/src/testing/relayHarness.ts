import { afterEach } from 'vitest'
/**
 * Test helpers: a real relay on port 0 in a temp dir, stock y-websocket providers, raw sockets.
 * No mocked sockets anywhere.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { silentLogger } from '../log'
import { startRelay, type Relay, type RelayOptions } from '../relay/Relay'

export function makeTempDir(prefix = 'cb-relay-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

export async function startTestRelay(opts: Partial<RelayOptions> = {}): Promise<Relay & { dataDir: string }> {
  const dataDir = opts.dataDir ?? makeTempDir()
  const relay = await startRelay({ host: '127.0.0.1', port: 0, logger: silentLogger, ...opts, dataDir })
  return Object.assign(relay, { dataDir })
}

export function wsUrl(relay: Pick<Relay, 'url'>): string {
  return relay.url.replace(/^http/, 'ws')
}

export type TestClient = { doc: Y.Doc; provider: WebsocketProvider; destroy(): void }

/** A stock y-websocket client (BroadcastChannel off, so only the relay can carry updates). */
export function connectClient(
  relay: Pick<Relay, 'url'>,
  roomId: string,
  opts: { doc?: Y.Doc; path?: 'sync' | 'view' } = {},
): TestClient {
  const doc = opts.doc ?? new Y.Doc()
  const provider = new WebsocketProvider(`${wsUrl(relay)}/${opts.path ?? 'sync'}`, roomId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  })
  return {
    doc,
    provider,
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Polls until `check` returns true (or throws after `timeoutMs` with `what`). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for: ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

export function waitForSynced(client: TestClient): Promise<void> {
  return waitFor(() => client.provider.synced, 'provider synced')
}

export function randomRoomId(): string {
  return 'room' + Math.random().toString(36).slice(2, 12).padEnd(10, 'x')
}

export type RawClient = {
  ws: WebSocket
  messages: Buffer[]
  closed: Promise<{ code: number; reason: string }>
  opened: Promise<void>
}

/** A bare `ws` socket for sending hand-made frames. Resolves `closed` with the close code we got. */
export function rawClient(url: string, options: WebSocket.ClientOptions = {}): RawClient {
  const ws = new WebSocket(url, options)
  const messages: Buffer[] = []
  ws.on('message', (data) => messages.push(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer)))
  ws.on('error', () => {})
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('close', () => reject(new Error('closed before open')))
  })
  opened.catch(() => {})
  return { ws, messages, closed, opened }
}

/** The HTTP status a failed upgrade answered with. */
export function upgradeStatus(url: string, options: WebSocket.ClientOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options)
    ws.on('error', () => {})
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      res.resume()
      ws.terminate()
    })
    ws.once('open', () => {
      ws.terminate()
      reject(new Error('upgrade unexpectedly succeeded'))
    })
  })
}

/** A y-websocket sync update frame carrying `update`. */
export function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 2)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

/** Things to undo after each test, last registered first (clients before the relay they use). */
export function cleanupAfterEach(): (() => unknown)[] {
  const list: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of list.splice(0).reverse()) await fn()
  })
  return list
}

/** Two stock clients in one room, both synced; `cleanup` destroys them. */
export async function syncedPair(
  relay: Pick<Relay, 'url'>,
  room: string,
  cleanup: (() => unknown)[]
): Promise<[TestClient, TestClient]> {
  const a = connectClient(relay, room)
  const b = connectClient(relay, room)
  cleanup.push(a.destroy, b.destroy)
  await Promise.all([waitForSynced(a), waitForSynced(b)])
  return [a, b]
}
