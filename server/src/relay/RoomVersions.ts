/**
 * The relay side of versions for one room (shared/src/versions.ts is the protocol): saving the
 * board as it is in the relay's copy (state, plan, summary) into SQLite table `versions`,
 * naming, the list every editor sees, retention, and the relay's own automatic versions
 * (session end, periodic).
 *
 * The state is taken synchronously where the save frame is handled: frames of one socket are
 * handled in order, so every update the sender sent before its save request is already in the
 * doc. The plan and summary are then computed from that state in the version worker
 * (VersionPlanner), off the event loop, and the version is stored when they are ready; saves of
 * one room are stored one after another, in the order they were asked for. Automatic versions
 * run from timers and from the room's unload, never from an update.
 */
import {
  encodeVersionsFrame,
  MAX_VERSIONS_FRAME_BYTES,
  VERSION_LIMITS,
  type RetentionPolicy,
  type VersionInfo,
  type VersionReason,
  type VersionsClientMessage,
  type VersionsServerMessage,
} from '@circleboard/shared'
import type * as Y from 'yjs'
import type { Logger } from '../log'
import type { SqliteStore } from '../persistence/SqliteStore'
import type { Connection } from './Connection'
import { ErrorKind, type RelayMetrics } from './RelayMetrics'
import { stillFacilitator } from './facilitatorKeys'
import { TokenBucket } from './TokenBucket'
import type { VersionPlanner } from './VersionPlanner'

/** Retention and the relay's own versions (VERSIONS_* environment variables, see config.ts). */
export type VersionsConfig = {
  /** The newest automatic versions kept as they are (VERSIONS_KEEP_AUTO). */
  keepAuto: number
  /** Beyond those, one automatic version a day for this many days (VERSIONS_KEEP_DAILY_DAYS). */
  keepDailyDays: number
  /** A periodic version at most this often while a board changes; 0 = none (VERSIONS_PERIODIC_MINUTES). */
  periodicMs: number
}

export const DEFAULT_VERSIONS_CONFIG: VersionsConfig = { keepAuto: 50, keepDailyDays: 365, periodicMs: 30 * 60_000 }

export const VERSION_ERRORS = {
  viewer: 'A view-only link cannot save or name versions.',
  viewerList: 'A view-only link cannot see the versions of this board.',
  tooMany: `Too many versions saved in a minute (at most ${VERSION_LIMITS.maxSavesPerMinute}); wait a moment and try again.`,
  namedFull: `This board already has ${VERSION_LIMITS.maxNamedPerRoom} named versions, the most one board keeps: the facilitator can delete old ones, or save this one without a name (it is kept as an automatic version).`,
  unknown: 'There is no such version of this board.',
  notSaved: 'The relay could not save the version; try again.',
  notFacilitator: 'Only the facilitator can delete a version of this board.',
  notDeleted: 'The relay could not delete the version; try again.',
} as const

/** Names of people in a session kept for the author of an automatic version (bounded). */
const MAX_SESSION_NAMES = 20
/** How often the periodic check runs at most (it saves only when the period has passed). */
const PERIODIC_TICK_MAX_MS = 60_000

export type VersionsHost = {
  readonly id: string
  readonly doc: Y.Doc
  readonly conns: ReadonlySet<Connection>
  /** Id of the last update of the room's log (0: none); what a version covers. */
  readonly lastUpdateId: number
  readonly failed: boolean
  /** The doc as stored (without updates Yjs holds back as pending). */
  encodeStoredState(): Uint8Array
}

export type VersionsContext = {
  store: SqliteStore
  metrics: RelayMetrics
  logger: Logger
  versions: VersionsConfig
  planner: VersionPlanner
  /** Saves still being stored; the relay waits for them before it closes the database. */
  versionJobs: Set<Promise<unknown>>
}

