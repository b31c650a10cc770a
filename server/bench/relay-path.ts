/**
 * The relay's own time per update on the path from a received frame to the last socket write, in
 * the server process: from the moment `ws` emits the writer's message to the end of the last
 * socket write for it (`socket.write`, or the `uncork` that flushes ws's two-buffer frame), both as
 * wall time (median, p90) and as process CPU time (mean), and the time the message handling takes
 * in all (what runs after the last write included). Latency end to end (`bench:fanout`) on a
 * shared 2-core machine is mostly scheduling; this is the part the relay decides, and CPU time
 * barely moves with the machine's load.
 *
 *   pnpm --filter @circleboard/server bench:path
 *   RECEIVERS=10 UPDATES=2000 ROUNDS=3 pnpm --filter @circleboard/server bench:path
 *   BEFORE_SRC=.before-src  also runs an earlier copy of server/src (inside server/, for module
 *                           resolution), e.g. `git archive <commit> server/src`, for before/after.
 *
 * Each server runs in its own child process (KIND=ours|before|reference), in the same process as
 * its clients (raw ws sockets; their handling never runs inside the measured synchronous span).
 * Ours is the TypeScript source with SQLite persistence on (every update stored before relayed);
 * the reference is `@y/websocket-server` 0.1.1's `setupWSConnection` (stores nothing).
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { fmt, median, percentile, receivers, sleep, Tally, Writer } from './lib/clients'

const RECEIVERS = (process.env.RECEIVERS ?? '10,100').split(',').map(Number)
const UPDATES = Number(process.env.UPDATES ?? 2000)
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const RATE = Number(process.env.RATE ?? 200)
const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url))

type Result = { firstWallMs: number; lastWallP50: number; lastWallP90: number; lastCpuMean: number; totalWallP50: number; totalCpuMean: number; n: number }

/** Child: one server kind, one receiver count; prints a Result as JSON. */
async function child(kind: string, n: number): Promise<void> {
  const require = createRequire(import.meta.url)
  let url: (room: string) => string
  let stop: () => Promise<void>
  let wsModule: { WebSocket: { prototype: { emit: (...a: unknown[]) => boolean } } }
  if (kind === 'reference') {
    const refDir = path.dirname(require.resolve('@y/websocket-server/package.json'))
    const refRequire = createRequire(path.join(refDir, 'src/utils.js'))
    wsModule = { WebSocket: refRequire('ws') }
    const { setupWSConnection } = await import(pathToFileURL(path.join(refDir, 'src/utils.js')).href)
    const http = await import('node:http')
    const WS = refRequire('ws')
    const wss = new WS.Server({ noServer: true })
    wss.on('connection', setupWSConnection)
    const server = http.createServer((_q, r) => r.end('okay'))
    server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws: unknown) => wss.emit('connection', ws, req)))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    const port = (server.address() as net.AddressInfo).port
    url = (room) => `ws://127.0.0.1:${port}/${room}`
    stop = async () => {
      server.close()
      server.closeAllConnections()
    }
  } else {
    const src = kind === 'before' ? path.resolve(SERVER_DIR, process.env.BEFORE_SRC ?? '') : path.join(SERVER_DIR, 'src')
    wsModule = { WebSocket: (await import('ws')).WebSocket as never }
    const { startRelay } = await import(pathToFileURL(path.join(src, 'relay/Relay.ts')).href)
    const { silentLogger } = await import(pathToFileURL(path.join(src, 'log.ts')).href)
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-path-'))
    const relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir, logger: silentLogger, limits: { maxConnectionsPerRoom: 600 } })
    url = (room) => `${relay.url.replace(/^http/, 'ws')}/sync/${room}`
    stop = async () => {
      await relay.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }
  // Measure: a server-side 'message' emit opens a span; every socket write/uncork inside it
  // records the time and CPU at its end; the span's last one is the last write for the update.
  let inSpan = false
  let lastWall = 0
  let lastCpu = 0
  const spans: { first: number; last: number; lastCpu: number; total: number; totalCpu: number }[] = []
  let firstWall = 0
  const cpuMs = () => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  const proto = net.Socket.prototype as unknown as Record<string, (...a: unknown[]) => unknown>
  for (const name of ['write', 'uncork']) {
    const original = proto[name]
    proto[name] = function (this: net.Socket, ...args: unknown[]) {
      const r = original.apply(this, args)
      if (inSpan && (name === 'uncork' || !this.writableCorked)) {
        lastWall = performance.now()
        lastCpu = cpuMs()
        if (firstWall === 0) firstWall = lastWall
      }
      return r
    }
  }
  const emit = wsModule.WebSocket.prototype.emit
  wsModule.WebSocket.prototype.emit = function (this: { _isServer: boolean }, event: unknown, ...args: unknown[]) {
    if (event !== 'message' || !this._isServer || inSpan) return emit.call(this, event, ...args)
    inSpan = true
    lastWall = 0
    firstWall = 0
    const c0 = cpuMs()
    const t0 = performance.now()
    try {
      return emit.call(this, event, ...args)
    } finally {
      const t1 = performance.now()
      const c1 = cpuMs()
      inSpan = false
      if (lastWall > 0) spans.push({ first: firstWall - t0, last: lastWall - t0, lastCpu: lastCpu - c0, total: t1 - t0, totalCpu: c1 - c0 })
    }
  }
  const room = 'pathbench' + Math.random().toString(36).slice(2, 12)
  const tally = new Tally(UPDATES + 10)
  const rs = await receivers(url(room), n, tally)
  const writer = new Writer(url(room), tally)
  await writer.ready
  await sleep(200)
  spans.length = 0
  // Paced, so that each update is handled alone (no queue of frames behind it).
  for (let i = 0; i < UPDATES; i++) {
    writer.send()
    await sleep(1000 / RATE)
  }
  await sleep(500)
  writer.close()
  for (const r of rs) r.close()
  await stop()
  const s = spans.slice(20) // the first few warm the JIT
  const sorted = (f: (x: (typeof s)[number]) => number) => s.map(f).sort((a, b) => a - b)
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  const result: Result = {
    firstWallMs: median(s.map((x) => x.first)),
    lastWallP50: percentile(sorted((x) => x.last), 50),
    lastWallP90: percentile(sorted((x) => x.last), 90),
    lastCpuMean: mean(s.map((x) => x.lastCpu)),
    totalWallP50: percentile(sorted((x) => x.total), 50),
    totalCpuMean: mean(s.map((x) => x.totalCpu)),
    n: s.length,
  }
  process.stdout.write(JSON.stringify(result) + '\n')
  process.exit(0)
}

