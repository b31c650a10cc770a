/**
 * Memory growth after opening and closing many rooms: our relay vs the reference
 * `@y/websocket-server@0.1.1` (`setupWSConnection`), in the same process, same client load.
 *
 *   pnpm --filter @circleboard/server bench            # 20,000 rooms
 *   ROOMS=2000 pnpm --filter @circleboard/server bench # quicker
 *
 * Each room: connect, send sync step 1 and one small update (a sticky's worth), wait for the
 * relay's first message, close. Growth = memory after the run (rooms idle, gc'd) minus before.
 * The reference runs twice: as shipped (no persistence configured, which is how `npx
 * y-websocket` runs: docs are never freed) and with a no-op persistence (docs freed when the
 * last connection closes), so the comparison is not only against its leak.
 */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import * as encoding from 'lib0/encoding'
import { WebSocket, WebSocketServer } from 'ws'
import * as Y from 'yjs'
import { silentLogger } from '../src/log'
import { startRelay } from '../src/relay/Relay'

const ROOMS = Number(process.env.ROOMS ?? 20_000)
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 25)
const IDLE_MS = 1_000
/** Rooms visited before the baseline, so code paths, caches and allocator arenas are warm. */
const WARMUP = Number(process.env.WARMUP ?? 500)

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) {
  console.error('Run with node --expose-gc (use: pnpm --filter @circleboard/server bench).')
  process.exit(1)
}

type Mem = { heapUsed: number; rss: number; external: number }

async function settle(): Promise<Mem> {
  for (let i = 0; i < 4; i++) {
    gc!()
    await new Promise((r) => setTimeout(r, 50))
  }
  const m = process.memoryUsage()
  return { heapUsed: m.heapUsed, rss: m.rss, external: m.external }
}

function clientFrames(): Uint8Array[] {
  const doc = new Y.Doc()
  doc.getMap('records').set('shape:note1', { x: 10, y: 20, text: 'Call Sam' })
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  const step1 = encoding.createEncoder()
  encoding.writeVarUint(step1, 0)
  encoding.writeVarUint(step1, 0)
  encoding.writeVarUint8Array(step1, new Uint8Array([0]))
  const upd = encoding.createEncoder()
  encoding.writeVarUint(upd, 0)
  encoding.writeVarUint(upd, 2)
  encoding.writeVarUint8Array(upd, update)
  return [encoding.toUint8Array(step1), encoding.toUint8Array(upd)]
}

const FRAMES = clientFrames()

function visitRoom(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false })
    let done = false
    ws.on('open', () => {
      for (const f of FRAMES) ws.send(f)
    })
    ws.on('message', () => {
      if (done) return
      done = true
      ws.close()
    })
    ws.on('close', () => resolve())
    ws.on('error', reject)
  })
}

async function visitRooms(urlFor: (i: number) => string, count = ROOMS): Promise<number> {
  const t0 = performance.now()
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      await visitRoom(urlFor(i))
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return performance.now() - t0
}

type Row = { name: string; before: Mem; after: Mem; ms: number }

async function benchOurs(): Promise<Row> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-bench-'))
  const relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir, logger: silentLogger, limits: { roomIdleMs: IDLE_MS } })
  const ws = relay.url.replace('http', 'ws')
  await visitRooms((i) => `${ws}/sync/warmup-room-${i}`, WARMUP)
  await new Promise((r) => setTimeout(r, IDLE_MS * 1.5))
  const before = await settle()
  const ms = await visitRooms((i) => `${ws}/sync/bench-room-${i.toString().padStart(6, '0')}`)
  await new Promise((r) => setTimeout(r, IDLE_MS * 1.5)) // let idle rooms unload
  const after = await settle()
  const stats = relay.stats()
  await relay.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
  if (stats.rooms !== 0) console.warn(`warning: ${stats.rooms} rooms still loaded after idle period`)
  return { name: 'circleboard relay', before, after, ms }
}

async function benchReference(withNoopPersistence: boolean): Promise<Row> {
  const utils = await import('@y/websocket-server/utils')
  if (withNoopPersistence) {
    utils.setPersistence({ provider: null, bindState: () => {}, writeState: async () => {} })
  }
  const wss = new WebSocketServer({ noServer: true })
  const server = http.createServer()
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (conn) => utils.setupWSConnection(conn, req))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const port = (server.address() as { port: number }).port
  const prefix = withNoopPersistence ? 'ref-p' : 'ref'
  await visitRooms((i) => `ws://127.0.0.1:${port}/${prefix}-warmup-${i}`, WARMUP)
  const before = await settle()
  const ms = await visitRooms((i) => `ws://127.0.0.1:${port}/${prefix}-room-${i.toString().padStart(6, '0')}`)
  await new Promise((r) => setTimeout(r, IDLE_MS * 1.5))
  const after = await settle()
  wss.close()
  server.closeAllConnections()
  await new Promise<void>((r) => server.close(() => r()))
  // Free the reference's retained docs so a following run starts clean.
  for (const doc of utils.docs.values()) doc.destroy()
  utils.docs.clear()
  utils.setPersistence(null)
  return {
    name: withNoopPersistence ? '@y/websocket-server 0.1.1 (no-op persistence)' : '@y/websocket-server 0.1.1 (as shipped)',
    before,
    after,
    ms,
  }
}

const mb = (n: number) => (n / (1024 * 1024)).toFixed(1)

async function main() {
  console.log(
    `rooms-memory: ${ROOMS} rooms (after ${WARMUP} warm-up rooms), ${CONCURRENCY} at a time, node ${process.version}, ${os.cpus().length} CPUs`,
  )
  const rows: Row[] = []
  rows.push(await benchOurs())
  rows.push(await benchReference(false))
  rows.push(await benchReference(true))
  console.log('')
  console.log('| server | heap growth MB | RSS growth MB | external growth MB | time s |')
  console.log('|---|---:|---:|---:|---:|')
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${mb(r.after.heapUsed - r.before.heapUsed)} | ${mb(r.after.rss - r.before.rss)} | ${mb(r.after.external - r.before.external)} | ${(r.ms / 1000).toFixed(1)} |`,
    )
  }
  const ours = rows[0].after.heapUsed - rows[0].before.heapUsed
  for (const r of rows.slice(1)) {
    const theirs = r.after.heapUsed - r.before.heapUsed
    console.log(`heap growth ratio, ${r.name} / ours: ${(theirs / Math.max(ours, 1)).toFixed(1)}x`)
  }
  const oursRss = rows[0].after.rss - rows[0].before.rss
  const target = 30 * 1024 * 1024
  console.log(`target: our relay grows < 30 MB -> heap ${ours < target ? 'met' : 'MISSED'}, RSS ${oursRss < target ? 'met' : 'MISSED'}`)
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
