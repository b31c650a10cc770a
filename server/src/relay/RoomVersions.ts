/**
 * The relay side of versions for one room (shared/src/versions.ts is the protocol): saving the
 * board as it is in the relay's copy (state, plan, summary) into SQLite table `versions`,
 * naming, the list every editor sees, retention, and the relay's own automatic versions
 * (session end, periodic).
 *
 * A save runs synchronously where its frame is handled: frames of one socket are handled in
 * order, so every update the sender sent before its save request is already in the doc, and
 * nothing else can change the doc in between. Automatic versions run from timers and from the
 * room's unload, never from an update.
 */
import {
  encodeVersionsFrame,
  getBoardName,
  MAX_VERSIONS_FRAME_BYTES,
  parsePlan,
  readAllRecords,
  summarizeVersion,
  VERSION_LIMITS,
  type Plan,
  type RetentionPolicy,
  type VersionInfo,
  type VersionReason,
  type VersionsClientMessage,
  type VersionsServerMessage,
} from '@circleboard/shared'
import { boardToPlan } from '@circleboard/templates'
import type * as Y from 'yjs'
import type { Logger } from '../log'
import type { SqliteStore } from '../persistence/SqliteStore'
import type { Connection } from './Connection'
import { ErrorKind, type RelayMetrics } from './RelayMetrics'
import { TokenBucket } from './TokenBucket'

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
  namedFull: `This board already has ${VERSION_LIMITS.maxNamedPerRoom} named versions; rename or delete old ones first.`,
  unknown: 'There is no such version of this board.',
  notSaved: 'The relay could not save the version; try again.',
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
}

function today(now: number): string {
  return new Date(now).toISOString().slice(0, 10)
}

export class RoomVersions {
  /** The newest stored version and the update id it covers; null before the first. */
  private latest: { info: VersionInfo; updateId: number } | null = null
  /** The newest version's plan (for `since`); undefined until first needed. */
  private latestPlan: Plan | null | undefined = undefined
  /** The encoded `list` frame, until the list changes. */
  private listFrame: Uint8Array | null = null
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
    this.latest = this.ctx.store.latestVersion(this.room.id)
    const period = this.ctx.versions.periodicMs
    if (period > 0) {
      this.periodicTimer = setInterval(() => this.periodicTick(), Math.min(period, PERIODIC_TICK_MAX_MS))
      this.periodicTimer.unref()
    }
  }

  /** Whether the board has changed since its newest version (or, without one, since ever). */
  get changedSinceLatest(): boolean {
    return this.room.lastUpdateId > (this.latest?.updateId ?? 0)
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

  /** Per connection: saves and renames share one budget of maxSavesPerMinute. */
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
    // An app's automatic version before a bulk change, with nothing changed since the newest
    // version: that version already is the way back; a copy would only push others out.
    if (kind === 'auto' && m.reason !== 'manual' && this.latest && !this.changedSinceLatest) {
      this.send(conn, { t: 'saved', reqId: m.reqId, version: this.latest.info })
      return
    }
    let info: VersionInfo
    try {
      if (kind === 'named' && this.ctx.store.namedVersionCount(this.room.id) >= VERSION_LIMITS.maxNamedPerRoom) {
        return this.refuse(conn, VERSION_ERRORS.namedFull, m.reqId)
      }
      info = this.save({ name, kind, reason: m.reason, author: m.author.trim() })
    } catch (error) {
      this.ctx.metrics.error(ErrorKind.persistence)
      this.ctx.logger.error('could not save a version', { roomId: this.room.id, error })
      return this.refuse(conn, VERSION_ERRORS.notSaved, m.reqId)
    }
    this.ctx.metrics.versionSaved('client')
    this.send(conn, { t: 'saved', reqId: m.reqId, version: info })
    this.broadcastList()
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
   * The relay's own version (session end, periodic): only when the board changed since its
   * newest version. Returns whether one was stored; never throws (a failure is logged).
   */
  saveAuto(reason: Extract<VersionReason, 'session-end' | 'periodic'>): boolean {
    if (this.room.failed || !this.changedSinceLatest) return false
    try {
      this.save({ name: '', kind: 'auto', reason, author: this.sessionAuthor() })
    } catch (error) {
      this.ctx.metrics.error(ErrorKind.persistence)
      this.ctx.logger.error('could not save an automatic version', { roomId: this.room.id, reason, error })
      return false
    }
    this.ctx.metrics.versionSaved(reason)
    if (reason === 'session-end') this.sessionNames.clear()
    this.broadcastList()
    return true
  }

  private periodicTick(): void {
    if (this.room.failed || this.room.conns.size === 0) return
    const since = this.latest?.info.createdAt ?? this.loadedAt
    if (Date.now() - since < this.ctx.versions.periodicMs) return
    this.saveAuto('periodic')
  }

  /** Takes and stores the version. Throws when SQLite cannot write (nothing changes then). */
  private save(v: { name: string; kind: VersionInfo['kind']; reason: VersionReason; author: string }): VersionInfo {
    const t0 = performance.now()
    const createdAt = Date.now()
    // State and records in the same turn: both see exactly the same doc.
    const state = this.room.encodeStoredState()
    const updateId = this.room.lastUpdateId
    const records = readAllRecords(this.room.doc)
    let shapes = 0
    for (const r of records) if (r.typeName === 'shape') shapes++
    const plan = boardToPlan(records, { boardName: getBoardName(this.room.doc) ?? undefined, now: new Date(createdAt) })
    const summary = summarizeVersion(plan, shapes, this.previousPlan(), today(createdAt))
    const { info } = this.ctx.store.insertVersion(
      this.room.id,
      { ...v, createdAt, summary, planJson: JSON.stringify(plan), state, updateId },
      this.policy,
    )
    this.latest = { info, updateId }
    this.latestPlan = plan
    this.listFrame = null
    this.ctx.logger.debug('version saved', { roomId: this.room.id, n: info.n, reason: v.reason, bytes: info.bytes, ms: Math.round(performance.now() - t0) })
    return info
  }

  /** The newest version's plan, read once from the store (null: none, or unreadable). */
  private previousPlan(): Plan | null {
    if (this.latestPlan !== undefined) return this.latestPlan
    const json = this.latest ? this.ctx.store.versionPlanJson(this.room.id, this.latest.info.n) : null
    let plan: Plan | null = null
    if (json) {
      try {
        const parsed = parsePlan(JSON.parse(json))
        if (parsed.ok) plan = parsed.plan
      } catch {
        // An unreadable stored plan: the next summary has no `since`.
      }
    }
    this.latestPlan = plan
    return plan
  }

  /**
   * The list frame: newest first, at most maxListed, and never larger than a client accepts
   * (long names in many versions could pass MAX_VERSIONS_FRAME_BYTES; the oldest are left off).
   */
  private currentListFrame(): Uint8Array {
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

  private broadcastList(): void {
    this.listFrame = null
    for (const conn of this.room.conns) if (conn.role !== 'viewer') this.sendList(conn)
  }

  destroy(): void {
    if (this.periodicTimer) clearInterval(this.periodicTimer)
    this.periodicTimer = null
  }
}
