/**
 * One board in memory: its Y.Doc, its connections and its awareness (presence) states.
 *
 * The order that makes "a crash loses nothing anyone has seen" true: an incoming update is applied
 * to the doc (which validates it), appended to SQLite synchronously, and only then sent to the
 * other connections. An update that does not apply closes its sender with `badMessage` and is
 * neither stored nor relayed as received (what of it Yjs integrated before failing is stored and
 * relayed as Yjs encodes it). See `relayAsReceived` for which bytes are stored and relayed.
 */
import { CloseCode, keptTextsArrivingBeaten, type Role, writeRecord } from '@circleboard/shared'
import * as Y from 'yjs'
import type { Logger } from '../log'
import type { Compactor } from '../persistence/Compactor'
import { applyStoredRoom } from '../persistence/readOnly'
import type { SqliteStore } from '../persistence/SqliteStore'
import type { Connection } from './Connection'
import type { RelayLimits } from './limits'
import {
  type AwarenessEntry,
  type PreparedFrame,
  encodeAwarenessMessage,
  encodeAwarenessUpdate,
  encodeSyncMessage,
  parseAwarenessUpdate,
  parseMessage,
  prepareFrame,
  ProtocolError,
  SyncMessageType,
} from './protocol'
import { ErrorKind, type RelayMetrics } from './RelayMetrics'
import { RoomFacilitation } from './RoomFacilitation'
import { RoomVersions, type VersionsContext } from './RoomVersions'

export type RoomContext = {
  store: SqliteStore
  compactor: Compactor
  limits: RelayLimits
  metrics: RelayMetrics
  logger: Logger
  versions: VersionsContext['versions']
  planner: VersionsContext['planner']
  versionJobs: VersionsContext['versionJobs']
  /** The last connection left; the relay starts the idle timer. */
  onEmpty(room: Room): void
  /** Persistence failed; the relay must unload the room (memory may hold unstored state). */
  onFailed(room: Room): void
}

/** Origin of updates applied while loading from SQLite: neither stored again nor relayed. */
const LOAD_ORIGIN = Symbol('load')
/** Origin of the relay's own writes into a board (locked records put back, vote counts): stored and relayed to everyone. */
export const RELAY_ORIGIN = Symbol('relay')

/**
 * `owner` null marks a tombstone: the owner left. Like y-protocols' own meta table, it remembers
 * the last clock so that another client echoing the departed client's old state (stock
 * providers re-broadcast every state they receive) can neither resurrect nor claim it.
 */
type AwarenessState = { clock: number; state: string; removed: boolean; owner: Connection | null; removedAt: number }

/** Tombstones outlive y-protocols' 30 s outdated timeout, after which every client has forgotten too. */
const AWARENESS_TOMBSTONE_MS = 60_000

/**
 * An episode of "pending" data: structs (or deletes) Yjs holds back because what they build on is
 * missing. Yjs re-merges everything pending with each further such update and re-reads it on
 * every update, so it is bounded by bytes, updates and time (see `maxPendingBytes`).
 */
type PendingEpisode = { updates: number; contributors: Set<Connection>; timer: NodeJS.Timeout }

/**
 * The relay says who is who: every presence state it relays carries `role` (facilitator,
 * participant or viewer, from the connection's link) and a viewer's `viewOnly: true` (an
 * editor's never has `viewOnly`), whatever the client wrote. `value` is the state already parsed
 * (parseAwarenessUpdate parses each state once anyway); its size is bounded by the caller's limit
 * before this runs. Null: a state that is not a JSON object, from a viewer (dropped); an editor's
 * is relayed as it is (stock clients may send any JSON, and it claims nothing).
 */
export function stampPresence(state: string, value: unknown, role: Role): string | null {
  const viewer = role === 'viewer'
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return viewer ? null : state
  const obj = value as Record<string, unknown>
  // Deleted first so the relay's values come last: any reader that meets duplicate keys in a
  // hand-made state text keeps the last one.
  delete obj.role
  delete obj.viewOnly
  obj.role = role
  if (viewer) obj.viewOnly = true
  return JSON.stringify(obj)
}

