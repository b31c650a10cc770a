/**
 * The relay's write side of persistence. better-sqlite3 is synchronous on purpose: an update is
 * in the WAL before the call returns, so "store, then relay" is a plain sequence on the hot path.
 *
 * Durability: WAL with `synchronous=NORMAL` by default. In WAL mode NORMAL loses nothing when
 * the *process* dies (kill -9, OOM, crash): a committed transaction is in the WAL file in the OS
 * page cache. Only a power cut or kernel crash can roll back the last few transactions, and
 * those updates are still in every participant's IndexedDB and come back on the next sync.
 * FULL would fsync on every pen stroke and stall the event loop on slow disks; it is available
 * with `SQLITE_SYNCHRONOUS=FULL` for machines where the browsers are not the second copy.
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import { dbPath, getFacilitatorKeyHash, putFacilitatorKeyHash, readStoredRoom, SCHEMA_SQL, SCHEMA_VERSION, type StoredRoom } from './schema'

export type SynchronousMode = 'NORMAL' | 'FULL'

export class SqliteStore {
  readonly db: Database.Database
  private readonly insertUpdate: Database.Statement<[string, Buffer, number]>
  private readonly countSince: Database.Statement<[string, number]>
  private readonly snapshotUpto: Database.Statement<[string]>
  private readonly writeSnapshotTx: (roomId: string, state: Uint8Array, uptoId: number) => void
  private readonly roomBytesQuery: Database.Statement<[{ room: string }]>
  private readonly selectFacilitation: Database.Statement<[string]>
  private readonly upsertFacilitation: Database.Statement<[string, string, number]>
  private readonly selectVotes: Database.Statement<[string, string]>
  private readonly upsertDots: Database.Statement<[string, string, string, string]>
  private readonly deleteOtherVotes: Database.Statement<[string, string]>
  /**
   * Bytes the database uses (pages in use), kept up to date cheaply: measured at open and after
   * each snapshot (which frees pages), incremented by each append in between.
   */
  usedBytes = 0

  constructor(dataDir: string, synchronous: SynchronousMode = 'NORMAL') {
    fs.mkdirSync(dataDir, { recursive: true })
    this.db = new Database(dbPath(dataDir))
    this.db.pragma('journal_mode = WAL')
    this.db.pragma(`synchronous = ${synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`)
    // A backup or CLI reader may hold a lock briefly; wait rather than fail a write.
    this.db.pragma('busy_timeout = 5000')
    this.db.exec(SCHEMA_SQL)
    const version = this.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
      | { value: string }
      | undefined
    if (!version) {
      this.db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION))
    } else if (Number(version.value) > SCHEMA_VERSION) {
      this.db.close()
      throw new Error(
        `The database in ${dataDir} was written by a newer Circleboard (schema ${version.value}); ` +
          `upgrade Circleboard or point DATA_DIR elsewhere.`,
      )
    } else if (Number(version.value) < SCHEMA_VERSION) {
      // SCHEMA_SQL above added the missing tables; record that this database now has them.
      this.db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION))
    }
    this.selectFacilitation = this.db.prepare('SELECT state_json FROM facilitation WHERE room_id = ?')
    this.upsertFacilitation = this.db.prepare(
      `INSERT INTO facilitation (room_id, state_json, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(room_id) DO UPDATE SET state_json = excluded.state_json, updated_at = excluded.updated_at`,
    )
    this.selectVotes = this.db.prepare('SELECT voter_id, shape_ids_json FROM votes WHERE room_id = ? AND vote_id = ?')
    this.upsertDots = this.db.prepare(
      `INSERT INTO votes (room_id, vote_id, voter_id, shape_ids_json) VALUES (?, ?, ?, ?)
       ON CONFLICT(room_id, vote_id, voter_id) DO UPDATE SET shape_ids_json = excluded.shape_ids_json`,
    )
    this.deleteOtherVotes = this.db.prepare('DELETE FROM votes WHERE room_id = ? AND vote_id <> ?')
    this.insertUpdate = this.db.prepare('INSERT INTO updates (room, data, created_at) VALUES (?, ?, ?)')
    this.countSince = this.db.prepare('SELECT COUNT(*) AS n FROM updates WHERE room = ? AND id > ?')
    this.snapshotUpto = this.db.prepare('SELECT upto_id FROM snapshots WHERE room = ?')
    const upsert = this.db.prepare(
      `INSERT INTO snapshots (room, data, upto_id, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(room) DO UPDATE SET data = excluded.data, upto_id = excluded.upto_id, updated_at = excluded.updated_at
       WHERE excluded.upto_id > snapshots.upto_id`,
    )
    const prune = this.db.prepare('DELETE FROM updates WHERE room = ? AND id <= ?')
    // length() of a BLOB reads the record header only, not the data.
    this.roomBytesQuery = this.db.prepare(
      `SELECT (SELECT COALESCE(SUM(length(data)), 0) FROM snapshots WHERE room = @room) AS snapshot,
              (SELECT COALESCE(SUM(length(data)), 0) FROM updates WHERE room = @room
                 AND id > COALESCE((SELECT upto_id FROM snapshots WHERE room = @room), 0)) AS log`,
    )
    this.writeSnapshotTx = this.db.transaction((roomId: string, state: Uint8Array, uptoId: number) => {
      const res = upsert.run(roomId, Buffer.from(state.buffer, state.byteOffset, state.byteLength), uptoId, Date.now())
      // Only prune when our snapshot won; an older compaction result must not delete newer rows.
      if (res.changes > 0) prune.run(roomId, uptoId)
    })
    this.measureUsedBytes()
  }

  private measureUsedBytes(): void {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number
    const pages = this.db.pragma('page_count', { simple: true }) as number
    const free = this.db.pragma('freelist_count', { simple: true }) as number
    this.usedBytes = (pages - free) * pageSize
  }

  /** A room's stored size: its snapshot and the log rows after it. */
  roomBytes(roomId: string): { snapshot: number; log: number } {
    return this.roomBytesQuery.get({ room: roomId }) as { snapshot: number; log: number }
  }

  /** Appends one update to the room's log; returns its id. Throws if SQLite cannot write. */
  appendUpdate(roomId: string, update: Uint8Array): number {
    const res = this.insertUpdate.run(
      roomId,
      Buffer.from(update.buffer, update.byteOffset, update.byteLength),
      Date.now(),
    )
    this.usedBytes += update.byteLength
    return Number(res.lastInsertRowid)
  }

  loadRoom(roomId: string): StoredRoom | null {
    return readStoredRoom(this.db, roomId)
  }

  /** Updates in the log that the snapshot does not cover yet. */
  pendingUpdateCount(roomId: string): number {
    const snap = this.snapshotUpto.get(roomId) as { upto_id: number } | undefined
    return (this.countSince.get(roomId, snap?.upto_id ?? 0) as { n: number }).n
  }

  /** Replaces the snapshot and drops the log rows it covers, atomically. */
  writeSnapshot(roomId: string, state: Uint8Array, uptoId: number): void {
    this.writeSnapshotTx(roomId, state, uptoId)
    this.measureUsedBytes()
  }

  /** The SHA-256 (hex) of the room's facilitator key, or null when nobody has claimed the room. */
  facilitatorKeyHash(roomId: string): string | null {
    return getFacilitatorKeyHash(this.db, roomId)
  }

  /** Claims the room for `keyHash` if it has no facilitator key yet; returns the hash it now has. */
  claimFacilitatorKeyHash(roomId: string, keyHash: string): string {
    return putFacilitatorKeyHash(this.db, roomId, keyHash, false)
  }

  /** The room's stored facilitation state (JSON text), or null when it never had one. */
  loadFacilitationState(roomId: string): string | null {
    const row = this.selectFacilitation.get(roomId) as { state_json: string } | undefined
    return row?.state_json ?? null
  }

  /**
   * Stores the room's facilitation state; with `currentVoteId`, in the same transaction forgets
   * the dots of every other vote of the room (a new vote started), so the two never disagree.
   */
  saveFacilitationState(roomId: string, stateJson: string, currentVoteId?: string): void {
    if (currentVoteId === undefined) {
      this.upsertFacilitation.run(roomId, stateJson, Date.now())
      return
    }
    this.db.transaction(() => {
      this.upsertFacilitation.run(roomId, stateJson, Date.now())
      this.deleteOtherVotes.run(roomId, currentVoteId)
    })()
  }

  /** Every voter's dots (JSON text of shape ids) in one vote of a room. */
  loadVotes(roomId: string, voteId: string): { voterId: string; shapeIdsJson: string }[] {
    return (this.selectVotes.all(roomId, voteId) as { voter_id: string; shape_ids_json: string }[]).map((r) => ({
      voterId: r.voter_id,
      shapeIdsJson: r.shape_ids_json,
    }))
  }

  saveDots(roomId: string, voteId: string, voterId: string, shapeIdsJson: string): void {
    this.upsertDots.run(roomId, voteId, voterId, shapeIdsJson)
  }

  /** Forgets the dots of every vote of the room but `keepVoteId` (a new vote started). */
  deleteVotesExcept(roomId: string, keepVoteId: string): void {
    this.deleteOtherVotes.run(roomId, keepVoteId)
  }

  close(): void {
    if (!this.db.open) return
    try {
      // Fold the WAL into the main file so a copied data dir is self-contained.
      this.db.pragma('wal_checkpoint(TRUNCATE)')
    } finally {
      this.db.close()
    }
  }
}
