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
import { versionsToThin, type RetentionPolicy, type VersionInfo, type VersionReason, type VersionSummary } from '@circleboard/shared'
import Database from 'better-sqlite3'
import fs from 'node:fs'
import {
  dbPath,
  deleteVersionRow,
  getFacilitatorKeyHash,
  lastUsedUpdateId,
  listVersionRows,
  migrateUpdatesTable,
  putFacilitatorKeyHash,
  readStoredRoom,
  readVersionPlanJson,
  readVersionRow,
  SCHEMA_SQL,
  SCHEMA_VERSION,
  versionInfoFromRow,
  type StoredRoom,
  type VersionRow,
  updatesTableIsRowid,
  versionsMark,
  withSecureDelete,
} from './schema'

/** A version about to be stored (its `n` is handed out by the store). */
export type NewVersion = {
  name: string
  kind: VersionInfo['kind']
  reason: VersionReason
  createdAt: number
  author: string
  summary: VersionSummary
  planJson: string
  state: Uint8Array
  /** Id of the last update of the room's log the state covers. */
  updateId: number
}

export type SynchronousMode = 'NORMAL' | 'FULL'

/** WAL bytes an append costs besides its data: it rewrites at least one page of the log's B-tree. */
const WAL_PAGE_OVERHEAD = 4096

export class SqliteStore {
  readonly db: Database.Database
  private readonly insertUpdate: Database.Statement<[string, number, Buffer, number]>
  /** The last update id handed out; the next append gets the one above (see `lastUsedUpdateId`). */
  private lastUpdateId: number
  private readonly countSince: Database.Statement<[string, number]>
  private readonly snapshotUpto: Database.Statement<[string]>
  private readonly writeSnapshotTx: (roomId: string, state: Uint8Array, uptoId: number) => void
  private readonly readForJoinTx: SqliteStore['readForJoin']
  private readonly roomBytesQuery: Database.Statement<[{ room: string }]>
  private readonly selectFacilitation: Database.Statement<[string]>
  private readonly upsertFacilitation: Database.Statement<[string, string, number]>
  private readonly selectVotes: Database.Statement<[string, string]>
  private readonly upsertDots: Database.Statement<[string, string, string, string]>
  private readonly deleteOtherVotes: Database.Statement<[string, string]>
  private readonly insertVersionTx: (roomId: string, v: NewVersion, policy: RetentionPolicy) => { row: VersionRow; thinned: number[] }
  private readonly renameVersionStmt: Database.Statement<[string, string, number]>
  private readonly countNamedStmt: Database.Statement<[string]>
  /**
   * Bytes the database uses (pages in use), kept up to date cheaply: measured at open and after
   * each snapshot (which frees pages), incremented by each append in between.
   */
  usedBytes = 0
  /** The database file (a checkpointing connection elsewhere opens it too). */
  readonly file: string
  private checkpointEveryBytes = 0
  private walBytesSinceCheckpoint = 0
  private onCheckpointDue: (() => void) | null = null