export class RoomVersions {
  /** The newest stored version and the update id it covers; null before the first. */
  private latest: { info: VersionInfo; updateId: number } | null = null
  /** The newest version's plan JSON (for `since`); undefined until first needed. */
  private latestPlanJson: string | null | undefined = undefined
  /** The update id the newest version, stored or still being stored, covers. */
  private coveredUpdateId = 0
  /** Saves of this room are stored in order: each waits for the one before. */
  private chain: Promise<unknown> = Promise.resolve()
  /** The encoded `list` frame, until the list changes. */
  private listFrame: Uint8Array | null = null
  /**
   * The store's versions mark (count and newest n) when this room last read them. The CLI
   * (`pnpm cli versions delete`) deletes versions behind the relay's back; a different mark means
   * the list and the newest version must be read again (`syncWithStore`).
   */
  private storeMark: string | null = null
  /** Saves started and not yet stored or failed. */
  private savesInFlight = 0
  private readonly saveBuckets = new WeakMap<Connection, TokenBucket>()
  private readonly sessionNames = new Set<string>()
  private periodicTimer: NodeJS.Timeout | null = null
  private readonly loadedAt = Date.now()

  constructor(
    private readonly room: VersionsHost,
    private readonly ctx: VersionsContext,
  ) {}

  private get policy(): RetentionPolicy {
    return { keepRecentAuto: this.ctx.versions.keepAuto, keepDailyDays: this.ctx.versions.keepDailyDays }
  }

  /** Reads the newest version's bookkeeping (not its state or plan) and starts the periodic check. */
  load(): void {
    this.storeMark = this.ctx.store.versionsMark(this.room.id)
    this.latest = this.ctx.store.latestVersion(this.room.id)
    this.coveredUpdateId = this.latest?.updateId ?? 0
    const period = this.ctx.versions.periodicMs
    if (period > 0) {
      this.periodicTimer = setInterval(() => this.periodicTick(), Math.min(period, PERIODIC_TICK_MAX_MS))
      this.periodicTimer.unref()
    }
  }

  /** Whether the board has changed since its newest version (or, without one, since ever). */
  get changedSinceLatest(): boolean {
    return this.room.lastUpdateId > this.coveredUpdateId
  }

  /** What a new connection is told: the list (editors only). */
  welcome(conn: Connection): void {
    if (conn.role === 'viewer') return
    this.sendList(conn)
  }

  /**
   * A presence state an editor sent: remember the person's name for the author of the relay's
   * automatic versions. Cheap: a lookup per state, nothing stored past MAX_SESSION_NAMES.
   */
  notePresence(value: unknown): void {
    if (this.sessionNames.size >= MAX_SESSION_NAMES || typeof value !== 'object' || value === null) return
    const user = (value as { user?: unknown }).user
    const name = typeof user === 'object' && user !== null ? (user as { name?: unknown }).name : undefined
    if (typeof name !== 'string') return
    const clean = name.replace(/\s+/g, ' ').trim().slice(0, VERSION_LIMITS.maxAuthorLength)
    if (clean) this.sessionNames.add(clean)
  }

  /** Who was in the session, as one author string within the schema's length. */
  private sessionAuthor(): string {
    const max = VERSION_LIMITS.maxAuthorLength
    let out = ''
    for (const name of this.sessionNames) {
      const next = out ? `${out}, ${name}` : name
      if (next.length > max) return out ? (out.length + 3 <= max ? `${out}, …` : out) : name.slice(0, max)
      out = next
    }
    return out
  }

  handle(conn: Connection, message: VersionsClientMessage): void {
    switch (message.t) {
      case 'list':
        if (conn.role === 'viewer') return this.refuse(conn, VERSION_ERRORS.viewerList)
        return this.sendList(conn)
      case 'save':
        return this.clientSave(conn, message)
      case 'rename':
        return this.rename(conn, message)
      case 'delete':
        return this.delete(conn, message)
      default: {
        const never: never = message
        throw new Error(`unhandled version message ${JSON.stringify(never)}`)
      }
    }
  }

  private send(conn: Connection, message: VersionsServerMessage): void {
    conn.send(encodeVersionsFrame(message))
  }

  private refuse(conn: Connection, message: string, reqId?: string): void {
    this.ctx.metrics.error(ErrorKind.versionRefused)
    this.send(conn, reqId === undefined ? { t: 'error', message } : { t: 'error', reqId, message })
  }

