/**
 * The relay side of facilitation for one room (shared/src/facilitation.ts is the protocol):
 * the facilitation state (only facilitators change it; stored in SQLite table `facilitation`),
 * votes (dots per voter, stored in table `votes`, counts hidden until the reveal), summons, the
 * relay clock, and the lock on zones (LockGuard).
 *
 * Loaded with its room and dropped with it; every change is stored before it is broadcast, so a
 * relay restart or a room unload loses nothing anyone has seen.
 */
import {
  applyFacilitationCommand,
  encodeFacilitationFrame,
  FacilitationError,
  getRecordsMap,
  initialFacilitationState,
  MAX_FACILITATION_FRAME_BYTES,
  META_VOTES,
  parseStoredFacilitationState,
  readRecord,
  writeRecordChanges,
  type FacilitationClientMessage,
  type FacilitationCommand,
  type FacilitationServerMessage,
  type FacilitationState,
  type VoteState,
} from '@circleboard/shared'
import * as Y from 'yjs'
import type { Logger } from '../log'
import type { SqliteStore } from '../persistence/SqliteStore'
import { Connection } from './Connection'
import { stillFacilitator } from './facilitatorKeys'
import { LockGuard } from './LockGuard'
import { ErrorKind, type RelayMetrics } from './RelayMetrics'

export const REFUSED = {
  notFacilitator: 'Only the facilitator can do that.',
  locked: 'That part of the board is locked by the facilitator.',
  voteNotOpen: 'That vote is not open.',
  viewerVote: 'Viewers cannot vote.',
  otherVoter: 'This connection already voted under another name.',
  tooManyVoters: 'This vote has as many voters as it can hold.',
  notSaved: 'The relay could not save that; try again.',
  tooLarge: 'That would make the session settings too large to send; lock fewer shapes.',
} as const

/** Voters one vote may hold (bounds the table and the tally). */
export const MAX_VOTERS_PER_VOTE = 1000
/** Facilitators hear how a vote is going at most this often. */
export const PROGRESS_THROTTLE_MS = 250
/** Shape types a vote scoped to a zone or template counts (what people write on). */
const SCOPED_VOTE_TYPES = new Set(['note', 'text', 'cb-action'])
/** The `refused` message carries at most this many ids (the schema's bound). */
const MAX_REFUSED_IDS = 100

export type FacilitationHost = {
  readonly id: string
  readonly doc: Y.Doc
  readonly conns: ReadonlySet<Connection>
}

export type FacilitationContext = { store: SqliteStore; metrics: RelayMetrics; logger: Logger }

export type Tally = { voteId: string; counts: Record<string, number>; voters: number }

export class RoomFacilitation {
  state: FacilitationState = initialFacilitationState()
  /** Dots of the current vote (state.vote), voter id -> shape ids. */
  private dots = new Map<string, string[]>()
  private progressTimer: NodeJS.Timeout | null = null
  readonly locks: LockGuard

  constructor(
    private readonly room: FacilitationHost,
    private readonly ctx: FacilitationContext,
    /** Origin of the relay's own writes into the board. */
    private readonly relayOrigin: unknown,
  ) {
    this.locks = new LockGuard(room.doc, (origin) => origin instanceof Connection && origin.role === 'participant', relayOrigin)
  }

  /** Reads the stored state and dots; call after the board itself has loaded (the lock reads it). */
  load(): void {
    this.state = parseStoredFacilitationState(this.ctx.store.loadFacilitationState(this.room.id))
    this.dots = this.loadDots(this.state.vote)
    this.locks.configure(this.state.lock)
  }

  private loadDots(vote: VoteState | null): Map<string, string[]> {
    const out = new Map<string, string[]>()
    if (!vote) return out
    for (const row of this.ctx.store.loadVotes(this.room.id, vote.id)) {
      try {
        const ids: unknown = JSON.parse(row.shapeIdsJson)
        if (Array.isArray(ids)) out.set(row.voterId, ids.filter((x): x is string => typeof x === 'string').slice(0, vote.dots))
      } catch {
        // An unreadable row counts as no dots; the voter's client resends its set on reconnect.
      }
    }
    return out
  }

  private send(conn: Connection, message: FacilitationServerMessage): void {
    conn.send(encodeFacilitationFrame(message))
  }

