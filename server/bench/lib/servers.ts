/**
 * The two servers the relay benchmarks compare, each as its own node process, the way people run
 * them: ours is the production build (`node server/dist/main.js`, what `pnpm start` runs, SQLite
 * persistence on); the reference is `@y/websocket-server` 0.1.1's own server
 * (`node node_modules/@y/websocket-server/src/server.js`, i.e. `npx y-websocket`: `setupWSConnection`
 * from `@y/websocket-server/utils`, no persistence).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url))
const require = createRequire(import.meta.url)

export type ServerKind = 'ours' | 'reference'
/** Also `before`: an earlier build of ours (a `server/dist`-like folder, `BEFORE_DIST`), for before/after runs. */
export type BuildKind = ServerKind | 'before'

export type BenchServer = {
  kind: BuildKind
  label: string
  pid: number
  port: number
  /** WebSocket URL of a room. */
  roomUrl(room: string): string
  /** Resident set size of the server process, bytes (from /proc). */
  rss(): number
  /** CPU time (user + system) the server process has used, ms. */
  cpuMs(): number
  stop(): Promise<void>
}

export const LABEL: Record<BuildKind, string> = {
  ours: 'circleboard relay (built, SQLite on)',
  reference: '@y/websocket-server 0.1.1',
  before: 'circleboard relay, earlier build (BEFORE_DIST)',
}

/** Builds server/dist once per bench run, so "ours" is exactly what `pnpm start` runs. */
let built = false
export function buildOurs(): void {
  if (built) return
  const r = spawnSync(process.execPath, [path.join(SERVER_DIR, 'build.mjs')], { stdio: 'inherit' })
  if (r.status !== 0) throw new Error('server build failed')
  built = true
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
}

export function procRss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const m = /VmRSS:\s+(\d+) kB/.exec(status)
  if (!m) throw new Error(`no VmRSS for ${pid}`)
  return Number(m[1]) * 1024
}

export function procCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime, stime are fields 14 and 15 (1-based); after ") " the list starts at field 3.
  const ticks = Number(fields[11]) + Number(fields[12])
  return (ticks * 1000) / 100 // CLK_TCK is 100 on Linux
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const start = Date.now()
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output()}`)
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1')
      s.once('connect', () => {
        s.destroy()
        resolve(true)
      })
      s.once('error', () => resolve(false))
    })
    if (ok) return
    if (Date.now() - start > 20_000) throw new Error(`server did not listen on ${port}:\n${output()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/**
 * Starts one server. `env` adds environment variables (ours: limits such as
 * MAX_CONNECTIONS_PER_ROOM; the reference reads none of them).
 */
export async function startServer(kind: BuildKind, env: Record<string, string> = {}): Promise<BenchServer> {
  const port = await freePort()
  let script: string
  let dataDir: string | null = null
  if (kind === 'ours' || kind === 'before') {
    if (kind === 'ours') buildOurs()
    // BEFORE_DIST must sit inside server/ (e.g. server/dist-before), where node finds better-sqlite3.
    script = kind === 'ours' ? path.join(SERVER_DIR, 'dist/main.js') : path.resolve(process.env.BEFORE_DIST ?? '', 'main.js')
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-bench-'))
  } else {
    script = path.join(path.dirname(require.resolve('@y/websocket-server/package.json')), 'src/server.js')
  }
  // BENCH_NODE_ARGS_OURS / BENCH_NODE_ARGS_REFERENCE: extra node flags, e.g. --cpu-prof.
  const nodeArgs = (process.env[`BENCH_NODE_ARGS_${kind.toUpperCase()}`] ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: SERVER_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...(dataDir ? { DATA_DIR: dataDir } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d.toString()))
  child.stderr!.on('data', (d) => (out += d.toString()))
  await waitForPort(port, child, () => out)
  const pid = child.pid!
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    kind,
    label: LABEL[kind],
    pid,
    port,
    roomUrl: (room) => (kind !== 'reference' ? `ws://127.0.0.1:${port}/sync/${room}` : `ws://127.0.0.1:${port}/${room}`),
    rss: () => procRss(pid),
    cpuMs: () => procCpuMs(pid),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000)
        await exited
        clearTimeout(t)
      }
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A room id our relay accepts (22 url-safe characters); the reference takes any path. */
export function benchRoomId(): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  let s = ''
  for (let i = 0; i < 22; i++) s += abc[Math.floor(Math.random() * 64)]
  return s
}

/** Our relay's mean time to append one update to SQLite so far, ms (from /metrics). */
export async function oursPersistMeanMs(server: BenchServer): Promise<number> {
  if (server.kind === 'reference') return NaN
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text()
  const sum = Number(/^circleboard_persist_seconds_sum (\S+)/m.exec(text)?.[1])
  const count = Number(/^circleboard_persist_seconds_count (\S+)/m.exec(text)?.[1])
  return count > 0 ? (sum / count) * 1000 : NaN
}
