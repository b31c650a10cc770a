/**
 * Versions on the relay (shared/src/versions.ts is the protocol): save, list and rename over a
 * real websocket; what a version holds; viewers; bounds; retention; the relay's own automatic
 * versions (session end, periodic); the HTTP endpoints; persistence across restart and kill -9.
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import {
  CloseCode,
  deleteRecord,
  getRecordsMap,
  listPlanActions,
  newFacilitatorKey,
  parsePlan,
  readAllRecords,
  setBoardName,
  VERSION_LIMITS,
  VERSIONS_MESSAGE_TYPE,
  versionsListResponseSchema,
  writeRecord,
  type VersionInfo,
} from '@circleboard/shared'
import { boardToPlan, jPathBoardRecords } from '@circleboard/templates'
import { dbPath } from '../persistence/schema'
import { spawnRelay, type ChildRelay } from '../testing/childRelay'
import { cleanupAfterEach, makeTempDir, randomRoomId, rawClient, startTestRelay, waitFor, waitForSynced, wsUrl } from '../testing/relayHarness'
import { connectVersionsClient, type VersionsClient } from '../testing/versionsClient'
import type { Relay } from './Relay'
import { VERSION_ERRORS } from './RoomVersions'

const cleanup = cleanupAfterEach()

async function relayUp(opts: Parameters<typeof startTestRelay>[0] = {}) {
  const relay = await startTestRelay(opts)
  cleanup.push(() => relay.close())
  return relay
}

async function join(relay: Pick<Relay, 'url'>, room: string, opts: Parameters<typeof connectVersionsClient>[2] = {}): Promise<VersionsClient> {
  const c = connectVersionsClient(relay, room, opts)
  cleanup.push(c.destroy)
  await waitFor(() => c.provider.synced, 'synced')
  return c
}

/** J's PATH (zones, stickies, first-step action) written as one edit. */
function writeJPath(doc: Y.Doc): void {
  doc.transact(() => {
    setBoardName(doc, "J's PATH")
    for (const r of jPathBoardRecords()) writeRecord(doc, r)
  })
}

/** Ids of the notes that are plan items (not the sticky written as an action). */
function noteIds(doc: Y.Doc): string[] {
  const records = readAllRecords(doc)
  const actions = new Set(listPlanActions(boardToPlan(records)).map((r) => r.action.shapeId))
  return records.filter((r) => r.typeName === 'shape' && r.type === 'note' && !actions.has(r.id as string)).map((r) => r.id as string)
}

let reqs = 0
const reqId = () => `r${++reqs}`

async function save(c: VersionsClient, name = '', reason: 'manual' | 'before-import' = 'manual', author = 'Ana'): Promise<VersionInfo> {
  const id = reqId()
  const from = c.received.length
  c.send({ t: 'save', reqId: id, name, reason, author })
  const answer = await Promise.race([
    c.next('saved', (m) => m.reqId === id, from),
    c.next('error', (m) => m.reqId === id, from).then((e) => {
      throw new Error(`save refused: ${e.message}`)
    }),
  ])
  return answer.version
}

async function httpList(relay: Pick<Relay, 'url'>, room: string): Promise<VersionInfo[]> {
  const res = await fetch(`${relay.url}/api/rooms/${room}/versions`)
  expect(res.status).toBe(200)
  return versionsListResponseSchema.parse(await res.json()).versions
}