  private broadcast(message: FacilitationServerMessage, except: Connection | null = null, only?: (c: Connection) => boolean): void {
    const frame = encodeFacilitationFrame(message)
    for (const conn of this.room.conns) if (conn !== except && (!only || only(conn))) conn.send(frame)
  }

  private refuse(conn: Connection, reason: string, ids?: string[]): void {
    this.ctx.metrics.error(ErrorKind.facilitationRefused)
    this.send(conn, ids && ids.length > 0 ? { t: 'refused', reason, ids: ids.slice(0, MAX_REFUSED_IDS) } : { t: 'refused', reason })
  }

  /** What a new connection is told, right after the relay's sync step 1. */
  welcome(conn: Connection): void {
    this.send(conn, { t: 'welcome', role: conn.role, state: this.state, now: Date.now(), ...(conn.notice ? { notice: conn.notice } : {}) })
    const vote = this.state.vote
    if (vote?.status === 'revealed') this.send(conn, { t: 'tally', ...this.tally(vote) })
    else if (vote?.status === 'open' && conn.role === 'facilitator') this.send(conn, { t: 'progress', ...this.progress(vote) })
  }

  handle(conn: Connection, message: FacilitationClientMessage): void {
    switch (message.t) {
      case 'time':
        this.send(conn, { t: 'time', id: message.id, now: Date.now() })
        return
      case 'cmd':
        if (conn.role !== 'facilitator' || !stillFacilitator(this.ctx.store, this.room.id, conn.facilitatorKeyHash)) {
          return this.refuse(conn, REFUSED.notFacilitator)
        }
        return this.command(conn, message.cmd)
      case 'dots':
        return this.placeDots(conn, message.voteId, message.voterId, message.shapeIds)
      default: {
        const never: never = message
        throw new Error(`unhandled facilitation message ${JSON.stringify(never)}`)
      }
    }
  }

  private command(conn: Connection, cmd: FacilitationCommand): void {
    if (cmd.kind === 'summon') {
      const { kind, userId, name, pageId, bounds } = cmd
      this.broadcast({ t: 'event', event: { kind, userId, name, pageId, bounds } }, conn)
      return
    }
    let next: FacilitationState
    try {
      next = applyFacilitationCommand(this.state, cmd, Date.now())
    } catch (error) {
      if (error instanceof FacilitationError) return this.refuse(conn, error.message)
      throw error
    }
    // Every client must be able to read the state in a welcome (with the longest notice); a
    // lock list near the command's own size limit could otherwise make a frame clients reject.
    const worstFrame = encodeFacilitationFrame({ t: 'welcome', role: 'participant', state: next, now: Date.now(), notice: 'x'.repeat(500) })
    if (worstFrame.byteLength > MAX_FACILITATION_FRAME_BYTES) return this.refuse(conn, REFUSED.tooLarge)
    const before = this.state
    try {
      const newVoteId = next.vote && next.vote.id !== before.vote?.id ? next.vote.id : undefined
      this.ctx.store.saveFacilitationState(this.room.id, JSON.stringify(next), newVoteId)
    } catch (error) {
      this.ctx.metrics.error(ErrorKind.persistence)
      this.ctx.logger.error('could not store facilitation state', { roomId: this.room.id, error })
      return this.refuse(conn, REFUSED.notSaved)
    }
    this.state = next
    if (next.vote?.id !== before.vote?.id) this.dots = new Map()
    if (cmd.kind === 'lock') this.locks.configure(next.lock)
    this.broadcast({ t: 'state', state: next, now: Date.now() })
    const vote = next.vote
    if (vote && vote.status === 'revealed' && !(before.vote?.id === vote.id && before.vote.status === 'revealed')) {
      const tally = this.tally(vote)
      this.writeVotesIntoBoard(tally.counts)
      this.broadcast({ t: 'tally', ...tally })
    }
  }