/** How long a shared full-state reply is kept (joins of one crowd arrive within seconds). */
const FULL_SYNC_REPLY_MS = 10_000

/** Sync step 2 carrying an empty update: ends a reply made of stored rows (`Room.sendStoredState`). */
const EMPTY_STEP2 = encodeSyncMessage(SyncMessageType.step2, Y.encodeStateAsUpdate(new Y.Doc()))

/**
 * A large board's stored rows as update frames, kept while the room is loaded so that a new
 * device costs neither an encode nor a read of SQLite: the snapshot's frame (`snapshotUpto` is the
 * last update id it covers) and a frame for each log row after it, in id order. Built from what
 * the room loaded (or, for a board that grew past the size, by one read at the first join), then
 * kept in step: each stored update's frame (the very frame relayed) is appended, and a compaction's
 * new snapshot replaces the frames it covers. Any snapshot covering ids up to X plus every row
 * after X is the whole board, so the frames need not mirror SQLite page for page.
 */
type StoredFrames = { snapshotUpto: number; frames: Buffer[]; rowIds: number[] }

/** An update from a connection while `Room.handleMessage` applies it. */
type IncomingUpdate = {
  conn: Connection
  /** The update as received. */
  update: Uint8Array
  /** The frame it came in, when that is exactly a sync update message carrying it (else null). */
  frame: Uint8Array | null
  /** The doc held pending data before it. */
  pendingBefore: boolean
  /** `Y.applyUpdate` returned (did not throw). */
  applied: boolean
}

/**
 * `data` itself when it is the canonical sync update frame of `update` ([0, 2, length, update],
 * nothing after), so it can be relayed as it came; null otherwise (then it is encoded again).
 */
function updateFrameAsIs(data: Uint8Array, update: Uint8Array): Uint8Array | null {
  if (data[0] !== 0 || data[1] !== SyncMessageType.update || update.buffer !== data.buffer) return null
  return update.byteOffset + update.byteLength === data.byteOffset + data.byteLength ? data : null
}

/** What Yjs checks before emitting 'update': the transaction added structs or deleted something. */
function changedAnything(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true
  for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) return true
  return false
}

export class Room {
  readonly doc = new Y.Doc()
  readonly conns = new Set<Connection>()
  private readonly awareness = new Map<number, AwarenessState>()
  /** Updates in the log that the last snapshot does not cover (approximate; drives compaction). */
  private uncompacted = 0
  /** Bytes of the log since the last compaction was scheduled (drives compaction by size). */
  private uncompactedBytes = 0
  /**
   * The board's stored size: its snapshot plus the log rows after it. This is what `maxRoomBytes`
   * bounds; it is exact after each compaction and grows by each stored update in between.
   */
  storedBytes = 0
  /** Whether the log has rows a compaction would fold (so the stored size could still shrink). */
  private logSinceSnapshot = false
  private pending: PendingEpisode | null = null
  idleTimer: NodeJS.Timeout | null = null
  failed = false
  destroyed = false
  /** Facilitation state, votes and locks of this board (loaded with it). */
  readonly facilitation: RoomFacilitation
  /** Saved versions of this board (the newest one's bookkeeping is loaded with it). */
  readonly versions: RoomVersions
  /** Id of the last update in the room's stored log (0: none); versions record what they cover. */
  lastUpdateId = 0
  /**
   * The sync step 2 frame for a device that has nothing yet (empty state vector), encoded once and
   * shared until the board changes, and kept at most FULL_SYNC_REPLY_MS: ten people opening a large
   * board at once then cost one encode, not ten (a 6.5 MB board takes a few hundred ms of the
   * event loop to encode, which every other room waits for; bench/joins.ts).
   */
  private fullSyncReply: Uint8Array | null = null
  private fullSyncReplyTimer: NodeJS.Timeout | null = null
  private storedFrames: StoredFrames | null = null
  /** Stored rows that did not apply when the room loaded (then joins are always encoded from memory). */
  private rowsSkippedAtLoad = 0
  /** The update `handleMessage` is applying, while it applies (see `relayAsReceived`). */
  private incoming: IncomingUpdate | null = null
  /** The transaction whose update was stored and relayed as received (Yjs's 'update' event skips it). */
  private relayedTransaction: Y.Transaction | null = null

