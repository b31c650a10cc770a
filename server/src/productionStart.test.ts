/**
 * The README's `pnpm start`, as a supervisor or container runtime runs it: the server must be ONE
 * node process running the built bundle directly under pnpm (no wrapper script, shell or tsx in
 * between), and SIGTERM to the process that was started (pnpm) must stop it gracefully: exit 0,
 * port closed, nothing left running, and an edit made just before is in the database.
 *
 * The client build is skipped (CIRCLEBOARD_SKIP_CLIENT_BUILD=1); everything else is the real start
 * command, including building the relay when server/dist is stale.
 */
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import net from 'node:net'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { openRoomDocReadOnly } from './persistence/readOnly'
import { dbPath } from './persistence/schema'
import { cleanupAfterEach, connectClient, makeTempDir, randomRoomId, waitFor, waitForSynced } from './testing/relayHarness'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const cleanup = cleanupAfterEach()

/** Direct children of `pid`, with their command lines (Linux /proc). */
function childrenOf(pid: number): { pid: number; args: string[] }[] {
  const out: { pid: number; args: string[] }[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      // Field 4 (ppid) follows the parenthesised command name, which may itself contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid !== pid) continue
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean)
      out.push({ pid: Number(name), args })
    } catch {
      // The process ended while we looked.
    }
  }
  return out
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1')
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })
}

describe('production start (`pnpm start`)', () => {
  it('runs the built relay as one node process under pnpm and stops it gracefully on SIGTERM', async () => {
    const dataDir = makeTempDir('cb-start-')
    const pnpm = spawn('pnpm', ['start'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', CIRCLEBOARD_SKIP_CLIENT_BUILD: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    pnpm.stdout!.on('data', (d) => (out += d.toString()))
    pnpm.stderr!.on('data', (d) => (out += d.toString()))
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      pnpm.on('exit', (code, signal) => resolve({ code, signal })),
    )
    let serverPid = 0
    let seen: number[] = []
    cleanup.push(() => {
      // Only if the test failed half-way: never leave anything it started running.
      for (const pid of seen) if (alive(pid)) process.kill(pid, 'SIGKILL')
      if (pnpm.exitCode === null) pnpm.kill('SIGKILL')
    })

    await waitFor(() => /Circleboard is running at http:\/\//.test(out), `the relay to start; output:\n${out}`, 90_000)
    const url = /Circleboard is running at (http:\/\/[^\s/]+)\//.exec(out)![1]
    const port = Number(new URL(url).port)

    // The process tree: pnpm → node server/dist/main.js, and nothing below that.
    const children = childrenOf(pnpm.pid!)
    seen = children.flatMap((c) => [c.pid, ...childrenOf(c.pid).map((g) => g.pid)])
    expect(children.map((c) => c.args.join(' '))).toEqual([expect.stringMatching(/^\S*node server\/dist\/main\.js$/)])
    serverPid = children[0].pid
    expect(childrenOf(serverPid)).toEqual([])
    expect(children[0].args.join(' ')).not.toMatch(/tsx/)

    // An edit, seen by a second person (so the relay has handled it), then straight to SIGTERM.
    const room = randomRoomId()
    const a = connectClient({ url }, room)
    const b = connectClient({ url }, room)
    cleanup.push(() => a.destroy(), () => b.destroy())
    await Promise.all([waitForSynced(a), waitForSynced(b)])
    a.doc.getMap('m').set('written', 'just before SIGTERM')
    await waitFor(() => b.doc.getMap('m').get('written') === 'just before SIGTERM', 'b sees the edit')

    pnpm.kill('SIGTERM')
    const { code, signal } = await exited
    expect({ code, signal }).toEqual({ code: 0, signal: null })
    expect(out).toMatch(/"msg":"shutting down","signal":"SIGTERM"/)
    expect(out).toMatch(/"msg":"relay stopped"/)
    expect(out).not.toMatch(/ELIFECYCLE/)
    await waitFor(() => !alive(serverPid), 'the server process to be gone', 5_000)
    expect(await portOpen(port)).toBe(false)

    a.destroy()
    b.destroy()
    // Closed, not crashed: the last connection's close checkpoints the WAL and removes it.
    expect(existsSync(`${dbPath(dataDir)}-wal`)).toBe(false)
    const stored = openRoomDocReadOnly(dataDir, room)
    expect(stored?.getMap('m').get('written')).toBe('just before SIGTERM')
  })

  it('stops the relay gracefully when pnpm itself is killed outright (SIGKILL passes nothing on)', async () => {
    const dataDir = makeTempDir('cb-start-')
    const pnpm = spawn('pnpm', ['start'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', CIRCLEBOARD_SKIP_CLIENT_BUILD: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    pnpm.stdout!.on('data', (d) => (out += d.toString()))
    pnpm.stderr!.on('data', (d) => (out += d.toString()))
    let seen: number[] = []
    cleanup.push(() => {
      for (const pid of seen) if (alive(pid)) process.kill(pid, 'SIGKILL')
      if (pnpm.exitCode === null) pnpm.kill('SIGKILL')
    })
    await waitFor(() => /Circleboard is running at http:\/\//.test(out), `the relay to start; output:\n${out}`, 90_000)
    const port = Number(new URL(/Circleboard is running at (http:\/\/[^\s/]+)\//.exec(out)![1]).port)
    const children = childrenOf(pnpm.pid!)
    seen = children.map((c) => c.pid)
    expect(children).toHaveLength(1)
    const serverPid = children[0].pid

    pnpm.kill('SIGKILL')
    // The relay's stdout went to pnpm's pipe, now closed: judge by the process and the port.
    await waitFor(() => !alive(serverPid), 'the orphaned relay to stop', 15_000)
    expect(await portOpen(port)).toBe(false)
    // Closed, not crashed (an EPIPE on its orphaned stdout must not end it early).
    expect(existsSync(`${dbPath(dataDir)}-wal`)).toBe(false)
  })
})