async function stateOf(relay: Pick<Relay, 'url'>, room: string, n: number): Promise<Y.Doc> {
  const res = await fetch(`${relay.url}/api/rooms/${room}/versions/${n}/state`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/octet-stream')
  const doc = new Y.Doc()
  Y.applyUpdate(doc, new Uint8Array(await res.arrayBuffer()))
  return doc
}

async function viewTokenFor(relay: Relay, room: string): Promise<string> {
  const res = await fetch(`${relay.url}/api/rooms/${room}/view-token`, { method: 'POST' })
  return ((await res.json()) as { token: string }).token
}

describe('saving, listing and naming versions', () => {
  it('saves what the sender wrote just before, lists it for every editor, and names an automatic one', async () => {
    const relay = await relayUp()
    const room = randomRoomId()
    const a = await join(relay, room)
    const b = await join(relay, room)
    // Joining tells each editor the list (empty for a new board).
    await a.next('list', undefined, 0)
    expect(b.lastList()?.versions).toEqual([])

    // The save follows the edit on the same socket without waiting for it to arrive anywhere.
    writeJPath(a.doc)
    const first = await save(a, '  PATH,   12 January ')
    expect(first).toMatchObject({ n: 1, name: 'PATH, 12 January', kind: 'named', reason: 'manual', author: 'Ana' })
    expect(first.summary.shapes).toBe(readAllRecords(a.doc).filter((r) => r.typeName === 'shape').length)
    expect(first.summary.items).toBeGreaterThan(5)
    expect(first.summary.actions).toBeGreaterThanOrEqual(1)
    expect(first.summary.since).toBeUndefined()
    expect(first.bytes).toBeGreaterThan(1000)
    await b.next('list', (m) => m.versions.length === 1, 0)

    const v1 = await stateOf(relay, room, 1)
    expect(readAllRecords(v1)).toEqual(readAllRecords(a.doc))
    v1.destroy()

    // Someone removes two notes; an unnamed save is automatic and says what changed.
    const [gone1, gone2] = noteIds(a.doc)
    a.doc.transact(() => {
      deleteRecord(a.doc, gone1)
      deleteRecord(a.doc, gone2)
    })
    const second = await save(a, '')
    expect(second).toMatchObject({ n: 2, name: '', kind: 'auto' })
    expect(second.summary.items).toBe(first.summary.items - 2)
    expect(second.summary.since).toMatchObject({ added: 0, removed: 2 })
    const v2 = await stateOf(relay, room, 2)
    expect(getRecordsMap(v2).has(gone1)).toBe(false)
    expect(getRecordsMap(v2).has(noteIds(a.doc)[0])).toBe(true)
    v2.destroy()
    // Version 1 still holds them.
    const again1 = await stateOf(relay, room, 1)
    expect(getRecordsMap(again1).has(gone1)).toBe(true)
    again1.destroy()

    // Naming the automatic one makes it named; B (who did not ask) sees the new list.
    const id = reqId()
    b.send({ t: 'rename', reqId: id, n: 2, name: 'Before the cleanup' })
    const renamed = await b.next('saved', (m) => m.reqId === id, 0)
    expect(renamed.version).toMatchObject({ n: 2, name: 'Before the cleanup', kind: 'named' })
    await a.next('list', (m) => m.versions[0]?.name === 'Before the cleanup', 0)
    expect(a.lastList()?.versions.map((v) => v.n)).toEqual([2, 1])

    // The stored plan of a version is the plan of that board.
    const planRes = await fetch(`${relay.url}/api/rooms/${room}/versions/1/plan`)
    expect(planRes.headers.get('content-type')).toMatch(/^application\/json/)
    const plan = parsePlan(await planRes.json())
    expect(plan.ok && plan.plan.board.name).toBe("J's PATH")

    // Renaming what does not exist is refused with a reason.
    const bad = reqId()
    a.send({ t: 'rename', reqId: bad, n: 99, name: 'x' })
    expect((await a.next('error', (m) => m.reqId === bad, 0)).message).toBe(VERSION_ERRORS.unknown)
  })

  it('an automatic save before a bulk change with nothing changed since returns the newest version instead of a copy', async () => {
    const relay = await relayUp()
    const room = randomRoomId()
    const a = await join(relay, room)
    writeJPath(a.doc)
    const first = await save(a, '', 'before-import')
    const same = await save(a, '', 'before-import')
    expect(same.n).toBe(first.n)
    // A person's own save always makes one.
    expect((await save(a, '', 'manual')).n).toBe(first.n + 1)
    a.doc.getMap('records').delete(noteIds(a.doc)[0])
    expect((await save(a, '', 'before-import')).n).toBe(first.n + 2)
  })

  it('viewers get no list and cannot save or rename; their connection stays', async () => {
    const relay = await relayUp()
    const room = randomRoomId()
    const editor = await join(relay, room)
    writeJPath(editor.doc)
    await save(editor, 'First')
    const viewer = await join(relay, await viewTokenFor(relay, room), { path: 'view' })
    await waitFor(() => getRecordsMap(viewer.doc).size > 0, 'viewer has the board')
    const id = reqId()
    viewer.send({ t: 'save', reqId: id, name: 'mine', reason: 'manual', author: 'Vic' })
    expect((await viewer.next('error', (m) => m.reqId === id, 0)).message).toBe(VERSION_ERRORS.viewer)
    const id2 = reqId()
    viewer.send({ t: 'rename', reqId: id2, n: 1, name: 'renamed' })
    expect((await viewer.next('error', (m) => m.reqId === id2, 0)).message).toBe(VERSION_ERRORS.viewer)
    const from = viewer.received.length
    viewer.send({ t: 'list' })
    expect((await viewer.next('error', undefined, from)).message).toBe(VERSION_ERRORS.viewerList)
    expect(viewer.all('list')).toEqual([])
    // Still connected and still receiving the board.
    editor.doc.getMap('records').delete(noteIds(editor.doc)[0])
    await waitFor(() => noteIds(viewer.doc).length === noteIds(editor.doc).length, 'viewer follows the edit')
    expect((await httpList(relay, room)).map((v) => v.name)).toEqual(['First'])
  })
})

describe('bounds and bad input', () => {
  it('a malformed version frame closes only its sender; saves past the rate are refused; the room keeps syncing', async () => {
    const relay = await relayUp()
    const room = randomRoomId()
    const a = await join(relay, room)
    const b = await join(relay, room)

    const frames: Uint8Array[] = []
    const bad = (json: string) => {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, VERSIONS_MESSAGE_TYPE)
      encoding.writeVarString(e, json)
      return encoding.toUint8Array(e)
    }
    frames.push(bad('{not json'))
    frames.push(bad(JSON.stringify({ t: 'save', reqId: 'x', name: 'n'.repeat(VERSION_LIMITS.maxNameLength + 1), reason: 'manual', author: '' })))
    frames.push(bad(JSON.stringify({ t: 'save', reqId: 'bad id!', name: '', reason: 'manual', author: '' })))
    frames.push(bad(JSON.stringify({ t: 'save', reqId: 'x', name: '', reason: 'because', author: '' })))
    frames.push(new Uint8Array([VERSIONS_MESSAGE_TYPE, 0xff, 0xff]))
    for (const frame of frames) {
      const raw = rawClient(`${wsUrl(relay)}/sync/${room}`)
      cleanup.push(() => raw.ws.terminate())
      await raw.opened
      raw.ws.send(frame)
      expect((await raw.closed).code).toBe(CloseCode.badMessage)
    }

    // Over the per-connection rate: the first maxSavesPerMinute pass, the next is refused.
    writeJPath(a.doc)
    const ids = Array.from({ length: VERSION_LIMITS.maxSavesPerMinute + 1 }, () => reqId())
    for (const id of ids) a.send({ t: 'save', reqId: id, name: '', reason: 'manual', author: '' })
    const last = await a.next('error', (m) => m.reqId === ids.at(-1), 0)
    expect(last.message).toBe(VERSION_ERRORS.tooMany)
    await waitFor(() => a.all('saved').length === ids.length - 1, 'the admitted saves stored')
    expect(a.all('saved').map((m) => m.reqId)).toEqual(ids.slice(0, -1))
    // Another connection has its own budget, and the board still syncs both ways.
    expect((await save(b, 'From B')).kind).toBe('named')
    b.doc.getMap('records').delete(noteIds(b.doc)[0])
    await waitFor(() => noteIds(a.doc).length === noteIds(b.doc).length, 'edit reaches a')
    expect(relay.metrics.errors.get('version_refused')).toBe(1)
  })

  it('a store that cannot write answers an error; the board keeps syncing and the next save works', async () => {
    const relay = await relayUp()
    const room = randomRoomId()
    const [a, b] = [await join(relay, room), await join(relay, room)]
    writeJPath(a.doc)
    await waitFor(() => noteIds(b.doc).length > 0, 'b has the board')
    // Another connection makes every insert into versions fail, as a full or broken disk would.
    const db = new Database(dbPath(relay.dataDir))
    cleanup.push(() => db.close())
    db.exec("CREATE TRIGGER no_versions BEFORE INSERT ON versions BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
    const id = reqId()
    a.send({ t: 'save', reqId: id, name: 'x', reason: 'manual', author: '' })
    expect((await a.next('error', (m) => m.reqId === id, 0)).message).toBe(VERSION_ERRORS.notSaved)
    a.doc.getMap('records').delete(noteIds(a.doc)[0])
    await waitFor(() => noteIds(b.doc).length === noteIds(a.doc).length, 'edit still reaches b')
    db.exec('DROP TRIGGER no_versions')
    // Nothing of the failed save was kept: the next version is number 1.
    expect((await save(a, 'y')).n).toBe(1)
  })
})

describe('named versions limit', () => {
  it('refuses a named save or naming past maxNamedPerRoom; unnamed saves still work', async () => {
    const relay = await relayUp()
    const room = randomRoomId()
    const a = await join(relay, room)
    writeJPath(a.doc)
    const auto = await save(a, '')
    // Fill the board with named versions as years of sessions would (straight into the table).
    const db = new Database(dbPath(relay.dataDir))
    cleanup.push(() => db.close())
    const insert = db.prepare(
      `INSERT INTO versions (room, n, name, kind, reason, created_at, author, bytes, update_id, summary_json, plan_json, state)
       VALUES (?, ?, ?, 'named', 'manual', 0, '', 0, 0, '{}', '{}', x'00')`,
    )
    db.transaction(() => {
      for (let i = 0; i < VERSION_LIMITS.maxNamedPerRoom; i++) insert.run(room, 1000 + i, `Old ${i}`)
    })()
    const id = reqId()
    a.send({ t: 'save', reqId: id, name: 'One more', reason: 'manual', author: '' })
    expect((await a.next('error', (m) => m.reqId === id, 0)).message).toBe(VERSION_ERRORS.namedFull)
    const id2 = reqId()
    a.send({ t: 'rename', reqId: id2, n: auto.n, name: 'Named now' })
    expect((await a.next('error', (m) => m.reqId === id2, 0)).message).toBe(VERSION_ERRORS.namedFull)
    a.doc.getMap('records').delete(noteIds(a.doc)[0])
    expect((await save(a, '')).kind).toBe('auto')
    // Renaming one that is already named is fine.
    const id3 = reqId()
    a.send({ t: 'rename', reqId: id3, n: 1000, name: 'Renamed' })
    expect((await a.next('saved', (m) => m.reqId === id3, 0)).version.name).toBe('Renamed')
  })
})

describe('retention', () => {
  it('thins automatic versions by the policy, keeps named ones, and never reuses a number', async () => {
    const relay = await relayUp({ versions: { keepAuto: 2, keepDailyDays: 0 } })
    const room = randomRoomId()
    const a = await join(relay, room)
    writeJPath(a.doc)
    const named = await save(a, 'Keep me')
    const notes = noteIds(a.doc)
    for (let i = 0; i < 4; i++) {
      a.doc.getMap('records').delete(notes[i])
      await save(a, '')
    }
    const listed = await httpList(relay, room)
    // Named 1, automatic 2..5: the newest two automatic ones stay.
    expect(listed.map((v) => v.n)).toEqual([5, 4, 1])
    expect(listed.find((v) => v.n === named.n)?.kind).toBe('named')
    // The newest were 4 and 5; thinning 2 and 3 does not let their numbers come back.
    a.doc.getMap('records').delete(notes[4])
    expect((await save(a, '')).n).toBe(6)
    expect((await httpList(relay, room)).map((v) => v.n)).toEqual([6, 5, 1])
    // `since` compares with the newest remaining version (5), not a thinned one.
    const six = (await httpList(relay, room))[0]
    expect(six.summary.since?.removed).toBe(1)
  })
})

describe('deleting a version by hand', () => {
  async function del(c: VersionsClient, n: number): Promise<{ ok: true } | { ok: false; message: string }> {
    const id = reqId()
    const from = c.received.length
    c.send({ t: 'delete', reqId: id, n })
    return Promise.race([
      c.next('deleted', (m) => m.reqId === id, from).then((m) => {
        expect(m.n).toBe(n)
        return { ok: true as const }
      }),
      c.next('error', (m) => m.reqId === id, from).then((e) => ({ ok: false as const, message: e.message })),
    ])
  }

  it('the facilitator deletes one (state, plan and bytes in the file); participants and viewers cannot; the number is not reused', async () => {
    const dataDir = makeTempDir()
    const relay = await relayUp({ dataDir })
    const room = randomRoomId()
    const key = newFacilitatorKey()
    const fac = await join(relay, room, { facilitatorKey: key })
    const part = await join(relay, room)
    writeJPath(fac.doc)
    // A name nobody else has, to look for in the database file afterwards.
    const secret = 'Zq7 private words about J'
    const sensitive = await save(fac, secret)
    const notes = noteIds(fac.doc)
    fac.doc.getMap('records').delete(notes[0])
    const later = await save(part, 'After the break')
    expect((await httpList(relay, room)).map((v) => v.n)).toEqual([later.n, sensitive.n])

    expect(await del(part, sensitive.n)).toEqual({ ok: false, message: VERSION_ERRORS.notFacilitator })
    const viewToken = await viewTokenFor(relay, room)
    const viewer = await join(relay, viewToken, { path: 'view' })
    viewer.send({ t: 'delete', reqId: 'v1', n: sensitive.n })
    expect((await viewer.next('error', (m) => m.reqId === 'v1', 0)).message).toBe(VERSION_ERRORS.viewer)
    expect(await del(fac, 99)).toEqual({ ok: false, message: VERSION_ERRORS.unknown })
    expect((await httpList(relay, room)).map((v) => v.n)).toEqual([later.n, sensitive.n])

    const listsBefore = part.received.filter((m) => m.t === 'list').length
    expect(await del(fac, sensitive.n)).toEqual({ ok: true })
    // Everyone who edits gets the new list; the version's state and plan are gone.
    await waitFor(() => part.received.filter((m) => m.t === 'list').length > listsBefore, 'participant told')
    expect(part.lastList()!.versions.map((v) => v.n)).toEqual([later.n])
    expect((await httpList(relay, room)).map((v) => v.n)).toEqual([later.n])
    expect((await fetch(`${relay.url}/api/rooms/${room}/versions/${sensitive.n}/state`)).status).toBe(404)
    expect((await fetch(`${relay.url}/api/rooms/${room}/versions/${sensitive.n}/plan`)).status).toBe(404)
    // The newest can go too; numbering goes on past it.
    expect(await del(fac, later.n)).toEqual({ ok: true })
    fac.doc.getMap('records').delete(notes[1])
    expect((await save(fac, 'Next')).n).toBe(later.n + 1)

    // Overwritten in the database, not only unlinked: the name is nowhere in its files.
    await relay.close()
    const files = fs.readdirSync(dataDir).filter((f) => f.startsWith(path.basename(dbPath(dataDir))))
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) expect(fs.readFileSync(path.join(dataDir, f)).includes(Buffer.from(secret))).toBe(false)
  })

  it('after the newest version is deleted, the next automatic one is taken against the one before it', async () => {
    const relay = await relayUp({ limits: { roomIdleMs: 100 } })
    const room = randomRoomId()
    const fac = await join(relay, room, { facilitatorKey: newFacilitatorKey() })
    writeJPath(fac.doc)
    const first = await save(fac, 'First')
    fac.doc.getMap('records').delete(noteIds(fac.doc)[0])
    const second = await save(fac, 'Second')
    expect(await del(fac, second.n)).toEqual({ ok: true })
    // The board changed since "First": an app save before a bulk change now makes a new version
    // instead of pointing at the deleted one.
    const auto = await save(fac, '', 'before-import')
    expect(auto.n).toBe(second.n + 1)
    expect(auto.summary.since?.removed).toBe(1)
    expect((await httpList(relay, room)).map((v) => v.n)).toEqual([auto.n, first.n])
  })
})