  constructor(
    readonly id: string,
    private readonly ctx: RoomContext,
  ) {
    this.doc.on('update', this.onDocUpdate)
    this.doc.on('beforeObserverCalls', this.relayAsReceived)
    this.doc.on('afterTransaction', this.keepBeatenTexts)
    this.facilitation = new RoomFacilitation(this, ctx, RELAY_ORIGIN)
    this.versions = new RoomVersions(this, ctx)
  }

  /**
   * A note's JSON text that arrives already beaten by the text the relay holds (an app older than
   * layout 2 wrote it offline) is kept as a second note beside it (shared/src/lostVersions.ts):
   * the relay is the only peer that sees its content — Yjs discards a beaten value's content when
   * the transaction ends, so what the relay passes on no longer has it. Looks only at the types
   * the transaction changed.
   */
  private readonly keepBeatenTexts = (transaction: Y.Transaction): void => {
    const origin = transaction.origin
    if (origin === LOAD_ORIGIN || origin === RELAY_ORIGIN || this.failed) return
    const kept = keptTextsArrivingBeaten(this.doc, transaction)
    if (kept.length === 0) return
    this.ctx.logger.info('kept beaten text versions as notes', { roomId: this.id, count: kept.length })
    this.doc.transact(() => {
      for (const record of kept) writeRecord(this.doc, record)
    }, RELAY_ORIGIN)
  }

  /** Loads stored state. Throws when the database cannot be read. */
  load(): void {
    this.loadBoard()
    // After the board: the lock caches the locked records' values.
    this.facilitation.load()
    this.versions.load()
  }

  private loadBoard(): void {
    const stored = this.ctx.store.loadRoom(this.id)
    if (!stored) return
    this.storedBytes = (stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((n, u) => n + u.data.byteLength, 0)
    this.logSinceSnapshot = stored.updates.length > 0
    this.lastUpdateId = stored.updates.length > 0 ? stored.updates[stored.updates.length - 1].id : stored.snapshotUptoId
    this.doc.transact(() => {
      applyStoredRoom(this.doc, stored, (rowId, error) => {
        this.rowsSkippedAtLoad++
        this.ctx.metrics.error(ErrorKind.persistence)
        this.ctx.logger.error('stored update does not apply; skipped', { roomId: this.id, rowId, error })
      })
    }, LOAD_ORIGIN)
    this.uncompacted = stored.updates.length
    if (this.uncompacted >= this.ctx.limits.compactAfterUpdates) this.ctx.compactor.schedule(this.id)
    // A large board: keep what was just read as frames for new devices (a copy, a few ms for
    // 6.5 MB, against a read of SQLite or a 100-200 ms encode at each join).
    if (this.answersNewDevicesFromStore()) this.buildStoredFrames(stored.snapshot, stored.snapshotUptoId, stored.updates)
  }

  /** After a compaction: the stored size is exact again. */
  refreshStoredBytes(): void {
    if (this.destroyed) return
    const { snapshot, log } = this.ctx.store.roomBytes(this.id)
    this.storedBytes = snapshot + log
    this.logSinceSnapshot = log > 0
  }

  /** True when the log holds updates worth folding into a snapshot. */
  get needsCompaction(): boolean {
    return this.uncompacted > 1
  }

  /**
   * Yjs's 'update' event: what a transaction integrated, encoded by Yjs at the end of it. Stores
   * and relays every update but those `relayAsReceived` already did (and the load's).
   */
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    this.dropFullSyncReply()
    if (origin === LOAD_ORIGIN || this.failed || transaction === this.relayedTransaction) return
    this.storeAndRelay(update, prepareFrame(encodeSyncMessage(SyncMessageType.update, update)), origin)
  }