  /** Per connection: saves, renames and deletes share one budget of maxSavesPerMinute. */
  private admit(conn: Connection): boolean {
    let bucket = this.saveBuckets.get(conn)
    if (!bucket) {
      bucket = new TokenBucket(VERSION_LIMITS.maxSavesPerMinute / 60, VERSION_LIMITS.maxSavesPerMinute)
      this.saveBuckets.set(conn, bucket)
    }
    return bucket.take()
  }

  private clientSave(conn: Connection, m: Extract<VersionsClientMessage, { t: 'save' }>): void {
    if (conn.role === 'viewer') return this.refuse(conn, VERSION_ERRORS.viewer, m.reqId)
    if (!this.admit(conn)) return this.refuse(conn, VERSION_ERRORS.tooMany, m.reqId)
    const name = m.name.replace(/\s+/g, ' ').trim()
    const kind = name ? 'named' : 'auto'
    this.syncWithStore()
    // An app's automatic version before a bulk change, with nothing changed since the newest
    // version: that version already is the way back; a copy would only push others out.
    if (kind === 'auto' && m.reason !== 'manual' && this.coveredUpdateId > 0 && !this.changedSinceLatest) {
      void this.chain.then(() => {
        if (this.latest) this.send(conn, { t: 'saved', reqId: m.reqId, version: this.latest.info })
        else this.refuse(conn, VERSION_ERRORS.notSaved, m.reqId)
      })
      return
    }
    try {
      if (kind === 'named' && this.ctx.store.namedVersionCount(this.room.id) >= VERSION_LIMITS.maxNamedPerRoom) {
        return this.refuse(conn, VERSION_ERRORS.namedFull, m.reqId)
      }
    } catch (error) {
      return this.storeFailed(conn, m.reqId, error)
    }
    this.save({ name, kind, reason: m.reason, author: m.author.trim() }).then(
      (info) => {
        this.ctx.metrics.versionSaved('client')
        this.send(conn, { t: 'saved', reqId: m.reqId, version: info })
        this.broadcastList()
      },
      (error: unknown) => this.storeFailed(conn, m.reqId, error),
    )
  }

  private storeFailed(conn: Connection, reqId: string, error: unknown): void {
    this.ctx.metrics.error(ErrorKind.persistence)
    this.ctx.logger.error('could not save a version', { roomId: this.room.id, error })
    this.refuse(conn, VERSION_ERRORS.notSaved, reqId)
  }

  private rename(conn: Connection, m: Extract<VersionsClientMessage, { t: 'rename' }>): void {
    if (conn.role === 'viewer') return this.refuse(conn, VERSION_ERRORS.viewer, m.reqId)
    if (!this.admit(conn)) return this.refuse(conn, VERSION_ERRORS.tooMany, m.reqId)
    const name = m.name.replace(/\s+/g, ' ').trim()
    if (!name) return this.refuse(conn, 'A version needs a name.', m.reqId)
    let info: VersionInfo | null
    try {
      const current = this.ctx.store.versionInfo(this.room.id, m.n)
      if (!current) return this.refuse(conn, VERSION_ERRORS.unknown, m.reqId)
      if (current.kind === 'auto' && this.ctx.store.namedVersionCount(this.room.id) >= VERSION_LIMITS.maxNamedPerRoom) {
        return this.refuse(conn, VERSION_ERRORS.namedFull, m.reqId)
      }
      info = this.ctx.store.renameVersion(this.room.id, m.n, name)
    } catch (error) {
      this.ctx.metrics.error(ErrorKind.persistence)
      this.ctx.logger.error('could not rename a version', { roomId: this.room.id, error })
      return this.refuse(conn, VERSION_ERRORS.notSaved, m.reqId)
    }
    if (!info) return this.refuse(conn, VERSION_ERRORS.unknown, m.reqId)
    if (this.latest?.info.n === info.n) this.latest = { info, updateId: this.latest.updateId }
    this.send(conn, { t: 'saved', reqId: m.reqId, version: info })
    this.broadcastList()
  }

