/**
 * The SQLite layout (one file, `circleboard.sqlite`, in DATA_DIR). Shared by the relay's store,
 * the read-only opener for the CLI and backups.
 *
 * - `updates`: append-only log of Yjs updates per room. AUTOINCREMENT (not plain rowid) so an id
 *   is never reused after compaction deletes the newest rows; a snapshot's `upto_id` relies on it.
 * - `snapshots`: one merged state update per room covering every update with id <= `upto_id`.
 * - `meta`: schema version.
 *
 * A room's state = snapshot (if any) + updates with id > upto_id, applied in id order.
 */
import type Database from 'better-sqlite3'
import path from 'node:path'

export const DB_FILE_NAME = 'circleboard.sqlite'
export const SCHEMA_VERSION = 1

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
`

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