  /**
   * The fast path of an incoming update, run by Yjs once the update's transaction has integrated
   * it and before the rest of the transaction's work (observers, the relay's own checks on the
   * change, garbage collection, merging structs, encoding the change as an update): stores the
   * update **as received** and relays the frame it came in, so that receivers do not wait for
   * that work. Only when the bytes received are exactly what the doc now holds beyond its state
   * before (plus parts it already had, which Yjs skips wherever they arrive again):
   * - `Y.applyUpdate` returned (an update that throws part-way is left to Yjs's 'update' event,
   *   which stores and relays what of it integrated, never the bytes that failed);
   * - no pending data before or after (nothing of it was held back for missing history, and no
   *   earlier held-back update integrated along with it: its bytes are not in this frame);
   * - the transaction changed something (a repeat of known content is neither stored nor relayed,
   *   as Yjs's 'update' event would not fire for it).
   * Anything else falls through to `onDocUpdate` at the end of the transaction, as before. Either
   * way the append commits before any send, and a failed append sends nothing.
   */
  private readonly relayAsReceived = (transaction: Y.Transaction): void => {
    const incoming = this.incoming
    if (incoming === null || !incoming.applied || transaction.origin !== incoming.conn) return
    this.incoming = null
    if (this.failed || incoming.pendingBefore || this.pendingBytes() > 0 || !changedAnything(transaction)) return
    this.dropFullSyncReply()
    this.relayedTransaction = transaction
    this.ctx.metrics.updatesRelayedAsReceived++
    this.storeAndRelay(incoming.update, prepareFrame(incoming.frame ?? encodeSyncMessage(SyncMessageType.update, incoming.update)), incoming.conn)
  }

  /** Appends `update` to the room's log, then sends `frame` (its sync message) to all but `origin`. */
  private storeAndRelay(update: Uint8Array, frame: PreparedFrame, origin: unknown): void {
    const t0 = performance.now()
    try {
      this.lastUpdateId = this.ctx.store.appendUpdate(this.id, update)
    } catch (error) {
      // Not stored means not relayed. Drop the room: its memory now holds state the disk does not,
      // and every client still has its own copy to resend after reconnecting.
      this.ctx.metrics.error(ErrorKind.persistence)
      this.ctx.logger.error('could not store update; closing room', { roomId: this.id, error })
      this.fail()
      return
    }
    this.ctx.metrics.observePersist((performance.now() - t0) / 1000)
    this.ctx.metrics.updatesStored++
    this.storedBytes += update.byteLength
    this.logSinceSnapshot = true
    for (const conn of this.conns) if (conn !== origin) conn.sendPrepared(frame)
    if (this.storedFrames) {
      this.storedFrames.frames.push(frame.message)
      this.storedFrames.rowIds.push(this.lastUpdateId)
    }
    this.uncompactedBytes += update.byteLength
    if (++this.uncompacted >= this.ctx.limits.compactAfterUpdates || this.uncompactedBytes >= this.ctx.limits.compactAfterBytes) {
      this.uncompacted = 0
      this.uncompactedBytes = 0
      this.ctx.compactor.schedule(this.id)
    }
  }

  private fail(): void {
    if (this.failed) return
    this.failed = true
    for (const conn of this.conns) conn.close(CloseCode.internalError, 'the relay could not save changes')
    this.ctx.onFailed(this)
  }

  addConnection(conn: Connection): void {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    this.conns.add(conn)
    // The relay opens the sync: our state vector, so the client sends what we lack.
    const sv = Y.encodeStateVector(this.doc)
    conn.send(encodeSyncMessage(SyncMessageType.step1, sv))
    this.facilitation.welcome(conn)
    this.versions.welcome(conn)
    const states = this.presentAwareness()
    if (states.length > 0) conn.send(encodeAwarenessMessage(encodeAwarenessUpdate(states)))
  }

