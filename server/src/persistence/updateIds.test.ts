/**
 * The log's ids (schema 4: `updates` is keyed `(room, id)` without AUTOINCREMENT; the store hands
 * ids out). A snapshot covers every row with `id <= upto_id`, so an id handed out again at or
 * below that mark would be a row every later load skips: these tests empty the log by compaction
 * and check that what is appended next still loads, in order, with and without a restart, and
 * that a schema-3 log keeps its rows and ids when it is rebuilt.
 */
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { cleanupAfterEach, makeTempDir } from '../testing/relayHarness'
import { applyStoredRoom } from './readOnly'
import { dbPath } from './schema'
import { SqliteStore } from './SqliteStore'

const cleanup = cleanupAfterEach()
const ROOM = 'room-ids-aaaa'

function open(dir: string): SqliteStore {
  const store = new SqliteStore(dir)
  cleanup.push(() => store.close())
  return store
}

function loadedText(store: SqliteStore, room = ROOM): string {
  const doc = new Y.Doc()
  const stored = store.loadRoom(room)
  if (stored) applyStoredRoom(doc, stored)
  const text = doc.getText('t').toString()
  doc.destroy()
  return text
}

/** A writer whose every edit is appended to the store, as the relay does. */
function writer(store: SqliteStore, room = ROOM): { doc: Y.Doc; ids: number[]; type(s: string): void } {
  const doc = new Y.Doc()
  const ids: number[] = []
  // Starts from what is stored (not appended again).
  const stored = store.loadRoom(room)
  if (stored) applyStoredRoom(doc, stored)
  doc.on('update', (u: Uint8Array) => ids.push(store.appendUpdate(room, u)))
  return { doc, ids, type: (s) => doc.getText('t').insert(doc.getText('t').length, s) }
}

/** Compacts as the Compactor does: the state up to the last row, then the covered rows deleted. */
function compactNow(store: SqliteStore, room = ROOM): number {
  const stored = store.loadRoom(room)!
  const doc = new Y.Doc()
  applyStoredRoom(doc, stored)
  const upto = stored.updates[stored.updates.length - 1].id
  store.writeSnapshot(room, Y.encodeStateAsUpdate(doc), upto)
  doc.destroy()
  return upto
}

const rowCount = (store: SqliteStore) => (store.db.prepare('SELECT COUNT(*) AS n FROM updates').get() as { n: number }).n

describe('update ids', () => {
  it('never go back below a snapshot after compaction empties the log, nor after a restart', () => {
    const dir = makeTempDir()
    const store = open(dir)
    const w = writer(store)
    for (const c of 'abcde') w.type(c)
    expect(w.ids).toEqual([...w.ids].sort((a, b) => a - b))
    const upto = compactNow(store)
    // The dangerous case: the whole table is empty, so nothing in it remembers the ids.
    expect(rowCount(store)).toBe(0)
    w.type('f')
    expect(w.ids[w.ids.length - 1]).toBeGreaterThan(upto)
    expect(loadedText(store)).toBe('abcdef')

    // Compact again (empty again), restart, append: the new row is above every mark and loads.
    const upto2 = compactNow(store)
    expect(rowCount(store)).toBe(0)
    store.close()
    const reopened = open(dir)
    const w2 = writer(reopened)
    w2.type('g')
    w2.type('h')
    expect(w2.ids[0]).toBeGreaterThan(upto2)
    expect(w2.ids[1]).toBeGreaterThan(w2.ids[0])
    expect(loadedText(reopened)).toBe('abcdefgh')
    // And after one more compaction + appends, across rooms too (ids are global).
    compactNow(reopened)
    const other = writer(reopened, 'room-ids-bbbb')
    other.type('x')
    w2.type('i')
    expect(loadedText(reopened)).toBe('abcdefghi')
    expect(loadedText(reopened, 'room-ids-bbbb')).toBe('x')
  })

  it('stay above a version that names an update id no row or snapshot remembers', () => {
    const dir = makeTempDir()
    const store = open(dir)
    store.db
      .prepare(
        `INSERT INTO versions (room, n, name, kind, reason, created_at, author, bytes, update_id, summary_json, plan_json, state)
         VALUES (?, 1, 'v', 'named', 'manual', 0, '', 0, 900, '{}', '{}', x'0000')`,
      )
      .run(ROOM)
    store.close()
    const reopened = open(dir)
    expect(reopened.appendUpdate(ROOM, new Uint8Array([0, 0]))).toBe(901)
  })

  it('migrates a schema-3 log (AUTOINCREMENT) to the (room, id) table, keeping rows, ids and the sequence', () => {
    const dir = makeTempDir()
    const db = new Database(dbPath(dir))
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO meta (key, value) VALUES ('schema_version', '3');
      CREATE TABLE updates (id INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, data BLOB NOT NULL, created_at INTEGER NOT NULL);
      CREATE INDEX updates_room_id ON updates (room, id);
      CREATE TABLE snapshots (room TEXT PRIMARY KEY, data BLOB NOT NULL, upto_id INTEGER NOT NULL, updated_at INTEGER NOT NULL);
    `)
    const doc = new Y.Doc()
    const insert = db.prepare('INSERT INTO updates (room, data, created_at) VALUES (?, ?, 0)')
    doc.on('update', (u: Uint8Array) => insert.run(ROOM, Buffer.from(u)))
    for (const c of 'abc') doc.getText('t').insert(doc.getText('t').length, c)
    // Rows of another room were appended and deleted (as a pruned log would be): the sequence
    // is past every row, and only sqlite_sequence knows it.
    for (let i = 0; i < 7; i++) insert.run('room-gone-cccc', Buffer.from([0, 0]))
    db.prepare("DELETE FROM updates WHERE room = 'room-gone-cccc'").run()
    const seq = (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'updates'").get() as { seq: number }).seq
    expect(seq).toBe(10)
    db.close()

    const store = open(dir)
    const table = store.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'updates'").get() as { sql: string }
    expect(table.sql).toMatch(/WITHOUT ROWID/)
    expect(table.sql).not.toMatch(/AUTOINCREMENT/)
    expect(store.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'updates_room_id'").get()).toBeUndefined()
    expect(store.loadRoom(ROOM)!.updates.map((u) => u.id)).toEqual([1, 2, 3])
    expect(loadedText(store)).toBe('abc')
    const w = writer(store)
    w.type('d')
    expect(w.ids).toEqual([11])
    expect(loadedText(store)).toBe('abcd')
    expect((store.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string }).value).toBe('4')
  })
})
