/**
 * The SQLite layout (one file, `circleboard.sqlite`, in DATA_DIR). Shared by the relay's store,
 * the read-only opener for the CLI and backups.
 *
 * - `updates`: append-only log of Yjs updates per room. AUTOINCREMENT (not plain rowid) so an id
 *   is never reused after compaction deletes the newest rows; a snapshot's `upto_id` relies on it.
 * - `snapshots`: one merged state update per room covering every update with id <= `upto_id`.
 * - `meta`: schema version.
 * - `room_facilitators` (schema 2): per room the SHA-256 (hex) of its facilitator key; never the key.
 * - `facilitation` (schema 2): per room the facilitation state (shared/src/facilitation.ts) as JSON.
 * - `votes` (schema 2): per room, vote and voter the dots placed (JSON array of shape ids), kept
 *   apart from the state because counts stay hidden until the reveal.
 *
 * Migrations: every table is `CREATE TABLE IF NOT EXISTS`, so opening an older database adds what
 * is missing; the stored `schema_version` is then raised, and an older relay refuses the database
 * (it would ignore roles and locks, silently giving every participant the facilitator's powers).
 *
 * A room's state = snapshot (if any) + updates with id > upto_id, applied in id order.
 */
import type Database from 'better-sqlite3'
import path from 'node:path'

export const DB_FILE_NAME = 'circleboard.sqlite'
export const SCHEMA_VERSION = 2

export function dbPath(dataDir: string): string {
  return path.join(dataDir, DB_FILE_NAME)
}

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS updates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  room TEXT NOT NULL,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_room_id ON updates (room, id);
CREATE TABLE IF NOT EXISTS snapshots (
  room TEXT PRIMARY KEY,
  data BLOB NOT NULL,
  upto_id INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS room_facilitators (
  room_id TEXT PRIMARY KEY,
  key_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS facilitation (
  room_id TEXT PRIMARY KEY,
  state_json TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS votes (
  room_id TEXT NOT NULL,
  vote_id TEXT NOT NULL,
  voter_id TEXT NOT NULL,
  shape_ids_json TEXT NOT NULL,
  PRIMARY KEY (room_id, vote_id, voter_id)
);
`

/**
 * Stores `keyHash` as the room's facilitator key hash. `replace` false: only when the room has
 * none yet (a first key claims the board); true: replaces it (the CLI's facilitator-link).
 * Returns the hash the room now has.
 */
export function putFacilitatorKeyHash(db: Database.Database, roomId: string, keyHash: string, replace: boolean): string {
  if (replace) {
    db.prepare(
      `INSERT INTO room_facilitators (room_id, key_hash, created_at) VALUES (?, ?, ?)
       ON CONFLICT(room_id) DO UPDATE SET key_hash = excluded.key_hash, created_at = excluded.created_at`,
    ).run(roomId, keyHash, Date.now())
    return keyHash
  }
  db.prepare('INSERT INTO room_facilitators (room_id, key_hash, created_at) VALUES (?, ?, ?) ON CONFLICT(room_id) DO NOTHING').run(
    roomId,
    keyHash,
    Date.now(),
  )
  return getFacilitatorKeyHash(db, roomId) ?? keyHash
}

export function getFacilitatorKeyHash(db: Database.Database, roomId: string): string | null {
  const row = db.prepare('SELECT key_hash FROM room_facilitators WHERE room_id = ?').get(roomId) as { key_hash: string } | undefined
  return row?.key_hash ?? null
}

export type StoredRoom = {
  snapshot: Uint8Array | null
  /** Id of the last update the snapshot covers (0 without snapshot). */
  snapshotUptoId: number
  updates: { id: number; data: Uint8Array }[]
}

/**
 * Reads everything stored for a room. Returns null when nothing is stored.
 *
 * Both reads run in one read transaction (one WAL snapshot): between two separate statements a
 * compaction could commit a new snapshot and prune the rows it covers, and the reader would
 * combine the old snapshot with only the newest rows, silently missing everything in between.
 */
export function readStoredRoom(db: Database.Database, roomId: string): StoredRoom | null {
  const read = (): StoredRoom | null => {
    const snap = db.prepare('SELECT data, upto_id FROM snapshots WHERE room = ?').get(roomId) as
      | { data: Buffer; upto_id: number }
      | undefined
    const uptoId = snap?.upto_id ?? 0
    const rows = db
      .prepare('SELECT id, data FROM updates WHERE room = ? AND id > ? ORDER BY id')
      .all(roomId, uptoId) as { id: number; data: Buffer }[]
    if (!snap && rows.length === 0) return null
    return {
      snapshot: snap ? new Uint8Array(snap.data) : null,
      snapshotUptoId: uptoId,
      updates: rows.map((r) => ({ id: r.id, data: new Uint8Array(r.data) })),
    }
  }
  // Inside a caller's transaction the reads already share its snapshot.
  return db.inTransaction ? read() : db.transaction(read)()
}