  removeConnection(conn: Connection): void {
    if (!this.conns.delete(conn)) return
    const now = Date.now()
    const removals: AwarenessEntry[] = []
    for (const clientId of conn.awarenessIds) {
      const s = this.awareness.get(clientId)
      if (!s || s.owner !== conn) continue
      this.awareness.set(clientId, { clock: s.clock, state: 'null', removed: true, owner: null, removedAt: now })
      // Same clock as the last state, as the y-websocket server does: receivers drop the state,
      // and the client's own next renewal (clock + 1) brings it back after a reconnect.
      if (!s.removed) removals.push({ clientId, clock: s.clock, state: 'null', removed: true })
    }
    for (const [clientId, s] of this.awareness) {
      if (s.owner === null && now - s.removedAt > AWARENESS_TOMBSTONE_MS) this.awareness.delete(clientId)
    }
    if (removals.length > 0) this.broadcast(encodeAwarenessMessage(encodeAwarenessUpdate(removals)), null)
    if (this.conns.size === 0) this.ctx.onEmpty(this)
  }

  /** Handles one binary frame. Throws `ProtocolError` for anything malformed. */
  handleMessage(conn: Connection, data: Uint8Array): void {
    if (this.failed) return
    const msg = parseMessage(data)
    switch (msg.type) {
      case 'syncStep1': {
        if (msg.stateVector.byteLength === 1 && msg.stateVector[0] === 0 && this.answersNewDevicesFromStore()) {
          this.sendStoredState(conn)
          return
        }
        if (msg.stateVector.byteLength === 1 && msg.stateVector[0] === 0) {
          if (!this.fullSyncReply) {
            this.fullSyncReply = encodeSyncMessage(SyncMessageType.step2, this.encodeStoredStateAsUpdate(msg.stateVector))
            this.fullSyncReplyTimer = setTimeout(() => this.dropFullSyncReply(), FULL_SYNC_REPLY_MS)
            this.fullSyncReplyTimer.unref()
          }
          conn.send(this.fullSyncReply)
          return
        }
        let reply: Uint8Array
        try {
          reply = this.encodeStoredStateAsUpdate(msg.stateVector)
        } catch (error) {
          throw new ProtocolError(`bad state vector: ${error instanceof Error ? error.message : String(error)}`)
        }
        conn.send(encodeSyncMessage(SyncMessageType.step2, reply))
        return
      }
      case 'syncStep2':
      case 'syncUpdate': {
        if (conn.readOnly) {
          // View-only links never change the board; the client may still send its (empty) step 2.
          this.ctx.metrics.error(ErrorKind.viewerUpdateIgnored)
          return
        }
        if (!this.admitUpdateSize(conn, msg.update.byteLength)) return
        const pendingBefore = this.pendingBytes()
        const incoming: IncomingUpdate = {
          conn,
          update: msg.update,
          frame: msg.type === 'syncUpdate' ? updateFrameAsIs(data, msg.update) : null,
          pendingBefore: pendingBefore > 0,
          applied: false,
        }
        this.incoming = incoming
        try {
          // One transaction (applyUpdate joins it), so that `relayAsReceived` can tell that
          // applyUpdate returned; not local, as applyUpdate's own would be.
          Y.transact(
            this.doc,
            () => {
              Y.applyUpdate(this.doc, msg.update, conn)
              incoming.applied = true
            },
            conn,
            false,
          )
        } catch (error) {
          throw new ProtocolError(`update does not apply: ${error instanceof Error ? error.message : String(error)}`)
        } finally {
          this.incoming = null
          this.relayedTransaction = null
          this.checkPending(conn, pendingBefore)
          // Whatever of it was applied: put locked records back (a no-op unless a lock is on).
          if (conn.role === 'participant' && !this.failed) this.facilitation.enforceLocks(conn)
        }
        return
      }
      case 'facilitation':
        this.facilitation.handle(conn, msg.message)
        return
      case 'versions':
        this.versions.handle(conn, msg.message)
        return
      case 'awareness':
        this.handleAwareness(conn, parseAwarenessUpdate(msg.update))
        return
      case 'queryAwareness':
        conn.send(encodeAwarenessMessage(encodeAwarenessUpdate(this.presentAwareness())))
        return
      default: {
        const never: never = msg
        throw new ProtocolError(`unhandled message ${JSON.stringify(never)}`)
      }
    }
  }

