/**
 * Schema 2 (facilitation tables) over a schema-1 database: opening it adds the tables and keeps
 * the boards; a database from a newer Circleboard is refused.
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
  it('adds the facilitation tables to a schema-1 database and records version 2', () => {
    expect(SCHEMA_VERSION).toBe(2)
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
      expect(version.value).toBe('2')
    } finally {
      store.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses a database written by a newer Circleboard', () => {
    const dir = databaseWith(SCHEMA_1.replace("'schema_version', '1'", "'schema_version', '3'"))
    try {
      expect(() => new SqliteStore(dir)).toThrow(/newer Circleboard \(schema 3\)/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