  /**
   * Deletes a version by hand: the facilitator only (the board's own key, checked again now: the CLI
   * may have replaced it). The board itself does not change. When the newest version goes, the one
   * before it becomes the newest, so the next automatic version is taken if the board changed
   * since that one.
   */
  private delete(conn: Connection, m: Extract<VersionsClientMessage, { t: 'delete' }>): void {
    if (conn.role === 'viewer') return this.refuse(conn, VERSION_ERRORS.viewer, m.reqId)
    if (conn.role !== 'facilitator' || !stillFacilitator(this.ctx.store, this.room.id, conn.facilitatorKeyHash)) {
      return this.refuse(conn, VERSION_ERRORS.notFacilitator, m.reqId)
    }
    if (!this.admit(conn)) return this.refuse(conn, VERSION_ERRORS.tooMany, m.reqId)
    // After any save still being stored, so a version is never deleted before it exists.
    void this.chain.then(() => {
      let deleted: boolean
      try {
        deleted = this.ctx.store.deleteVersion(this.room.id, m.n)
        if (deleted && this.latest?.info.n === m.n) {
          this.latest = this.ctx.store.latestVersion(this.room.id)
          this.latestPlanJson = undefined
          this.coveredUpdateId = this.latest?.updateId ?? 0
        }
      } catch (error) {
        this.ctx.metrics.error(ErrorKind.persistence)
        this.ctx.logger.error('could not delete a version', { roomId: this.room.id, error })
        return this.refuse(conn, VERSION_ERRORS.notDeleted, m.reqId)
      }
      if (!deleted) return this.refuse(conn, VERSION_ERRORS.unknown, m.reqId)
      this.ctx.logger.info('version deleted', { roomId: this.room.id, n: m.n })
      this.send(conn, { t: 'deleted', reqId: m.reqId, n: m.n })
      this.broadcastList()
    })
  }

  /**
   * The relay's own version (session end, periodic): only when the board changed since its
   * newest version. Returns whether one was started; never throws (a failure is logged).
   */
  saveAuto(reason: Extract<VersionReason, 'session-end' | 'periodic'>): boolean {
    if (this.room.failed) return false
    this.syncWithStore()
    if (!this.changedSinceLatest) return false
    const author = this.sessionAuthor()
    if (reason === 'session-end') this.sessionNames.clear()
    this.save({ name: '', kind: 'auto', reason, author }).then(
      () => {
        this.ctx.metrics.versionSaved(reason)
        this.broadcastList()
      },
      (error: unknown) => {
        this.ctx.metrics.error(ErrorKind.persistence)
        this.ctx.logger.error('could not save an automatic version', { roomId: this.room.id, reason, error })
      },
    )
    return true
  }

  private periodicTick(): void {
    if (this.room.failed || this.room.conns.size === 0) return
    // Also tells the people in the board, within a tick, of a version the CLI deleted.
    if (this.syncWithStore()) this.broadcastList()
    const since = this.latest?.info.createdAt ?? this.loadedAt
    if (Date.now() - since < this.ctx.versions.periodicMs) return
    this.saveAuto('periodic')
  }

  /**
   * Takes the state now and stores the version once its plan is ready. Rejects when the plan or
   * the SQLite insert fails (nothing is stored then).
   */
  private save(v: { name: string; kind: VersionInfo['kind']; reason: VersionReason; author: string }): Promise<VersionInfo> {
    const t0 = performance.now()
    const createdAt = Date.now()
    const state = this.room.encodeStoredState()
    const updateId = this.room.lastUpdateId
    const coveredBefore = this.coveredUpdateId
    this.coveredUpdateId = Math.max(this.coveredUpdateId, updateId)
    const stateMs = performance.now() - t0
    this.savesInFlight++
    const job = this.chain.then(async () => {
      const { planJson, summary } = await this.ctx.planner.plan({ state, previousPlanJson: this.previousPlanJson(), createdAt })
      const t1 = performance.now()
      const { info } = this.ctx.store.insertVersion(this.room.id, { ...v, createdAt, summary, planJson, state, updateId }, this.policy)
      const insertMs = performance.now() - t1
      this.latest = { info, updateId }
      this.latestPlanJson = planJson
      this.listFrame = null
      this.ctx.logger.debug('version saved', {
        roomId: this.room.id,
        n: info.n,
        reason: v.reason,
        bytes: info.bytes,
        // On the event loop: taking the state, and storing it. The plan is made in the worker.
        mainMs: Math.round((stateMs + insertMs) * 10) / 10,
        totalMs: Math.round((performance.now() - t0) * 10) / 10,
      })
      return info
    })
    job.catch(() => {
      // Not stored: the board is not covered by this version after all.
      if (this.coveredUpdateId === Math.max(coveredBefore, updateId)) this.coveredUpdateId = Math.max(coveredBefore, this.latest?.updateId ?? 0)
    })
    this.chain = job.catch(() => undefined)
    void job.finally(() => this.savesInFlight--).catch(() => undefined)
    this.ctx.versionJobs.add(job)
    void job.finally(() => this.ctx.versionJobs.delete(job)).catch(() => undefined)
    return job
  }