  /**
   * Refuses an update that would take the board past `maxRoomBytes` or the database past
   * `maxStoredBytes`, before it touches the doc (after applying, refusing to store would leave
   * memory ahead of disk). The incoming size stands in for the stored size: they differ little.
   */
  private admitUpdateSize(conn: Connection, bytes: number): boolean {
    const { maxRoomBytes, maxStoredBytes } = this.ctx.limits
    if (maxRoomBytes > 0 && this.storedBytes + bytes > maxRoomBytes) {
      this.ctx.metrics.error(ErrorKind.roomTooLarge)
      // Overwritten content still counts until the log is compacted; make the next count exact.
      // (Only when there is a log: re-reading a full board to learn nothing would be a lever.)
      if (this.logSinceSnapshot) this.ctx.compactor.schedule(this.id)
      conn.close(CloseCode.boardTooLarge, 'the board reached its size limit')
      return false
    }
    if (maxStoredBytes > 0 && this.ctx.store.usedBytes + bytes > maxStoredBytes) {
      this.ctx.metrics.error(ErrorKind.storageFull)
      this.ctx.logger.warn('storage quota reached; update refused', { roomId: this.id, maxStoredBytes })
      conn.close(CloseCode.storageFull, 'the relay storage is full')
      return false
    }
    return true
  }

  /** Bytes Yjs holds back in this doc because their dependencies are missing. */
  private pendingBytes(): number {
    const s = this.doc.store
    return (s.pendingStructs?.update.byteLength ?? 0) + (s.pendingDs?.byteLength ?? 0)
  }

  /**
   * After each applied update: start, continue or end a pending episode, and drop it once it
   * passes its bounds. Whoever made the pending data grow is closed when it is dropped, so that
   * its reconnect resyncs (the sync exchange sends everything the relay lacks); nobody else is.
   */
  private checkPending(conn: Connection, before: number): void {
    const after = this.pendingBytes()
    if (after === 0) {
      if (this.pending) this.endPending()
      return
    }
    const { maxPendingBytes, maxPendingUpdates, pendingTimeoutMs } = this.ctx.limits
    if (!this.pending) {
      const timer = setTimeout(() => this.dropPending('updates waited too long for what they build on'), pendingTimeoutMs)
      timer.unref()
      this.pending = { updates: 0, contributors: new Set(), timer }
    }
    this.pending.updates++
    if (after > before) this.pending.contributors.add(conn)
    if (after > maxPendingBytes) this.dropPending('too many bytes of updates whose history the relay lacks')
    else if (this.pending.updates > maxPendingUpdates) this.dropPending('too many updates while history was missing')
  }

  private endPending(): void {
    if (!this.pending) return
    clearTimeout(this.pending.timer)
    this.pending = null
  }

  private dropPending(reason: string): void {
    const episode = this.pending
    if (!episode) return
    this.endPending()
    // Never integrated, never stored, never sent: forgetting it loses nothing the senders do not
    // still hold, and closing them makes them send it again with its history.
    this.doc.store.pendingStructs = null
    this.doc.store.pendingDs = null
    this.ctx.metrics.error(ErrorKind.pendingDropped)
    this.ctx.logger.info('dropped pending updates', { roomId: this.id, reason, updates: episode.updates })
    for (const c of episode.contributors) c.close(CloseCode.missingDependencies, reason)
  }

