/**
 * The SQLite layout (one file, `circleboard.sqlite`, in DATA_DIR). Shared by the relay's store,
 * the read-only opener for the CLI and backups.
 *
 * - `updates` (schema 4): append-only log of Yjs updates per room, keyed `(room, id)` in one
 *   B-tree (`WITHOUT ROWID`), so an append writes one leaf page to the WAL instead of three (the
 *   row, a `(room, id)` index and `sqlite_sequence` when it was `id INTEGER PRIMARY KEY
 *   AUTOINCREMENT, room, …` with an index, schemas 1–3). Ids are handed out by the relay's store
 *   (`SqliteStore.appendUpdate`), above every id any row, snapshot (`upto_id`) or version
 *   (`update_id`) has ever named (see `lastUsedUpdateId`), so an id is never reused after
 *   compaction empties the log; a snapshot's `upto_id` relies on that.
 * - `snapshots`: one merged state update per room covering every update with id <= `upto_id`.
 * - `meta`: schema version.
 * - `room_facilitators` (schema 2): per room the SHA-256 (hex) of its facilitator key; never the key.
 * - `facilitation` (schema 2): per room the facilitation state (shared/src/facilitation.ts) as JSON.
 * - `votes` (schema 2): per room, vote and voter the dots placed (JSON array of shape ids), kept
 *   apart from the state because counts stay hidden until the reveal.
 * - `versions` (schema 3): saved versions of a board (shared/src/versions.ts): per room and `n`
 *   the whole state (`Y.encodeStateAsUpdate`), the plan it held (JSON) and its summary. Small
 *   columns come first and the blobs last: SQLite reads a row's columns in order, so a listing
 *   that stops before `plan_json` never reads the overflow pages of the plan or the state.
 *   `update_id` is the id of the last update of the room's log the version covers (the log's ids
 *   are never reused), which tells cheaply whether the board changed since.
 * - `version_counters` (schema 3): per room the last `n` handed out, so thinning the newest rows
 *   away never lets an `n` come back.
 *
 * Migrations: every table is `CREATE TABLE IF NOT EXISTS`, so opening an older database adds what
 * is missing; the stored `schema_version` is then raised, and an older relay refuses the database
 * (it would ignore roles and locks, silently giving every participant the facilitator's powers).
 *
 * A room's state = snapshot (if any) + updates with id > upto_id, applied in id order.
 */
import { versionSummarySchema, VERSION_REASONS, type VersionInfo, type VersionSummary } from '@circleboard/shared'
import type Database from 'better-sqlite3'
import path from 'node:path'

export const DB_FILE_NAME = 'circleboard.sqlite'
export const SCHEMA_VERSION = 4