  /** The newest version's plan JSON, read once from the store (null: none). */
  private previousPlanJson(): string | null {
    if (this.latestPlanJson !== undefined) return this.latestPlanJson
    this.latestPlanJson = this.latest ? this.ctx.store.versionPlanJson(this.room.id, this.latest.info.n) : null
    return this.latestPlanJson
  }

  /**
   * The list frame: newest first, at most maxListed, and never larger than a client accepts
   * (long names in many versions could pass MAX_VERSIONS_FRAME_BYTES; the oldest are left off).
   */
  private currentListFrame(): Uint8Array {
    this.syncWithStore()
    if (this.listFrame) return this.listFrame
    let versions = this.ctx.store.listVersions(this.room.id, VERSION_LIMITS.maxListed)
    let frame = encodeVersionsFrame({ t: 'list', versions })
    while (frame.byteLength > MAX_VERSIONS_FRAME_BYTES && versions.length > 0) {
      versions = versions.slice(0, Math.floor(versions.length * 0.9))
      frame = encodeVersionsFrame({ t: 'list', versions })
    }
    this.listFrame = frame
    return frame
  }

  private sendList(conn: Connection): void {
    let frame: Uint8Array
    try {
      frame = this.currentListFrame()
    } catch (error) {
      this.ctx.metrics.error(ErrorKind.persistence)
      this.ctx.logger.error('could not list versions', { roomId: this.room.id, error })
      return this.refuse(conn, 'The relay could not read the versions of this board; try again.')
    }
    conn.send(frame)
  }

  /**
   * Reads the store's versions mark (one indexed query) and, when someone else (the CLI) stored or
   * deleted a version since this room last looked, forgets the list frame and takes the newest
   * version, and what it covers, from the store: the next automatic version is then taken, and
   * compared, against the one before a deleted newest, as after a delete from the History panel.
   * Not while a save of this room is being stored: that one becomes the newest. Returns whether the
   * list changed. Never throws (a failed read keeps what the room knew).
   */
  private syncWithStore(): boolean {
    if (this.savesInFlight > 0) return false
    try {
      const mark = this.ctx.store.versionsMark(this.room.id)
      if (mark === this.storeMark) return false
      this.storeMark = mark
      this.listFrame = null
      const latest = this.ctx.store.latestVersion(this.room.id)
      if (latest?.info.n !== this.latest?.info.n) {
        this.latest = latest
        this.latestPlanJson = undefined
        this.coveredUpdateId = latest?.updateId ?? 0
      }
      return true
    } catch (error) {
      this.ctx.logger.error('could not read the versions of a room', { roomId: this.room.id, error })
      return false
    }
  }

  private broadcastList(): void {
    this.listFrame = null
    // This room's own change: what it knows is current, the mark need not say so again.
    if (this.savesInFlight === 0) {
      try {
        this.storeMark = this.ctx.store.versionsMark(this.room.id)
      } catch {
        this.storeMark = null
      }
    }
    for (const conn of this.room.conns) if (conn.role !== 'viewer') this.sendList(conn)
  }

  destroy(): void {
    if (this.periodicTimer) clearInterval(this.periodicTimer)
    this.periodicTimer = null
  }
}