async function main(): Promise<void> {
  const kinds = ['ours', 'reference', ...(process.env.BEFORE_SRC ? ['before'] : [])]
  console.log(`relay path: ${UPDATES} updates of ~224 B per run, receivers ${RECEIVERS.join('/')}, ${ROUNDS} rounds; servers ${kinds.join(', ')}`)
  console.log(`load average at the start: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`)
  const rows: string[] = []
  for (const n of RECEIVERS) {
    const res: Record<string, Result[]> = {}
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < kinds.length; i++) {
        const kind = kinds[(i + round) % kinds.length]
        const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
          cwd: SERVER_DIR,
          env: { ...process.env, PATH_CHILD_KIND: kind, PATH_CHILD_N: String(n) },
          encoding: 'utf8',
          maxBuffer: 1 << 24,
        })
        const line = r.stdout.trim().split('\n').pop() ?? ''
        if (r.status !== 0 || !line.startsWith('{')) throw new Error(`${kind} failed:\n${r.stdout}\n${r.stderr}`)
        const x = JSON.parse(line) as Result
        ;(res[kind] ??= []).push(x)
        console.log(
          `  ${String(n).padStart(3)} receivers, round ${round + 1}, ${kind.padEnd(9)}: to last write p50 ${fmt(x.lastWallP50, 3)} / p90 ${fmt(x.lastWallP90, 3)} ms, ` +
            `CPU ${fmt(x.lastCpuMean, 3)} ms; to first write ${fmt(x.firstWallMs, 3)} ms; whole handling p50 ${fmt(x.totalWallP50, 3)} ms, CPU ${fmt(x.totalCpuMean, 3)} ms (${x.n} updates)`,
        )
      }
    }
    const m = (k: string, f: keyof Result) => median(res[k].map((r) => r[f]))
    for (const k of kinds) {
      rows.push(
        `| ${n} | ${k} | ${fmt(m(k, 'firstWallMs'), 3)} | ${fmt(m(k, 'lastWallP50'), 3)} | ${fmt(m(k, 'lastWallP90'), 3)} | ${fmt(m(k, 'lastCpuMean'), 3)} | ` +
          `**${fmt(m(k, 'lastWallP50') / m('reference', 'lastWallP50'), 2)}×** | ${fmt(m(k, 'totalWallP50'), 3)} | ${fmt(m(k, 'totalCpuMean'), 3)} |`,
      )
    }
  }
  console.log('\nmedian over rounds, per update, in the server process (ratio: to last write p50, ours / reference):\n')
  console.log('| receivers | server | to first write ms | to last write p50 ms | p90 ms | CPU to last write ms (mean) | ratio | whole handling p50 ms | whole handling CPU ms |')
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|')
  for (const r of rows) console.log(r)
  console.log(`\nload average at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`)
}

if (process.env.PATH_CHILD_KIND) {
  child(process.env.PATH_CHILD_KIND, Number(process.env.PATH_CHILD_N)).catch((e) => {
    console.error(e)
    process.exit(1)
  })
} else {
  main().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
