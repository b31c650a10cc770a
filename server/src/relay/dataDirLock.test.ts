/**
 * One relay per DATA_DIR (audit F4): a second relay on the same folder refuses to start, with a
 * message; the CLI's read-only commands keep working next to the running relay.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runCli, type CliIo } from '../cli/cli'
import { connectClient, makeTempDir, randomRoomId, startTestRelay, waitFor, waitForSynced, cleanupAfterEach } from '../testing/relayHarness'

const cleanup = cleanupAfterEach()
const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url))

function io(dataDir: string) {
  const out: string[] = []
  const err: string[] = []
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env: { DATA_DIR: dataDir }, cwd: dataDir }
  return { io: value, out, err }
}

describe('DATA_DIR lock', () => {
  it('refuses a second relay on the same data folder until the first stops', async () => {
    const dataDir = makeTempDir()
    const first = await startTestRelay({ dataDir })
    cleanup.push(() => first.close())
    await expect(startTestRelay({ dataDir })).rejects.toThrow(/Another Circleboard relay is already running with DATA_DIR/)
    // Another folder is fine.
    const elsewhere = await startTestRelay()
    await elsewhere.close()
    await first.close()
    const second = await startTestRelay({ dataDir })
    await second.close()
  })

  // Starting tsx in a child process is slow on a busy machine: a generous ceiling, no inner timer.
  it('a relay process exits non-zero with a clear message; the first one keeps serving', { timeout: 90_000 }, async () => {
    const first = await startTestRelay()
    cleanup.push(() => first.close())
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'main.ts')], {
      cwd: SERVER_DIR,
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', DATA_DIR: first.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    // Only if it wrongly started: do not leave it running.
    cleanup.push(() => child.exitCode === null && child.kill('SIGKILL'))
    let output = ''
    child.stdout!.on('data', (d) => (output += d.toString()))
    child.stderr!.on('data', (d) => (output += d.toString()))
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c))
      child.stdout!.on('data', () => {
        if (output.includes('Circleboard is running at')) child.kill('SIGKILL')
      })
    })
    expect(output).toContain('Another Circleboard relay is already running with DATA_DIR')
    expect(code).toBe(1)
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200)
  })

  it('leaves the read-only CLI commands working while the relay runs', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const a = connectClient(relay, room)
    cleanup.push(a.destroy)
    await waitForSynced(a)
    a.doc.getMap('records').set('document:document', { id: 'document:document', typeName: 'document', name: 'Locked test', gridSize: 10, meta: {} })
    await waitFor(() => relay.metrics.updatesStored >= 1, 'stored')

    const rooms = io(relay.dataDir)
    expect(await runCli(['rooms', '--data-dir', relay.dataDir], rooms.io)).toBe(0)
    expect(rooms.out.join('')).toContain(room)
    const exp = io(relay.dataDir)
    expect(await runCli(['export', '--room', room, '--data-dir', relay.dataDir], exp.io), exp.err.join('')).toBe(0)
    const backupFile = path.join(makeTempDir(), 'backup.sqlite')
    const bak = io(relay.dataDir)
    expect(await runCli(['backup', backupFile, '--data-dir', relay.dataDir], bak.io), bak.err.join('')).toBe(0)
    expect(fs.statSync(backupFile).size).toBeGreaterThan(0)
  })
})