  /**
   * Whether a new device is answered with the stored rows rather than a state encoded here: for
   * a board stored at `fullSyncFromStoreBytes` or more (encoding a 6.5 MB board holds the event
   * loop, and so every other board, for 100–200 ms), when every stored row applied at load.
   */
  private answersNewDevicesFromStore(): boolean {
    const min = this.ctx.limits.fullSyncFromStoreBytes
    return min > 0 && this.storedBytes >= min && this.rowsSkippedAtLoad === 0
  }

  /**
   * The whole board for a new device without encoding it on the event loop: the stored snapshot
   * and the log rows after it, each as the update it is stored as, then a sync step 2 with an
   * empty update. Valid y-protocols all along: a y-websocket client applies each update as it
   * comes and is "synced" at the step 2, by which time it has everything.
   *
   * Complete and exact: every update the room's doc integrated was appended to the log before it
   * was relayed (pending data never is; it is left out of encoded replies too), so the store holds
   * the doc up to the last update relayed, and the kept frames (StoredFrames) hold the same: each
   * stored update's frame is added as it is stored. This connection is already in the room
   * (`conns`), so every update stored after this send is relayed to it; one stored before is in
   * the frames. Both run on this thread, so nothing falls between them. A duplicate (an update
   * relayed to it before its step 1 and also in the frames) is a no-op in Yjs.
   */
  private sendStoredState(conn: Connection): void {
    let cache = this.storedFrames
    if (!cache) {
      // First new device since the board grew past the size: one read, then kept in step.
      const read = this.ctx.store.readForJoin(this.id, -1, 0)
      cache = this.buildStoredFrames(read.snapshot ?? null, read.snapshotUpto, read.rows)
    }
    this.ctx.metrics.fullSyncsFromStore++
    for (const frame of cache.frames) conn.send(frame)
    conn.send(EMPTY_STEP2)
  }

  private buildStoredFrames(snapshot: Uint8Array | null, snapshotUpto: number, rows: { id: number; data: Uint8Array }[]): StoredFrames {
    const frames = snapshot ? [encodeSyncMessage(SyncMessageType.update, snapshot)] : []
    const rowIds: number[] = []
    for (const row of rows) {
      frames.push(encodeSyncMessage(SyncMessageType.update, row.data))
      rowIds.push(row.id)
    }
    this.storedFrames = { snapshotUpto, frames, rowIds }
    return this.storedFrames
  }

  /**
   * A compaction stored `state` as the snapshot of every update up to `uptoId`: the kept frames
   * swap the ones it covers for it (only a newer snapshot than theirs; the rows after `uptoId`
   * are all in the frames, since every stored update's frame is added).
   */
  snapshotWritten(state: Uint8Array, uptoId: number): void {
    const cache = this.storedFrames
    if (!cache || this.destroyed || uptoId <= cache.snapshotUpto) return
    const hasSnapshotFrame = cache.frames.length > cache.rowIds.length
    const frames = [encodeSyncMessage(SyncMessageType.update, state)]
    const rowIds: number[] = []
    cache.rowIds.forEach((id, i) => {
      if (id <= uptoId) return
      frames.push(cache.frames[i + (hasSnapshotFrame ? 1 : 0)])
      rowIds.push(id)
    })
    this.storedFrames = { snapshotUpto: uptoId, frames, rowIds }
  }

  /**
   * `Y.encodeStateAsUpdate`, minus the pending data Yjs would add: that data is neither integrated
   * nor stored, so handing it to a joiner would let a restart lose what someone has seen.
   */
  private encodeStoredStateAsUpdate(stateVector?: Uint8Array): Uint8Array {
    const s = this.doc.store
    const { pendingStructs, pendingDs } = s
    s.pendingStructs = null
    s.pendingDs = null
    try {
      return Y.encodeStateAsUpdate(this.doc, stateVector)
    } finally {
      s.pendingStructs = pendingStructs
      s.pendingDs = pendingDs
    }
  }

  /** The whole board as stored (what a version holds). */
  encodeStoredState(): Uint8Array {
    return this.encodeStoredStateAsUpdate()
  }

