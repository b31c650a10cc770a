/**
 * Schema 2 (facilitation tables) and 3 (versions) over older databases: opening one adds the
 * tables and keeps the boards; a database from a newer Circleboard is refused.
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { makeTempDir } from '../testing/relayHarness'
import { dbPath, SCHEMA_VERSION } from './schema'
import { SqliteStore } from './SqliteStore'

const SCHEMA_1 = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE updates (id INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, data BLOB NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX updates_room_id ON updates (room, id);
CREATE TABLE snapshots (room TEXT PRIMARY KEY, data BLOB NOT NULL, upto_id INTEGER NOT NULL, updated_at INTEGER NOT NULL);
INSERT INTO meta (key, value) VALUES ('schema_version', '1');
INSERT INTO updates (room, data, created_at) VALUES ('room-one', x'00', 1);
`

function databaseWith(sql: string): string {
  const dir = makeTempDir('cb-schema-')
  const db = new Database(dbPath(dir))
  db.exec(sql)
  db.close()
  return dir
}

describe('schema migrations', () => {
  it('adds the facilitation tables to a schema-1 database and records the current version', () => {
    expect(SCHEMA_VERSION).toBe(4)
    const dir = databaseWith(SCHEMA_1)
    const store = new SqliteStore(dir)
    try {
      expect(store.loadRoom('room-one')?.updates).toHaveLength(1)
      expect(store.facilitatorKeyHash('room-one')).toBeNull()
      expect(store.claimFacilitatorKeyHash('room-one', 'a'.repeat(64))).toBe('a'.repeat(64))
      // A second claim does not replace the first.
      expect(store.claimFacilitatorKeyHash('room-one', 'b'.repeat(64))).toBe('a'.repeat(64))
      store.saveFacilitationState('room-one', '{"v":1}')
      expect(store.loadFacilitationState('room-one')).toBe('{"v":1}')
      store.saveDots('room-one', 'v1', 'alice', '["shape:a"]')
      store.saveDots('room-one', 'v1', 'alice', '["shape:b"]')
      store.saveDots('room-one', 'v0', 'bob', '[]')
      store.deleteVotesExcept('room-one', 'v1')
      expect(store.loadVotes('room-one', 'v1')).toEqual([{ voterId: 'alice', shapeIdsJson: '["shape:b"]' }])
      expect(store.loadVotes('room-one', 'v0')).toEqual([])
      const version = store.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string }
      expect(version.value).toBe('4')
    } finally {
      store.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('adds the versions tables to a schema-2 database; numbers are never reused, even after thinning', () => {
    const schema2 = SCHEMA_1.replace("'schema_version', '1'", "'schema_version', '2'") + `
CREATE TABLE room_facilitators (room_id TEXT PRIMARY KEY, key_hash TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE facilitation (room_id TEXT PRIMARY KEY, state_json TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE votes (room_id TEXT NOT NULL, vote_id TEXT NOT NULL, voter_id TEXT NOT NULL, shape_ids_json TEXT NOT NULL, PRIMARY KEY (room_id, vote_id, voter_id));
INSERT INTO room_facilitators VALUES ('room-one', '${'c'.repeat(64)}', 1);
`
    const dir = databaseWith(schema2)
    const store = new SqliteStore(dir)
    try {
      expect(store.facilitatorKeyHash('room-one')).toBe('c'.repeat(64))
      expect(store.listVersions('room-one', 10)).toEqual([])
      const version = (name: string, createdAt: number) => ({
        name,
        kind: name ? ('named' as const) : ('auto' as const),
        reason: 'manual' as const,
        createdAt,
        author: 'Ana',
        summary: { shapes: 1, items: 1, actions: 0, actionsDone: 0 },
        planJson: '{}',
        state: new Uint8Array([0, 0]),
        updateId: 1,
      })
      // Keep no automatic version but the newest: each save thins the one before.
      const policy = { keepRecentAuto: 1, keepDailyDays: 0 }
      expect(store.insertVersion('room-one', version('Kept', 1000), policy).info.n).toBe(1)
      expect(store.insertVersion('room-one', version('', 2000), policy).thinned).toEqual([])
      expect(store.insertVersion('room-one', version('', 3000), policy).thinned).toEqual([2])
      expect(store.listVersions('room-one', 10).map((v) => v.n)).toEqual([3, 1])
      expect(store.insertVersion('room-one', version('', 4000), policy).info.n).toBe(4)
      expect(store.listVersions('room-one', 10).map((v) => [v.n, v.kind])).toEqual([
        [4, 'auto'],
        [1, 'named'],
      ])
      // Another room counts on its own.
      expect(store.insertVersion('room-two', version('', 5000), policy).info.n).toBe(1)
      expect(store.renameVersion('room-one', 4, 'Now named')?.kind).toBe('named')
      expect(store.renameVersion('room-one', 3, 'Gone')).toBeNull()
      expect(store.namedVersionCount('room-one')).toBe(2)
      const v = store.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string }
      expect(v.value).toBe('4')
    } finally {
      store.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses a database written by a newer Circleboard', () => {
    const dir = databaseWith(SCHEMA_1.replace("'schema_version', '1'", "'schema_version', '5'"))
    try {
      expect(() => new SqliteStore(dir)).toThrow(/newer Circleboard \(schema 5\)/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
