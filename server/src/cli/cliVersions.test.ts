/**
 * `pnpm cli versions` and `pnpm cli export --room --version` against a database a real relay
 * wrote, while the relay still runs; and a backup that carries the versions.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { deleteRecord, readAllRecords, setBoardName, writeRecord, type VersionInfo } from '@circleboard/shared'
import { jPathBoardRecords } from '@circleboard/templates'
import { runCli } from './cli'
import { cleanupAfterEach, makeTempDir, randomRoomId, startTestRelay, waitFor } from '../testing/relayHarness'
import { connectVersionsClient, type VersionsClient } from '../testing/versionsClient'

const tmp = makeTempDir('cb-cli-versions-')
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))
const cleanup = cleanupAfterEach()

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: tmp })
  return { code, stdout, stderr }
}

async function save(c: VersionsClient, reqId: string, name: string, author: string): Promise<VersionInfo> {
  c.send({ t: 'save', reqId, name, reason: 'manual', author })
  return (await c.next('saved', (m) => m.reqId === reqId, 0)).version
}

describe('pnpm cli versions / export --version', () => {
  it('lists versions and exports a version’s plan while the relay runs; a backup carries them', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const c = connectVersionsClient(relay, room)
    cleanup.push(c.destroy)
    await waitFor(() => c.provider.synced, 'synced')
    c.doc.transact(() => {
      setBoardName(c.doc, "J's PATH")
      for (const r of jPathBoardRecords()) writeRecord(c.doc, r)
    })
    await save(c, 'a', 'PATH, 12 January', 'Ana')
    // Remove the first-step action card's sticky and save again: version 2 no longer has it.
    const action = readAllRecords(c.doc).find((r) => r.type === 'note' && JSON.stringify(r).includes('café owner'))
    expect(action).toBeDefined()
    deleteRecord(c.doc, action!.id as string)
    await save(c, 'b', '', 'Ben')

    const listed = await run('versions', '--room', room, '--data-dir', relay.dataDir)
    expect(listed.code).toBe(0)
    const lines = listed.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^n +saved \(UTC\) +kind +title +by +changes +size$/)
    expect(lines).toHaveLength(3)
    expect(lines[1]).toMatch(/^2 +\d{4}-\d\d-\d\d \d\d:\d\d +auto +Saved version +Ben +1 action dropped +\d+ KB$/)
    expect(lines[2]).toMatch(/^1 +\d{4}-\d\d-\d\d \d\d:\d\d +named +PATH, 12 January +Ana +\d+ notes, \d+ actions? +\d+ KB$/)

    const v1 = await run('export', '--room', room, '--version', '1', '--format', 'md', '--data-dir', relay.dataDir)
    expect(v1.stderr).toBe('')
    expect(v1.code).toBe(0)
    expect(v1.stdout).toContain("# J's PATH — plan")
    expect(v1.stdout).toContain('Call the café owner')
    const v2 = await run('export', '--room', room, '--version', '2', '--format', 'csv', '--data-dir', relay.dataDir)
    expect(v2.code).toBe(0)
    expect(v2.stdout).not.toContain('Call the café owner')

    // Clear errors.
    const noVersion = await run('export', '--room', room, '--version', '7', '--data-dir', relay.dataDir)
    expect(noVersion.code).toBe(1)
    expect(noVersion.stderr).toMatch(new RegExp(`Board "${room}" has no version 7`))
    const noRoom = await run('versions', '--room', 'abcdefghjk', '--data-dir', relay.dataDir)
    expect(noRoom.code).toBe(1)
    expect(noRoom.stderr).toMatch(/No board "abcdefghjk"/)
    expect((await run('export', '--room', 'abcdefghjk', '--version', '1', '--data-dir', relay.dataDir)).stderr).toMatch(/No board "abcdefghjk"/)
    expect((await run('export', '--room', room, '--version', 'x', '--data-dir', relay.dataDir)).code).toBe(2)
    expect((await run('export', '--version', '1', '--data-dir', relay.dataDir)).stderr).toMatch(/--version needs --room/)
    expect((await run('versions', '--data-dir', relay.dataDir)).code).toBe(2)

    // The backup (taken while the relay runs) holds the versions: list and export from the copy.
    const backup = await run('backup', path.join('copy', 'circleboard.sqlite'), '--data-dir', relay.dataDir)
    expect(backup.code).toBe(0)
    const copyDir = path.join(tmp, 'copy')
    const fromCopy = await run('versions', '--room', room, '--data-dir', copyDir)
    expect(fromCopy.stdout).toBe(listed.stdout)
    const exported = await run('export', '--room', room, '--version', '1', '--format', 'md', '--data-dir', copyDir)
    expect(exported.stdout).toBe(v1.stdout)
  })

  it('a board without versions says so', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const c = connectVersionsClient(relay, room)
    cleanup.push(c.destroy)
    await waitFor(() => c.provider.synced, 'synced')
    c.doc.getMap('records').set('shape:a', 1)
    await waitFor(() => relay.metrics.updatesStored >= 1, 'stored')
    const r = await run('versions', '--room', room, '--data-dir', relay.dataDir)
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/no saved versions yet/)
  })
})