describe('automatic versions by the relay', () => {
  it('saves one when the last person leaves after changes (before the room unloads), and none when nothing changed', async () => {
    const relay = await relayUp({ limits: { roomIdleMs: 100 } })
    const room = randomRoomId()
    const a = await join(relay, room)
    a.provider.awareness.setLocalStateField('user', { id: 'u1', name: 'Ana', color: '#f00' })
    const b = await join(relay, room)
    b.provider.awareness.setLocalStateField('user', { id: 'u2', name: 'Ben', color: '#0f0' })
    writeJPath(a.doc)
    await waitFor(() => noteIds(b.doc).length > 0, 'b has the board')
    a.destroy()
    // One person left, one is still there: the session goes on.
    await new Promise((r) => setTimeout(r, 300))
    expect(await httpList(relay, room)).toEqual([])
    b.destroy()
    await waitFor(() => relay.metrics.roomsUnloadedTotal >= 1, 'room unloaded')
    await waitFor(() => relay.metrics.versionsSaved.get('session-end') === 1, 'session-end version stored')
    const [ended] = await httpList(relay, room)
    expect(ended).toMatchObject({ n: 1, kind: 'auto', reason: 'session-end', author: 'Ana, Ben' })
    expect(ended.summary.items).toBeGreaterThan(5)

    // A second session that only looks: no new version.
    const c = await join(relay, room)
    await waitFor(() => noteIds(c.doc).length > 0, 'c has the board')
    c.destroy()
    await waitFor(() => relay.metrics.roomsUnloadedTotal >= 2, 'room unloaded again')
    expect((await httpList(relay, room)).map((v) => v.n)).toEqual([1])
    expect(relay.metrics.versionsSaved.get('session-end')).toBe(1)
  })

  it('saves periodically while the board changes, and not while it does not', async () => {
    const relay = await relayUp({ versions: { periodicMs: 200 } })
    const room = randomRoomId()
    const a = await join(relay, room)
    writeJPath(a.doc)
    await waitFor(() => (relay.metrics.versionsSaved.get('periodic') ?? 0) >= 1, 'a periodic version')
    const [first] = await httpList(relay, room)
    expect(first).toMatchObject({ kind: 'auto', reason: 'periodic' })
    // Quiet for several periods: nothing new.
    await new Promise((r) => setTimeout(r, 700))
    expect(await httpList(relay, room)).toHaveLength(1)
    a.doc.getMap('records').delete(noteIds(a.doc)[0])
    await waitFor(() => (relay.metrics.versionsSaved.get('periodic') ?? 0) >= 2, 'a second periodic version')
    const [second] = await httpList(relay, room)
    expect(second.summary.since?.removed).toBe(1)
    expect(second.createdAt - first.createdAt).toBeGreaterThanOrEqual(200)
  })
})

