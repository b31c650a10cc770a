/**
 * `pnpm cli versions`, `pnpm cli versions delete` and `pnpm cli export --room --version` against
 * a database a real relay wrote, while the relay still runs; and a backup that carries the versions.
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

async function save(
  c: VersionsClient,
  reqId: string,
  name: string,
  author: string,
  reason: 'manual' | 'before-import' = 'manual',
): Promise<VersionInfo> {
  c.send({ t: 'save', reqId, name, reason, author })
  return (await c.next('saved', (m) => m.reqId === reqId, 0)).version
}

/** A running relay with J's PATH board in a new room, and a client synced to it. */
async function relayWithJPath(opts: Parameters<typeof startTestRelay>[0] = {}) {
  const relay = await startTestRelay(opts)
  cleanup.push(() => relay.close())
  const room = randomRoomId()
  const c = connectVersionsClient(relay, room)
  cleanup.push(c.destroy)
  await waitFor(() => c.provider.synced, 'synced')
  c.doc.transact(() => {
    setBoardName(c.doc, "J's PATH")
    for (const r of jPathBoardRecords()) writeRecord(c.doc, r)
  })
  return { relay, room, c }
}

describe('pnpm cli versions / export --version', () => {
  it('lists versions and exports a version’s plan while the relay runs; a backup carries them', async () => {
    const { relay, room, c } = await relayWithJPath()
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

describe('pnpm cli versions delete', () => {
  /** A relay with a J PATH board and three versions; each later one lacks one more note. */
  async function boardWithThreeVersions(secret: string, opts: Parameters<typeof startTestRelay>[0] = {}) {
    const { relay, room, c } = await relayWithJPath(opts)
    const notes = () => readAllRecords(c.doc).filter((r) => r.type === 'note')
    const v1 = await save(c, 'a', 'First', 'Ana')
    deleteRecord(c.doc, notes()[0].id as string)
    const v2 = await save(c, 'b', secret, 'Ben')
    deleteRecord(c.doc, notes()[0].id as string)
    const v3 = await save(c, 'c', 'Third', 'Cy')
    return { relay, room, c, v1, v2, v3, notes }
  }
  const listed = async (room: string, dir: string) =>
    (await run('versions', '--room', room, '--data-dir', dir)).stdout
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(' ')[0]))

  it('deletes exactly that version while the relay runs, its bytes overwritten in the files; refuses bad numbers and unknown ones', async () => {
    // A name nobody else has, to look for in the database files afterwards.
    const secret = 'Zq7 private words about J'
    const { relay, room, c, v1, v2, v3 } = await boardWithThreeVersions(secret)
    const dir = relay.dataDir
    const plan1 = (await run('export', '--room', room, '--version', String(v1.n), '--data-dir', dir)).stdout
    const plan3 = (await run('export', '--room', room, '--version', String(v3.n), '--data-dir', dir)).stdout
    expect(plan1).not.toBe(plan3)
    const dbFiles = () => fs.readdirSync(dir).filter((f) => f.startsWith('circleboard.sqlite'))
    const inFiles = () => dbFiles().some((f) => fs.readFileSync(path.join(dir, f)).includes(Buffer.from(secret)))
    expect(inFiles()).toBe(true)

    // Bad numbers and boards: usage (2) or input (1) errors, nothing deleted.
    for (const bad of ['0', '-1', '1.5', 'x', '2abc', '99999999999999999']) {
      const r = await run('versions', 'delete', '--room', room, '--version', bad, '--data-dir', dir)
      expect(r.code, bad).toBe(2)
      expect(r.stderr).toMatch(/is not a version number/)
    }
    expect((await run('versions', 'delete', '--room', room, '--data-dir', dir)).stderr).toMatch(/Which version\? Add --version N/)
    expect((await run('versions', 'delete', '--version', '2', '--data-dir', dir)).code).toBe(2)
    expect((await run('versions', 'remove', '--room', room, '--data-dir', dir)).code).toBe(2)
    const unknown = await run('versions', 'delete', '--room', room, '--version', '7', '--data-dir', dir)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(new RegExp(`Board "${room}" has no version 7\\. List its versions with: pnpm cli versions --room ${room}`))
    const noRoom = await run('versions', 'delete', '--room', 'abcdefghjk', '--version', '2', '--data-dir', dir)
    expect(noRoom.code).toBe(1)
    expect(noRoom.stderr).toMatch(/No board "abcdefghjk"/)
    expect((await run('versions', 'delete', '--room', 'not a room', '--version', '2', '--data-dir', dir)).code).toBe(1)
    const noDb = await run('versions', 'delete', '--room', room, '--version', '2', '--data-dir', path.join(tmp, 'nowhere'))
    expect(noDb.code).toBe(1)
    expect(fs.existsSync(path.join(tmp, 'nowhere'))).toBe(false)
    expect(await listed(room, dir)).toEqual([v3.n, v2.n, v1.n])

    // The middle one goes, and only it: the others keep their plans.
    const del = await run('versions', 'delete', '--room', room, '--version', String(v2.n), '--data-dir', dir)
    expect(del.code).toBe(0)
    expect(del.stdout).toBe('')
    expect(del.stderr).toContain(`Deleted version ${v2.n} ("${secret}", named, saved `)
    expect(del.stderr).toContain('by Ben) of board')
    expect(del.stderr).toContain('Its bytes are overwritten in the database file.')
    expect(await listed(room, dir)).toEqual([v3.n, v1.n])
    expect((await run('export', '--room', room, '--version', String(v1.n), '--data-dir', dir)).stdout).toBe(plan1)
    expect((await run('export', '--room', room, '--version', String(v3.n), '--data-dir', dir)).stdout).toBe(plan3)
    expect((await run('export', '--room', room, '--version', String(v2.n), '--data-dir', dir)).stderr).toMatch(/has no version 2/)
    // Overwritten, not only unlinked, and not left in the WAL: the name is in none of the files,
    // with the relay still running.
    expect(dbFiles().filter((f) => fs.readFileSync(path.join(dir, f)).includes(Buffer.from(secret)))).toEqual([])
    // Again: it is gone.
    expect((await run('versions', 'delete', '--room', room, '--version', String(v2.n), '--data-dir', dir)).code).toBe(1)

    // The running relay's list (asked by a client) no longer has it.
    const from = c.received.length
    c.send({ t: 'list' })
    expect((await c.next('list', undefined, from)).versions.map((v) => v.n)).toEqual([v3.n, v1.n])
  })

  it('after the newest is deleted, the running relay takes the next version against the one before, and never reuses its number', async () => {
    const { relay, room, c, v1, v3, notes } = await boardWithThreeVersions('Second')
    expect((await run('versions', 'delete', '--room', room, '--version', String(v3.n), '--data-dir', relay.dataDir)).code).toBe(0)
    // Nothing changed since v3, but v3 is gone: the board changed since v2 (an action fewer), so
    // an app's automatic save makes a new version instead of answering with the deleted one, and
    // says what changed since v2.
    const auto = await save(c, 'd', '', 'Ana', 'before-import')
    expect(auto.n).toBe(v3.n + 1)
    expect(auto.summary.since).toEqual(v3.summary.since)
    expect(auto.summary.since?.dropped).toBe(1)
    expect(await listed(room, relay.dataDir)).toEqual([auto.n, 2, v1.n])
    // The newest again, then a manual save: numbering goes on past it.
    expect((await run('versions', 'delete', '--room', room, '--version', String(auto.n), '--data-dir', relay.dataDir)).code).toBe(0)
    deleteRecord(c.doc, notes()[0].id as string)
    expect((await save(c, 'e', 'Next', 'Ana')).n).toBe(auto.n + 1)
  })

  it('people in the board are sent the list without it at the next periodic tick', async () => {
    const { relay, room, c, v1, v2, v3 } = await boardWithThreeVersions('Second', { versions: { periodicMs: 1000 } })
    const from = c.received.length
    expect((await run('versions', 'delete', '--room', room, '--version', String(v2.n), '--data-dir', relay.dataDir)).code).toBe(0)
    const list = await c.next('list', undefined, from)
    expect(list.versions.map((v) => v.n)).toEqual([v3.n, v1.n])
    // Nothing changed on the board: the tick that told them saved no version.
    expect(await listed(room, relay.dataDir)).toEqual([v3.n, v1.n])
  })
})