export function dbPath(dataDir: string): string {
  return path.join(dataDir, DB_FILE_NAME)
}

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS updates (
  room TEXT NOT NULL,
  id INTEGER NOT NULL,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (room, id)
) WITHOUT ROWID;
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
CREATE TABLE IF NOT EXISTS versions (
  room TEXT NOT NULL,
  n INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  author TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  update_id INTEGER NOT NULL,
  summary_json TEXT NOT NULL,
  plan_json TEXT NOT NULL,
  state BLOB NOT NULL,
  PRIMARY KEY (room, n)
);
CREATE TABLE IF NOT EXISTS version_counters (
  room TEXT PRIMARY KEY,
  last_n INTEGER NOT NULL
);
`

/** Whether `updates` still has the layout of schemas 1–3 (rowid table with AUTOINCREMENT). */
export function updatesTableIsRowid(db: Database.Database): boolean {
  const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'updates'").get() as { sql: string } | undefined
  return row !== undefined && /AUTOINCREMENT/i.test(row.sql)
}

/**
 * The highest update id this database has ever handed out, as far as anything stored can tell:
 * the log's own rows, every snapshot's `upto_id` (compaction deletes the rows it covers, so an
 * emptied log remembers its ids only there), every version's `update_id`, the floor recorded when
 * the log was migrated from AUTOINCREMENT (`meta.updates_last_id`), and `sqlite_sequence` if the
 * old table is still there. New ids go above it: an id at or below a room's `upto_id` would be
 * skipped by every later load of that room.
 */
export function lastUsedUpdateId(db: Database.Database): number {
  const q = (sql: string): number => {
    const row = db.prepare(sql).get() as { n: number | null } | undefined
    return Number(row?.n ?? 0) || 0
  }
  let last = Math.max(
    q('SELECT MAX(id) AS n FROM updates'),
    q('SELECT MAX(upto_id) AS n FROM snapshots'),
    q("SELECT CAST(value AS INTEGER) AS n FROM meta WHERE key = 'updates_last_id'"),
  )
  if (hasVersionsTable(db)) last = Math.max(last, q('SELECT MAX(update_id) AS n FROM versions'))
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'").get()) {
    last = Math.max(last, q("SELECT MAX(seq) AS n FROM sqlite_sequence WHERE name = 'updates'"))
  }
  return last
}

/**
 * Schema 3 → 4: rebuilds `updates` as a `WITHOUT ROWID` table keyed `(room, id)` (ids and rows
 * unchanged), in one transaction, and records the last id handed out so far in
 * `meta.updates_last_id` (dropping the old table takes its `sqlite_sequence` entry with it).
 */
export function migrateUpdatesTable(db: Database.Database): void {
  db.transaction(() => {
    if (!updatesTableIsRowid(db)) return
    const last = lastUsedUpdateId(db)
    db.exec(`
      CREATE TABLE updates_v4 (
        room TEXT NOT NULL,
        id INTEGER NOT NULL,
        data BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (room, id)
      ) WITHOUT ROWID;
      INSERT INTO updates_v4 (room, id, data, created_at) SELECT room, id, data, created_at FROM updates;
      DROP TABLE updates;
      ALTER TABLE updates_v4 RENAME TO updates;
    `)
    db.prepare(
      `INSERT INTO meta (key, value) VALUES ('updates_last_id', ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    ).run(String(last))
  })()
}

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

/** A database from before schema 3 (opened read-only by the CLI, so not migrated) has no versions. */
export function hasVersionsTable(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'versions'").get() !== undefined
}

/** Every column of `versions` but the plan and the state (see the table's comment). */
export const VERSION_INFO_COLUMNS = 'n, name, kind, reason, created_at, author, bytes, update_id, summary_json'

export type VersionRow = {
  n: number
  name: string
  kind: string
  reason: string
  created_at: number
  author: string
  bytes: number
  update_id: number
  summary_json: string
}

const EMPTY_SUMMARY: VersionSummary = { shapes: 0, items: 0, actions: 0, actionsDone: 0 }

/**
 * A stored row as the protocol's VersionInfo. The row was written by this code, but a database
 * file can be edited by hand or damaged: a field that does not read is replaced by a neutral
 * value rather than hiding the version (its state is what matters).
 */
export function versionInfoFromRow(row: VersionRow): VersionInfo {
  let summary = EMPTY_SUMMARY
  try {
    const parsed = versionSummarySchema.safeParse(JSON.parse(row.summary_json))
    if (parsed.success) summary = parsed.data
  } catch {
    // Unreadable summary: the neutral one.
  }
  const reason = (VERSION_REASONS as readonly string[]).includes(row.reason) ? (row.reason as VersionInfo['reason']) : 'manual'
  return {
    n: row.n,
    name: String(row.name).slice(0, 100),
    kind: row.kind === 'named' ? 'named' : 'auto',
    reason,
    createdAt: Math.max(0, Math.trunc(Number(row.created_at) || 0)),
    author: String(row.author).slice(0, 100),
    summary,
    bytes: Math.max(0, Math.trunc(Number(row.bytes) || 0)),
  }
}

/** A room's versions, newest first, without reading any plan or state. */
export function listVersionRows(db: Database.Database, roomId: string, limit: number): VersionRow[] {
  if (!hasVersionsTable(db)) return []
  return db
    .prepare(`SELECT ${VERSION_INFO_COLUMNS} FROM versions WHERE room = ? ORDER BY n DESC LIMIT ?`)
    .all(roomId, limit) as VersionRow[]
}

