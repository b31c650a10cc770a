/**
 * The CLI as users run it: a real `tsx` process, exit codes and stderr checked. Plus `--room`
 * against a database written by a real relay.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { newFacilitatorKey, setBoardName, writeRecord } from '@circleboard/shared'
import { jPathBoardRecords } from '@circleboard/templates'
import { runCli } from './cli'
import { connectClient, makeTempDir, randomRoomId, startTestRelay, waitFor, waitForSynced } from '../testing/relayHarness'
import { connectFacClient, welcomed } from '../testing/facilitationClient'
import { REFUSED } from '../relay/RoomFacilitation'

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '../../..')
const MAIN = path.join(here, 'main.ts')
const TSX = path.join(repoRoot, 'node_modules/.bin/tsx')
const tmp = makeTempDir('cb-cli-')
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, INIT_CWD: tmp }
    delete env.DATA_DIR
    const child = spawn(TSX, [MAIN, ...args], { cwd: repoRoot, env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Same CLI in-process (fast) for the many input cases; the spawned runs above cover the wiring. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: tmp })
  return { code, stdout, stderr }
}

describe('pnpm cli', () => {
  it('prints help; no command is a usage error', async () => {
    const help = await cli('--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('pnpm cli export FILE.circleboard')
    // Every template is offered by name (the list comes from the registry, not a copy of it).
    expect(help.stdout).toContain('maps, onePageProfile')
    expect(help.stdout).toContain('toForWithBy')
    const none = await cli()
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('Usage')
  })

  it('writes a template file and exports it in every format (relative paths from where the user ran it)', async () => {
    const made = await cli('template', 'path', '--out', 'path.circleboard', '--name', 'Demo PATH')
    expect(made.code).toBe(0)
    const file = JSON.parse(fs.readFileSync(path.join(tmp, 'path.circleboard'), 'utf8'))
    expect(file).toMatchObject({ format: 'circleboard-board', version: 1, name: 'Demo PATH' })
    expect(file.records.filter((r: { type?: string }) => r.type === 'cb-zone')).toHaveLength(9)

    const json = await run('export', 'path.circleboard', '--format', 'json')
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({ format: 'circleboard-plan', board: { name: 'Demo PATH' }, sections: [{ template: 'path' }] })
    const md = await cli('export', 'path.circleboard', '--format', 'md')
    expect(md.stdout).toContain('## PATH')
    const csv = await run('export', 'path.circleboard', '--format=csv')
    expect(csv.stdout).toBe('section,zone,what,who,when,due_date,status,votes\r\n')
    const html = await run('export', 'path.circleboard', '--format', 'html', '--out', 'plan.html')
    expect(html.code).toBe(0)
    expect(fs.readFileSync(path.join(tmp, 'plan.html'), 'utf8')).toContain('<!doctype html>')
  })

  it('fails clearly on bad input', async () => {
    const missing = await cli('export', 'nope.circleboard')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/no such file/)

    fs.writeFileSync(path.join(tmp, 'plan.json'), JSON.stringify({ format: 'circleboard-plan', version: 1 }))
    const wrongKind = await run('export', 'plan.json')
    expect(wrongKind.code).toBe(1)
    expect(wrongKind.stderr).toMatch(/Circleboard plan .*not a board file/)

    fs.writeFileSync(path.join(tmp, 'broken.circleboard'), '{"format":"circleboard-board",')
    expect((await run('export', 'broken.circleboard')).stderr).toMatch(/not valid JSON/)

    const badFormat = await run('export', 'nope.circleboard', '--format', 'pdf')
    expect(badFormat.code).toBe(2)
    expect(badFormat.stderr).toMatch(/Unknown format "pdf"/)

    const badTemplate = await run('template', 'fromTheFuture', '--out', 'x.circleboard')
    expect(badTemplate.code).toBe(2)
    expect(badTemplate.stderr).toMatch(/Unknown template "fromTheFuture"/)

    const noOut = await run('template', 'silos')
    expect(noOut.code).toBe(2)
    expect((await run('frobnicate')).code).toBe(2)
    expect((await run('export', '--room', 'bad id!')).code).toBe(1)
  })

  it('turns a plan back into a board file', async () => {
    const board = path.join(tmp, 'j-source.circleboard')
    const { serializeBoardFile } = await import('@circleboard/shared')
    const { CIRCLEBOARD_SCHEMA } = await import('@circleboard/templates')
    fs.writeFileSync(board, serializeBoardFile({ name: "J's PATH", schema: CIRCLEBOARD_SCHEMA, records: jPathBoardRecords() }))
    const exported = await run('export', board, '--out', 'j.json')
    expect(exported.code).toBe(0)
    const imported = await run('import-plan', 'j.json', '--out', 'j.circleboard')
    expect(imported.code).toBe(0)
    const again = await run('export', 'j.circleboard', '--format', 'csv')
    expect(again.stdout).toContain('PATH,First step,Call the café owner,Liz,Friday,2027-01-15,todo')
    const notAPlan = await run('import-plan', 'j.circleboard', '--out', 'x.circleboard')
    expect(notAPlan.code).toBe(1)
    expect(notAPlan.stderr).toMatch(/board file/)
  })

  it('exports a room stored by the relay, lists rooms, backs up', async () => {
    const relay = await startTestRelay()
    const room = randomRoomId()
    const client = connectClient(relay, room)
    await waitForSynced(client)
    client.doc.transact(() => {
      setBoardName(client.doc, 'Community circle')
      for (const r of jPathBoardRecords()) writeRecord(client.doc, r)
    })
    await waitFor(() => relay.metrics.updatesStored >= 1, 'update stored')
    client.destroy()
    await relay.close()

    const md = await cli('export', '--room', room, '--data-dir', relay.dataDir, '--format', 'md')
    expect(md.stderr).toBe('')
    expect(md.code).toBe(0)
    expect(md.stdout).toContain('# Community circle — plan')
    expect(md.stdout).toContain('- [ ] Call the café owner — **Liz** — by Friday (15 January 2027)')
    const unknown = await run('export', '--room', 'abcdefghjk', '--data-dir', relay.dataDir)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/No board "abcdefghjk"/)
    expect((await run('rooms', '--data-dir', relay.dataDir)).stdout.trim()).toBe(room)
    const backup = await run('backup', 'backup.sqlite', '--data-dir', relay.dataDir)
    expect(backup.code).toBe(0)
    expect(fs.statSync(path.join(tmp, 'backup.sqlite')).size).toBeGreaterThan(0)
  })

  it('facilitator-link mints a new key beside a running relay; the old link stops giving control', async () => {
    const relay = await startTestRelay()
    const room = randomRoomId()
    const oldKey = newFacilitatorKey()
    const old = connectFacClient(relay, room, { key: oldKey })
    try {
      expect((await welcomed(old)).role).toBe('facilitator')
      await waitFor(() => old.provider.synced, 'synced')
      writeRecord(old.doc, { id: 'shape:a', typeName: 'shape', type: 'note' })
      await waitFor(() => relay.metrics.updatesStored >= 1, 'board stored')

      const made = await cli('facilitator-link', '--room', room, '--data-dir', relay.dataDir, '--base-url', 'https://boards.example.org/')
      expect(made.code).toBe(0)
      const m = /^https:\/\/boards\.example\.org\/b\/([^?]+)\?f=([A-Za-z0-9_-]{22})\n$/.exec(made.stdout)
      expect(m?.[1]).toBe(room)
      const newKey = m![2]
      expect(made.stderr).toMatch(/no longer give control/)

      // Takes effect on the running relay: the old link is a participant now, the new one facilitates,
      // and the still-open old facilitator connection can no longer command.
      const stale = connectFacClient(relay, room, { key: oldKey })
      const fresh = connectFacClient(relay, room, { key: newKey })
      try {
        expect((await welcomed(stale)).role).toBe('participant')
        expect((await welcomed(fresh)).role).toBe('facilitator')
        const mark = old.received.length
        old.send({ t: 'cmd', cmd: { kind: 'lock', zones: true } })
        expect((await old.next('refused', undefined, mark)).reason).toBe(REFUSED.notFacilitator)
        fresh.send({ t: 'cmd', cmd: { kind: 'lock', zones: true } })
        expect((await fresh.next('state', undefined, 0)).state.lock.zones).toBe(true)
      } finally {
        stale.destroy()
        fresh.destroy()
      }

      // Without --base-url: the path, and a hint on stderr.
      const bare = await run('facilitator-link', '--room', room, '--data-dir', relay.dataDir)
      expect(bare.code).toBe(0)
      expect(bare.stdout).toMatch(new RegExp(`^/b/${room}\\?f=[A-Za-z0-9_-]{22}\n$`))
      expect(bare.stderr).toMatch(/--base-url/)
    } finally {
      old.destroy()
      await relay.close()
    }
    expect((await run('facilitator-link', '--room', 'abcdefghjk', '--data-dir', relay.dataDir)).code).toBe(1)
    expect((await run('facilitator-link', '--data-dir', relay.dataDir)).code).toBe(2)
    expect((await run('facilitator-link', '--room', room, '--base-url', 'ftp://x', '--data-dir', relay.dataDir)).code).toBe(2)
    expect((await run('facilitator-link', '--room', room, '--data-dir', path.join(tmp, 'nowhere'))).stderr).toMatch(/No Circleboard database/)
  })
})