describe('HTTP', () => {
  it('lists, serves state and plan, with CORS, and says clearly what does not exist', async () => {
    const relay = await relayUp({ allowedOrigins: ['https://app.example'] })
    const room = randomRoomId()
    // allowedOrigins applies to sockets too: a raw socket that sends the Origin a browser would.
    const raw = rawClient(`${wsUrl(relay)}/sync/${room}`, { origin: 'https://app.example' })
    cleanup.push(() => raw.ws.terminate())
    await raw.opened
    const doc = new Y.Doc()
    writeJPath(doc)
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 0)
    encoding.writeVarUint(e, 2)
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc))
    raw.ws.send(encoding.toUint8Array(e))
    const e2 = encoding.createEncoder()
    encoding.writeVarUint(e2, VERSIONS_MESSAGE_TYPE)
    encoding.writeVarString(e2, JSON.stringify({ t: 'save', reqId: 'h1', name: 'Over HTTP', reason: 'manual', author: '' }))
    raw.ws.send(encoding.toUint8Array(e2))
    await waitFor(() => (relay.metrics.versionsSaved.get('client') ?? 0) === 1, 'saved')

    const res = await fetch(`${relay.url}/api/rooms/${room}/versions`, { headers: { origin: 'https://app.example' } })
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example')
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const { versions } = (await res.json()) as { versions: VersionInfo[] }
    expect(versions.map((v) => [v.n, v.name])).toEqual([[1, 'Over HTTP']])
    const state = await stateOf(relay, room, 1)
    expect(readAllRecords(state)).toEqual(readAllRecords(doc))
    state.destroy()
    const pre = await fetch(`${relay.url}/api/rooms/${room}/versions/1/plan`, { method: 'OPTIONS', headers: { origin: 'https://app.example' } })
    expect(pre.status).toBe(204)

    const notFound = async (url: string, status: number, message: RegExp) => {
      const r = await fetch(url)
      expect(r.status).toBe(status)
      expect(((await r.json()) as { error: string }).error).toMatch(message)
    }
    await notFound(`${relay.url}/api/rooms/${randomRoomId()}/versions`, 404, /no board/)
    await notFound(`${relay.url}/api/rooms/${room}/versions/2/state`, 404, /no version 2/)
    await notFound(`${relay.url}/api/rooms/${room}/versions/9/plan`, 404, /no version 9/)
    await notFound(`${relay.url}/api/rooms/${room}/versions/0/plan`, 400, /whole number/)
    await notFound(`${relay.url}/api/rooms/${room}/versions/1e3/state`, 400, /whole number/)
    await notFound(`${relay.url}/api/rooms/a/versions`, 400, /valid board id/)
    const post = await fetch(`${relay.url}/api/rooms/${room}/versions`, { method: 'POST' })
    expect(post.status).toBe(405)
    doc.destroy()
  })
})