export function readVersionRow(db: Database.Database, roomId: string, n: number): VersionRow | null {
  if (!hasVersionsTable(db)) return null
  const row = db.prepare(`SELECT ${VERSION_INFO_COLUMNS} FROM versions WHERE room = ? AND n = ?`).get(roomId, n)
  return (row as VersionRow | undefined) ?? null
}

/** One version's stored state (a Yjs update), or null when the room has no version `n`. */
export function readVersionState(db: Database.Database, roomId: string, n: number): Uint8Array | null {
  if (!hasVersionsTable(db)) return null
  const row = db.prepare('SELECT state FROM versions WHERE room = ? AND n = ?').get(roomId, n) as { state: Buffer } | undefined
  return row ? new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.byteLength) : null
}

/** One version's stored plan (JSON text), or null when the room has no version `n`. */
export function readVersionPlanJson(db: Database.Database, roomId: string, n: number): string | null {
  if (!hasVersionsTable(db)) return null
  const row = db.prepare('SELECT plan_json FROM versions WHERE room = ? AND n = ?').get(roomId, n) as { plan_json: string } | undefined
  return row?.plan_json ?? null
}

/**
 * Runs `write` with `secure_delete` ON, then puts the connection's setting back. Every write to
 * `versions` runs so (insert and thinning, rename, delete): whatever they delete, free or move —
 * a row, a freed page, the copy a page rebalance leaves behind — is zeroed. A version deleted by
 * hand is then gone from the file, not only its row: with it off, inserting and thinning later
 * versions left old copies of a row in unused page space and free pages, out of the delete's
 * reach. Costs I/O only in these rare writes (a thinned version's freed pages are written as
 * zeros), never on the update log's hot path.
 */
export function withSecureDelete<T>(db: Database.Database, write: () => T): T {
  const before = db.pragma('secure_delete', { simple: true }) as number
  db.pragma('secure_delete = ON')
  try {
    return write()
  } finally {
    db.pragma(`secure_delete = ${before === 2 ? 'FAST' : before ? 'ON' : 'OFF'}`)
  }
}

/**
 * Deletes version `n` of a room by hand (state, plan and all): the one delete both the relay
 * (`SqliteStore.deleteVersion`, from the History panel) and the CLI (`pnpm cli versions delete`)
 * run. Its bytes are overwritten in the database file, not only unlinked (`withSecureDelete`): a
 * version is deleted because of what it holds. Its number is never given out again: the room's
 * counter is raised to at least `n` in the same transaction (it already is, unless the rows came
 * from elsewhere). Returns whether there was such a version.
 */
export function deleteVersionRow(db: Database.Database, roomId: string, n: number): boolean {
  return withSecureDelete(db, () =>
    db.transaction(() => {
      const deleted = db.prepare('DELETE FROM versions WHERE room = ? AND n = ?').run(roomId, n).changes > 0
      if (deleted) {
        db.prepare(
          `INSERT INTO version_counters (room, last_n) VALUES (?, ?)
           ON CONFLICT(room) DO UPDATE SET last_n = MAX(last_n, excluded.last_n)`,
        ).run(roomId, n)
      }
      return deleted
    })(),
  )
}

/** How many versions a room has and its highest `n`: changes whenever a version is stored or deleted. */
export function versionsMark(db: Database.Database, roomId: string): string {
  const row = db.prepare('SELECT COUNT(*) AS count, COALESCE(MAX(n), 0) AS newest FROM versions WHERE room = ?').get(roomId) as {
    count: number
    newest: number
  }
  return `${row.count}:${row.newest}`
}

/** Whether anything is stored for the room: its board or any version. */
export function roomIsStored(db: Database.Database, roomId: string): boolean {
  const board = db.prepare('SELECT 1 FROM snapshots WHERE room = ? UNION ALL SELECT 1 FROM updates WHERE room = ? LIMIT 1').get(roomId, roomId)
  if (board) return true
  return hasVersionsTable(db) && db.prepare('SELECT 1 FROM versions WHERE room = ? LIMIT 1').get(roomId) !== undefined
}