  /**
   * A connection may set or remove only the client ids it introduced itself, so nobody can
   * impersonate or hide another participant's cursor and name. Others' entries are dropped.
   */
  private handleAwareness(conn: Connection, entries: AwarenessEntry[]): void {
    const accepted: AwarenessEntry[] = []
    const viewer = conn.readOnly
    const maxStateBytes = viewer ? this.ctx.limits.maxViewerAwarenessStateBytes : this.ctx.limits.maxAwarenessStateBytes
    for (const entry of entries) {
      if (entry.state.length > maxStateBytes) {
        // Presence is a name, a colour and a cursor; a huge state is abuse held in memory per room.
        this.ctx.metrics.error(ErrorKind.awarenessDropped)
        continue
      }
      const e = entry
      const current = this.awareness.get(e.clientId)
      if (current && current.owner !== null && current.owner !== conn) {
        // Stock clients echo others' states with the same clock: harmless, ignore quietly.
        // A newer clock for someone else's id is an attempt to overwrite them: count it.
        if (e.clock > current.clock) this.ctx.metrics.error(ErrorKind.awarenessDropped)
        continue
      }
      if (!current || current.owner === null) {
        if (e.removed) continue // removing what is not there: nothing to tell anyone
        if (current && e.clock <= current.clock) continue // an echo of a departed client's old state
        if (conn.awarenessIds.size >= this.ctx.limits.maxAwarenessIdsPerConnection) {
          this.ctx.metrics.error(ErrorKind.awarenessDropped)
          continue
        }
      } else if (!(e.clock > current.clock || (e.clock === current.clock && e.removed && !current.removed))) {
        continue // stale, as every y-protocols client would also judge it
      }
      // Stamped only now: stock providers echo every state they receive to the relay, so in a
      // room of N people most entries are echoes, dropped above without costing a serialisation.
      const state = e.removed ? e.state : stampPresence(e.state, e.value, conn.role)
      if (state === null || state.length > maxStateBytes) {
        this.ctx.metrics.error(ErrorKind.awarenessDropped)
        continue
      }
      // Checked last so that echoes, which are dropped anyway, cost a viewer nothing.
      if (viewer && !e.removed && !conn.admitViewerAwareness(state.length)) {
        this.ctx.metrics.error(ErrorKind.awarenessDropped)
        continue
      }
      this.awareness.set(e.clientId, { clock: e.clock, state, removed: e.removed, owner: conn, removedAt: 0 })
      // Editors' names are the author of the relay's automatic versions.
      if (!viewer && !e.removed) this.versions.notePresence(e.value)
      conn.awarenessIds.add(e.clientId)
      accepted.push({ clientId: e.clientId, clock: e.clock, state, removed: e.removed })
    }
    if (accepted.length > 0) this.broadcast(encodeAwarenessMessage(encodeAwarenessUpdate(accepted)), conn)
  }

  private presentAwareness(): AwarenessEntry[] {
    const out: AwarenessEntry[] = []
    for (const [clientId, s] of this.awareness) {
      if (!s.removed) out.push({ clientId, clock: s.clock, state: s.state, removed: false })
    }
    return out
  }

  private broadcast(message: Uint8Array, except: Connection | null): void {
    const frame = prepareFrame(message)
    for (const conn of this.conns) if (conn !== except) conn.sendPrepared(frame)
  }

  private dropFullSyncReply(): void {
    if (this.fullSyncReplyTimer) clearTimeout(this.fullSyncReplyTimer)
    this.fullSyncReplyTimer = null
    this.fullSyncReply = null
  }

  /** Frees memory. The stored log is untouched. */
  destroy(): void {
    this.destroyed = true
    this.dropFullSyncReply()
    this.storedFrames = null
    this.endPending()
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    this.facilitation.destroy()
    this.versions.destroy()
    this.doc.off('update', this.onDocUpdate)
    this.doc.off('beforeObserverCalls', this.relayAsReceived)
    this.doc.off('afterTransaction', this.keepBeatenTexts)
    this.doc.destroy()
    this.awareness.clear()
  }
}