describe('versions last', () => {
  it('survive a relay restart, and numbering goes on', async () => {
    const dataDir = makeTempDir()
    const room = randomRoomId()
    const first = await startTestRelay({ dataDir })
    const a = connectVersionsClient(first, room)
    await waitFor(() => a.provider.synced, 'synced')
    writeJPath(a.doc)
    await save(a, 'Before restart')
    const stored = first.metrics.updatesStored
    a.doc.getMap('records').delete(noteIds(a.doc)[0])
    await waitFor(() => first.metrics.updatesStored > stored, 'edit stored')
    a.destroy()
    // Stopping ends the session: the board changed after its version, so the stop keeps one.
    await first.close()
    const second = await relayUp({ dataDir })
    // Not loaded: the HTTP list reads SQLite.
    expect((await httpList(second, room)).map((v) => [v.n, v.reason, v.name])).toEqual([
      [2, 'session-end', ''],
      [1, 'manual', 'Before restart'],
    ])
    const b = await join(second, room)
    await b.next('list', (m) => m.versions.length === 2, 0)
    b.doc.getMap('records').delete(noteIds(b.doc)[0])
    expect((await save(b, 'After restart')).n).toBe(3)
  })

  it('survive kill -9', async () => {
    const dataDir = makeTempDir()
    const room = randomRoomId()
    const killOnCleanup = (r: ChildRelay) =>
      cleanup.push(() => {
        if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL')
      })
    const first = await spawnRelay({ DATA_DIR: dataDir })
    killOnCleanup(first)
    const a = connectVersionsClient(first, room)
    cleanup.push(a.destroy)
    await waitFor(() => a.provider.synced, 'synced')
    writeJPath(a.doc)
    const saved = await save(a, 'Just before the crash')
    first.child.kill('SIGKILL')
    expect(await first.exited).toBeNull()
    a.provider.disconnect()

    const second = await spawnRelay({ DATA_DIR: dataDir })
    killOnCleanup(second)
    const listed = await httpList(second, room)
    expect(listed).toEqual([saved])
    const state = await stateOf(second, room, saved.n)
    expect(readAllRecords(state)).toEqual(readAllRecords(a.doc))
    state.destroy()
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
  })
})