  constructor(dataDir: string, synchronous: SynchronousMode = 'NORMAL') {
    fs.mkdirSync(dataDir, { recursive: true })
    this.file = dbPath(dataDir)
    this.db = new Database(this.file)
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
      // SCHEMA_SQL above added the missing tables; the log gets its schema-4 layout; record that
      // this database now has them.
      migrateUpdatesTable(this.db)
      this.db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION))
    }
    if (updatesTableIsRowid(this.db)) migrateUpdatesTable(this.db)
    this.lastUpdateId = lastUsedUpdateId(this.db)
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
    this.insertUpdate = this.db.prepare('INSERT INTO updates (room, id, data, created_at) VALUES (?, ?, ?, ?)')
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
    const snapshotRow = this.db.prepare('SELECT upto_id, data FROM snapshots WHERE room = ?')
    const rowsAfter = this.db.prepare('SELECT id, data FROM updates WHERE room = ? AND id > ? ORDER BY id')
    this.readForJoinTx = this.db.transaction((roomId: string, knownSnapshotUpto: number, afterId: number) => {
      const upto = (this.snapshotUpto.get(roomId) as { upto_id: number } | undefined)?.upto_id ?? 0
      if (upto === knownSnapshotUpto) {
        return { snapshotUpto: upto, snapshot: undefined, rows: rowsAfter.all(roomId, Math.max(upto, afterId)) as { id: number; data: Buffer }[] }
      }
      const snap = snapshotRow.get(roomId) as { upto_id: number; data: Buffer } | undefined
      return { snapshotUpto: upto, snapshot: snap?.data ?? null, rows: rowsAfter.all(roomId, upto) as { id: number; data: Buffer }[] }
    })
    // The counter, or past the highest stored n if rows came from elsewhere (a merged or hand-edited file).
    const nextN = this.db.prepare(
      `INSERT INTO version_counters (room, last_n)
         VALUES (@room, COALESCE((SELECT MAX(n) FROM versions WHERE room = @room), 0) + 1)
       ON CONFLICT(room) DO UPDATE SET last_n = MAX(last_n, COALESCE((SELECT MAX(n) FROM versions WHERE room = @room), 0)) + 1
       RETURNING last_n`,
    )
    const insertVersion = this.db.prepare(
      `INSERT INTO versions (room, n, name, kind, reason, created_at, author, bytes, update_id, summary_json, plan_json, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const versionAges = this.db.prepare('SELECT n, kind, created_at FROM versions WHERE room = ?')
    const deleteVersion = this.db.prepare('DELETE FROM versions WHERE room = ? AND n = ?')
    // Insert and thin in one transaction: a crash between them cannot leave more than the policy keeps.
    this.insertVersionTx = this.db.transaction((roomId: string, v: NewVersion, policy: RetentionPolicy) => {
      const n = (nextN.get({ room: roomId }) as { last_n: number }).last_n
      const summaryJson = JSON.stringify(v.summary)
      const state = Buffer.from(v.state.buffer, v.state.byteOffset, v.state.byteLength)
      insertVersion.run(roomId, n, v.name, v.kind, v.reason, v.createdAt, v.author, v.state.byteLength, v.updateId, summaryJson, v.planJson, state)
      const ages = (versionAges.all(roomId) as { n: number; kind: string; created_at: number }[]).map((r) => ({
        n: r.n,
        kind: r.kind === 'named' ? ('named' as const) : ('auto' as const),
        createdAt: r.created_at,
      }))
      // The version just saved is never thinned, whatever the clock says about it.
      const thinned = versionsToThin(ages, policy, v.createdAt).filter((x) => x !== n)
      for (const x of thinned) deleteVersion.run(roomId, x)
      const row: VersionRow = {
        n,
        name: v.name,
        kind: v.kind,
        reason: v.reason,
        created_at: v.createdAt,
        author: v.author,
        bytes: v.state.byteLength,
        update_id: v.updateId,
        summary_json: summaryJson,
      }
      return { row, thinned }
    })
    this.renameVersionStmt = this.db.prepare("UPDATE versions SET name = ?, kind = 'named' WHERE room = ? AND n = ?")
    this.countNamedStmt = this.db.prepare("SELECT COUNT(*) AS n FROM versions WHERE room = ? AND kind = 'named'")
    this.measureUsedBytes()
  }

  /**
   * Takes WAL checkpoints off this (the relay's) thread. By default SQLite checkpoints on the
   * writing connection once the WAL passes 1000 pages: a commit then also copies the WAL into the
   * database and fsyncs both, a few ms (more on a busy disk) in the middle of relaying an update.
   * After this call `onDue` is told each time about `everyBytes` have been written, and runs the
   * checkpoint on its own connection elsewhere (the compaction worker, `Compactor.checkpoint`).
   * SQLite's automatic checkpoint stays as a backstop at `backstopPages`, so the WAL stays bounded
   * even if that worker is busy (a long compaction), stuck or gone.
   */
  moveCheckpointsOffThread(everyBytes: number, backstopPages: number, onDue: () => void): void {
    this.db.pragma(`wal_autocheckpoint = ${Math.max(1, Math.trunc(backstopPages))}`)
    this.checkpointEveryBytes = Math.max(1, everyBytes)
    this.walBytesSinceCheckpoint = 0
    this.onCheckpointDue = onDue
  }

  private noteWalBytes(n: number): void {
    if (!this.onCheckpointDue) return
    this.walBytesSinceCheckpoint += n
    if (this.walBytesSinceCheckpoint < this.checkpointEveryBytes) return
    this.walBytesSinceCheckpoint = 0
    this.onCheckpointDue()
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
    // Taken before the insert: a failed insert leaves a gap, never a reused id.
    const id = ++this.lastUpdateId
    this.insertUpdate.run(roomId, id, Buffer.from(update.buffer, update.byteOffset, update.byteLength), Date.now())
    this.usedBytes += update.byteLength
    this.noteWalBytes(update.byteLength + WAL_PAGE_OVERHEAD)
    return id
  }

  /**
   * What a new device needs of a room, read as stored (no copies, no decoding), in one read
   * transaction: the snapshot's `upto_id`, its data when that is not `knownSnapshotUpto` (else
   * `undefined`: the caller has it), and the log rows after the snapshot, or after `afterId` when
   * the snapshot is the known one.
   */
  readForJoin(
    roomId: string,
    knownSnapshotUpto: number,
    afterId: number,
  ): { snapshotUpto: number; snapshot: Buffer | null | undefined; rows: { id: number; data: Buffer }[] } {
    return this.readForJoinTx(roomId, knownSnapshotUpto, afterId)
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
    this.noteWalBytes(state.byteLength + WAL_PAGE_OVERHEAD)
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

  /**
   * Stores a version under the room's next `n` and drops the automatic versions `policy` no
   * longer keeps, in one transaction. Throws if SQLite cannot write (nothing is stored then).
   */
  insertVersion(roomId: string, v: NewVersion, policy: RetentionPolicy): { info: VersionInfo; updateId: number; thinned: number[] } {
    // secure_delete for every write to versions: see withSecureDelete.
    const { row, thinned } = withSecureDelete(this.db, () => this.insertVersionTx(roomId, v, policy))
    this.usedBytes += v.state.byteLength + v.planJson.length
    this.noteWalBytes(v.state.byteLength + v.planJson.length + WAL_PAGE_OVERHEAD)
    if (thinned.length > 0) this.measureUsedBytes()
    return { info: versionInfoFromRow(row), updateId: row.update_id, thinned }
  }

  /** The room's versions, newest first (at most `limit`); reads neither plans nor states. */
  listVersions(roomId: string, limit: number): VersionInfo[] {
    return listVersionRows(this.db, roomId, limit).map(versionInfoFromRow)
  }

  /** The newest version of the room (with the update id it covers), or null. */
  latestVersion(roomId: string): { info: VersionInfo; updateId: number } | null {
    const [row] = listVersionRows(this.db, roomId, 1)
    return row ? { info: versionInfoFromRow(row), updateId: row.update_id } : null
  }

  versionInfo(roomId: string, n: number): VersionInfo | null {
    const row = readVersionRow(this.db, roomId, n)
    return row ? versionInfoFromRow(row) : null
  }

  versionPlanJson(roomId: string, n: number): string | null {
    return readVersionPlanJson(this.db, roomId, n)
  }

  /** Names version `n` (an automatic one becomes named). Null when the room has no version `n`. */
  renameVersion(roomId: string, n: number, name: string): VersionInfo | null {
    if (withSecureDelete(this.db, () => this.renameVersionStmt.run(name, roomId, n).changes) === 0) return null
    const row = readVersionRow(this.db, roomId, n)
    return row ? versionInfoFromRow(row) : null
  }

  /**
   * Deletes one version by hand (state, plan and all; `deleteVersionRow`, which the CLI runs too).
   * Its bytes are overwritten in the database file, not only unlinked. Backups made before keep
   * it. Returns whether there was such a version. Its number is never given out again.
   */
  deleteVersion(roomId: string, n: number): boolean {
    return deleteVersionRow(this.db, roomId, n)
  }

  /** Changes whenever a version of the room is stored or deleted, by this relay or the CLI. */
  versionsMark(roomId: string): string {
    return versionsMark(this.db, roomId)
  }

  namedVersionCount(roomId: string): number {
    return (this.countNamedStmt.get(roomId) as { n: number }).n
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