  private placeDots(conn: Connection, voteId: string, voterId: string, shapeIds: string[]): void {
    if (conn.role === 'viewer') return this.refuse(conn, REFUSED.viewerVote)
    const vote = this.state.vote
    if (!vote || vote.id !== voteId || vote.status !== 'open') return this.refuse(conn, REFUSED.voteNotOpen)
    if (conn.voterId !== null && conn.voterId !== voterId) return this.refuse(conn, REFUSED.otherVoter)
    if (!this.dots.has(voterId) && this.dots.size >= MAX_VOTERS_PER_VOTE) return this.refuse(conn, REFUSED.tooManyVoters)
    const kept: string[] = []
    for (const id of shapeIds) {
      if (kept.length >= vote.dots) break
      if (this.votable(id, vote)) kept.push(id)
    }
    try {
      this.ctx.store.saveDots(this.room.id, vote.id, voterId, JSON.stringify(kept))
    } catch (error) {
      this.ctx.metrics.error(ErrorKind.persistence)
      this.ctx.logger.error('could not store dots', { roomId: this.room.id, error })
      return this.refuse(conn, REFUSED.notSaved)
    }
    conn.voterId = voterId
    this.dots.set(voterId, kept)
    this.send(conn, { t: 'myDots', voteId: vote.id, shapeIds: kept })
    this.scheduleProgress()
  }

  /**
   * A shape a dot may go on: an existing shape record; for a vote scoped to a zone or a template,
   * one people write on (note, text, action card). Whether it lies inside that zone is not checked
   * here (that needs the zones' geometry); the client offers only shapes in scope.
   */
  private votable(id: string, vote: VoteState): boolean {
    const value = getRecordsMap(this.room.doc).get(id)
    if (!(value instanceof Y.Map) || value.get('typeName') !== 'shape') return false
    return vote.scope.kind === 'board' || SCOPED_VOTE_TYPES.has(value.get('type') as string)
  }

  private progress(vote: VoteState): { voteId: string; voters: number; dots: number } {
    let dots = 0
    let voters = 0
    for (const ids of this.dots.values()) {
      dots += ids.length
      if (ids.length > 0) voters++
    }
    return { voteId: vote.id, voters, dots }
  }

  private scheduleProgress(): void {
    if (this.progressTimer) return
    this.progressTimer = setTimeout(() => {
      this.progressTimer = null
      const vote = this.state.vote
      if (!vote || vote.status !== 'open') return
      this.broadcast({ t: 'progress', ...this.progress(vote) }, null, (c) => c.role === 'facilitator')
    }, PROGRESS_THROTTLE_MS)
    this.progressTimer.unref()
  }

  /** Dots per shape (repeats count), over shapes still on the board. */
  tally(vote: VoteState): Tally {
    const counts: Record<string, number> = {}
    const records = getRecordsMap(this.room.doc)
    let voters = 0
    for (const ids of this.dots.values()) {
      if (ids.length > 0) voters++
      for (const id of ids) if (records.has(id)) counts[id] = (counts[id] ?? 0) + 1
    }
    return { voteId: vote.id, counts, voters }
  }

  /**
   * The result travels with the board: every counted shape gets `meta.votes`, and a shape that
   * carries a count from an earlier vote but got none now loses it. One pass over the records,
   * once per reveal; written field by field (doclayout) with the relay's origin.
   */
  private writeVotesIntoBoard(counts: Record<string, number>): void {
    const records = getRecordsMap(this.room.doc)
    this.room.doc.transact(() => {
      for (const [id, value] of records.entries()) {
        if (!(value instanceof Y.Map)) continue
        const meta = value.get('meta')
        const has = meta instanceof Y.Map && meta.has(META_VOTES)
        const want = Object.prototype.hasOwnProperty.call(counts, id) ? counts[id] : undefined
        if (want === undefined ? !has : has && meta.get(META_VOTES) === want) continue
        const before = readRecord(value) as { id: string; meta?: unknown }
        const oldMeta = typeof before.meta === 'object' && before.meta !== null && !Array.isArray(before.meta) ? (before.meta as Record<string, unknown>) : {}
        const nextMeta: Record<string, unknown> = { ...oldMeta }
        if (want === undefined) delete nextMeta[META_VOTES]
        else nextMeta[META_VOTES] = want
        writeRecordChanges(this.room.doc, { ...before, id }, { ...before, id, meta: nextMeta })
      }
    }, this.relayOrigin)
  }

  /** After a participant's update: undo what it changed on locked records, and tell it so. */
  enforceLocks(conn: Connection): void {
    const restored = this.locks.restoreViolations()
    if (restored.length === 0) return
    this.ctx.metrics.error(ErrorKind.lockedEditUndone)
    this.send(conn, { t: 'refused', reason: REFUSED.locked, ids: restored.slice(0, MAX_REFUSED_IDS) })
  }

  destroy(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer)
    this.progressTimer = null
    this.locks.destroy()
  }
}
