/**
 * Facilitation: the live-session controls a facilitator steers the room with (lock, follow,
 * step-through, timer, votes, private writing), and who may use them (roles).
 *
 * Facilitation state is not part of the board document: it lives on the relay, one small JSON
 * value per board (SQLite table `facilitation`), and travels on its own y-websocket message type
 * (FACILITATION_MESSAGE_TYPE) next to sync and awareness. That way the relay can enforce who
 * changes it (only facilitator connections), stamp it with its own clock (the timer), and keep
 * vote counts from participants until the reveal. What must survive in the board itself (vote
 * results on notes, revealed private notes) is written into the document, where plans and files
 * read it.
 *
 * Roles, by link:
 *   facilitator  /b/<roomId>?f=<facilitatorKey>   full control
 *   participant  /b/<roomId>                      writes on the board, no facilitator controls
 *   viewer       /v/<viewToken>                   reads only (projector, observer)
 * The facilitator key is 128 random bits minted by the device that creates the board; the relay
 * keeps only its SHA-256 (the first key presented for a board without one claims it). Participant
 * and view links never contain it. The sync socket carries it as `?fac=<key>`.
 *
 * Wire format of a facilitation frame: varuint FACILITATION_MESSAGE_TYPE, then varuint byte length,
 * then UTF-8 JSON of one ClientMessage or ServerMessage (validated with the schemas below).
 * Stock y-websocket clients ignore the type (they log and drop it).
 */
import { z } from './smallSchema'
import { newRoomId } from './room'
import { encodeJsonFrame, JsonFrameError, readJsonFramePayload } from './jsonFrame'

/** The y-websocket message type of facilitation frames (0–3 are y-websocket's own). */
export const FACILITATION_MESSAGE_TYPE = 7
/** Largest facilitation frame either side accepts, bytes. */
export const MAX_FACILITATION_FRAME_BYTES = 64 * 1024
/** Query parameter of the facilitator link (page) and of the sync socket. */
export const FACILITATOR_LINK_PARAM = 'f'
export const FACILITATOR_SOCKET_PARAM = 'fac'
/** Query parameter that opens a board straight into projector mode. */
export const PRESENT_PARAM = 'present'

export const ROLES = ['facilitator', 'participant', 'viewer'] as const
export type Role = (typeof ROLES)[number]

export const FACILITATOR_KEY_PATTERN = /^[A-Za-z0-9_-]{22,64}$/
export function isFacilitatorKey(value: unknown): value is string {
  return typeof value === 'string' && FACILITATOR_KEY_PATTERN.test(value)
}

/** Limits on what a facilitation state may hold (it is relayed to everyone in the room). */
export const FACILITATION_LIMITS = {
  /** With tldraw's ~27-character shape ids this fits a state in one 64 KiB frame with room to spare. */
  maxLockedIds: 1000,
  maxDotsPerPerson: 20,
  defaultDotsPerPerson: 3,
  maxTimerMs: 24 * 60 * 60 * 1000,
  maxTitleLength: 200,
  maxRevealedRounds: 20,
} as const

const shapeId = z.string().min(1).max(100)
const shortId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)
const userId = z.string().min(1).max(100)
const name = z.string().max(100)

export const voteScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('board') }),
  /** Every zone of one placed template (its instance id, the zones' `templateInstance`). */
  z.object({ kind: z.literal('template'), instanceId: z.string().min(1).max(100) }),
  z.object({ kind: z.literal('zone'), zoneId: shapeId }),
])
export type VoteScope = z.infer<typeof voteScopeSchema>

export const timerSchema = z.object({
  status: z.enum(['idle', 'running', 'paused']),
  /** The countdown's length as last set (reset returns to it). */
  durationMs: z.number().int().min(0).max(FACILITATION_LIMITS.maxTimerMs),
  /** Relay clock (ms since epoch) when a running countdown reaches zero. */
  endsAt: z.number(),
  /** Time left while paused or idle. */
  remainingMs: z.number().int().min(0).max(FACILITATION_LIMITS.maxTimerMs),
})
export type TimerState = z.infer<typeof timerSchema>

export const voteSchema = z.object({
  id: shortId,
  title: z.string().max(FACILITATION_LIMITS.maxTitleLength),
  scope: voteScopeSchema,
  dots: z.number().int().min(1).max(FACILITATION_LIMITS.maxDotsPerPerson),
  /** open: people place dots, counts hidden; revealed: counts shown (and written on the notes); closed: over. */
  status: z.enum(['open', 'revealed', 'closed']),
})
export type VoteState = z.infer<typeof voteSchema>

export const facilitationStateSchema = z.object({
  v: z.literal(1),
  /** Bumped with every change; clients ignore a state older than the one they have. */
  seq: z.number().int().min(0),
  lock: z.object({
    /** Template zones (cb-zone shapes) are locked for participants. */
    zones: z.boolean(),
    /** Further shapes locked for participants (what the facilitator drew, when they chose so). */
    ids: z.array(shapeId).max(FACILITATION_LIMITS.maxLockedIds),
  }),
  /** While set, everyone (and everyone who joins) follows this person's view. */
  follow: z.object({ userId, name }).nullable(),
  /** The step of a template walk-through: which placed template, which step (0-based). */
  step: z.object({ instanceId: z.string().min(1).max(100), index: z.number().int().min(0).max(100) }).nullable(),
  timer: timerSchema,
  vote: voteSchema.nullable(),
  /** Private writing: notes stay on each device until `revealed`; `ended` keeps them private. */
  privateWriting: z.object({ round: shortId, status: z.enum(['writing', 'revealed', 'ended']) }).nullable(),
  /** Rounds revealed so far (newest last), so a device that was offline at a reveal still publishes. */
  revealedRounds: z.array(shortId).max(FACILITATION_LIMITS.maxRevealedRounds),
})
export type FacilitationState = z.infer<typeof facilitationStateSchema>

export function initialFacilitationState(): FacilitationState {
  return {
    v: 1,
    seq: 0,
    lock: { zones: false, ids: [] },
    follow: null,
    step: null,
    timer: { status: 'idle', durationMs: 5 * 60_000, endsAt: 0, remainingMs: 5 * 60_000 },
    vote: null,
    privateWriting: null,
    revealedRounds: [],
  }
}

/** Commands only facilitator connections may send. */
export const facilitationCommandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('lock'), zones: z.boolean(), ids: z.array(shapeId).max(FACILITATION_LIMITS.maxLockedIds).optional() }),
  z.object({ kind: z.literal('follow'), on: z.boolean(), userId, name }),
  /** A one-time jump: everyone's view moves to these page bounds. Not stored. */
  z.object({
    kind: z.literal('summon'),
    userId,
    name,
    pageId: z.string().min(1).max(100),
    bounds: z.object({ x: z.number(), y: z.number(), w: z.number().positive(), h: z.number().positive() }),
  }),
  z.object({ kind: z.literal('step'), instanceId: z.string().min(1).max(100).nullable(), index: z.number().int().min(0).max(100) }),
  z.object({
    kind: z.literal('timer'),
    action: z.enum(['start', 'pause', 'resume', 'add', 'reset']),
    /** start: the countdown's length; add: the time to add (default a minute). */
    ms: z.number().int().min(0).max(FACILITATION_LIMITS.maxTimerMs).optional(),
  }),
  z.object({
    kind: z.literal('vote'),
    action: z.enum(['start', 'reveal', 'close']),
    id: shortId.optional(),
    title: z.string().max(FACILITATION_LIMITS.maxTitleLength).optional(),
    scope: voteScopeSchema.optional(),
    dots: z.number().int().min(1).max(FACILITATION_LIMITS.maxDotsPerPerson).optional(),
  }),
  z.object({ kind: z.literal('private'), action: z.enum(['start', 'reveal', 'end']), round: shortId.optional() }),
])
export type FacilitationCommand = z.infer<typeof facilitationCommandSchema>

export const clientMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('cmd'), cmd: facilitationCommandSchema }),
  /** A voter's complete set of dots in one vote (idempotent: resent after a reconnect). */
  z.object({ t: z.literal('dots'), voteId: shortId, voterId: userId, shapeIds: z.array(shapeId).max(FACILITATION_LIMITS.maxDotsPerPerson) }),
  /** Clock probe; the relay answers with its time. */
  z.object({ t: z.literal('time'), id: z.number().int() }),
])
export type FacilitationClientMessage = z.infer<typeof clientMessageSchema>

export const summonEventSchema = z.object({
  kind: z.literal('summon'),
  userId,
  name,
  pageId: z.string().min(1).max(100),
  bounds: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
})

export const serverMessageSchema = z.discriminatedUnion('t', [
  /** First message on every connection: the role the relay gave it and the current state. */
  z.object({
    t: z.literal('welcome'),
    role: z.enum(ROLES),
    state: facilitationStateSchema,
    now: z.number(),
    /** Why the role is less than asked for (e.g. a facilitator key the board does not know). */
    notice: z.string().max(500).optional(),
  }),
  z.object({ t: z.literal('state'), state: facilitationStateSchema, now: z.number() }),
  z.object({ t: z.literal('event'), event: summonEventSchema }),
  /** Something this connection tried was refused or undone (a locked zone, a command it may not send). */
  z.object({ t: z.literal('refused'), reason: z.string().max(500), ids: z.array(shapeId).max(100).optional() }),
  /** Vote counts per shape, sent once revealed (and to late joiners while revealed). */
  z.object({ t: z.literal('tally'), voteId: shortId, counts: z.record(shapeId, z.number().int().min(0)), voters: z.number().int().min(0) }),
  /** To facilitators while a vote is open: how many have voted, without counts per note. */
  z.object({ t: z.literal('progress'), voteId: shortId, voters: z.number().int().min(0), dots: z.number().int().min(0) }),
  /** To a voter: the dots the relay holds for them in the open vote. */
  z.object({ t: z.literal('myDots'), voteId: shortId, shapeIds: z.array(shapeId).max(FACILITATION_LIMITS.maxDotsPerPerson) }),
  z.object({ t: z.literal('time'), id: z.number().int(), now: z.number() }),
])
export type FacilitationServerMessage = z.infer<typeof serverMessageSchema>

export class FacilitationError extends Error {}

/**
 * Applies a facilitator's command to the state at relay time `now`. Pure; the relay calls it and
 * stores the result. `summon` does not change state (the relay broadcasts it as an event).
 * Throws FacilitationError for a command that makes no sense in this state (e.g. reveal with no vote).
 */
export function applyFacilitationCommand(state: FacilitationState, cmd: FacilitationCommand, now: number): FacilitationState {
  const next: FacilitationState = structuredClone(state)
  next.seq = state.seq + 1
  switch (cmd.kind) {
    case 'lock':
      next.lock = { zones: cmd.zones, ids: cmd.ids ? [...new Set(cmd.ids)] : state.lock.ids }
      return next
    case 'follow':
      next.follow = cmd.on ? { userId: cmd.userId, name: cmd.name } : null
      return next
    case 'summon':
      return state
    case 'step':
      next.step = cmd.instanceId === null ? null : { instanceId: cmd.instanceId, index: cmd.index }
      return next
    case 'timer':
      next.timer = applyTimer(state.timer, cmd.action, cmd.ms, now)
      return next
    case 'vote': {
      if (cmd.action === 'start') {
        if (!cmd.id) throw new FacilitationError('a vote needs an id')
        next.vote = {
          id: cmd.id,
          title: cmd.title ?? '',
          scope: cmd.scope ?? { kind: 'board' },
          dots: cmd.dots ?? FACILITATION_LIMITS.defaultDotsPerPerson,
          status: 'open',
        }
        return next
      }
      if (!state.vote) throw new FacilitationError('there is no vote')
      next.vote = { ...state.vote, status: cmd.action === 'reveal' ? 'revealed' : 'closed' }
      return next
    }
    case 'private': {
      if (cmd.action === 'start') {
        if (!cmd.round) throw new FacilitationError('private writing needs a round id')
        next.privateWriting = { round: cmd.round, status: 'writing' }
        return next
      }
      const pw = state.privateWriting
      if (!pw || pw.status !== 'writing') throw new FacilitationError('private writing is not on')
      next.privateWriting = { round: pw.round, status: cmd.action === 'reveal' ? 'revealed' : 'ended' }
      if (cmd.action === 'reveal') {
        next.revealedRounds = [...state.revealedRounds.filter((r) => r !== pw.round), pw.round].slice(-FACILITATION_LIMITS.maxRevealedRounds)
      }
      return next
    }
    default: {
      const never: never = cmd
      throw new FacilitationError(`unknown command ${JSON.stringify(never)}`)
    }
  }
}

function applyTimer(timer: TimerState, action: 'start' | 'pause' | 'resume' | 'add' | 'reset', ms: number | undefined, now: number): TimerState {
  const max = FACILITATION_LIMITS.maxTimerMs
  switch (action) {
    case 'start': {
      const durationMs = Math.min(ms ?? timer.durationMs, max)
      return { status: 'running', durationMs, endsAt: now + durationMs, remainingMs: durationMs }
    }
    case 'pause':
      if (timer.status !== 'running') return timer
      return { ...timer, status: 'paused', remainingMs: Math.max(0, Math.min(max, timer.endsAt - now)) }
    case 'resume':
      if (timer.status !== 'paused') return timer
      return { ...timer, status: 'running', endsAt: now + timer.remainingMs }
    case 'add': {
      const add = ms ?? 60_000
      if (timer.status === 'running') {
        const left = Math.max(0, timer.endsAt - now)
        const nextLeft = Math.min(max, left + add)
        return { ...timer, endsAt: now + nextLeft, remainingMs: nextLeft }
      }
      return { ...timer, remainingMs: Math.min(max, timer.remainingMs + add) }
    }
    case 'reset':
      return { status: 'idle', durationMs: timer.durationMs, endsAt: 0, remainingMs: timer.durationMs }
  }
}

/** Time left on the countdown at relay time `relayNow`, ms (never negative). */
export function timerRemainingMs(timer: TimerState, relayNow: number): number {
  if (timer.status === 'running') return Math.max(0, timer.endsAt - relayNow)
  return timer.remainingMs
}

// --- frames -------------------------------------------------------------------------------

/** A complete binary frame: message type, length, JSON. */
export function encodeFacilitationFrame(message: FacilitationClientMessage | FacilitationServerMessage): Uint8Array {
  return encodeJsonFrame(FACILITATION_MESSAGE_TYPE, message)
}

/**
 * Reads the JSON of a facilitation frame from the bytes after its message type (length-prefixed).
 * Throws FacilitationError for anything malformed or too large.
 */
export function readFacilitationPayload(bytes: Uint8Array): unknown {
  try {
    return readJsonFramePayload(bytes, MAX_FACILITATION_FRAME_BYTES)
  } catch (error) {
    if (error instanceof JsonFrameError) throw new FacilitationError(`facilitation frame: ${error.message}`)
    throw error
  }
}

export function parseClientMessage(value: unknown): FacilitationClientMessage {
  const r = clientMessageSchema.safeParse(value)
  if (!r.success) throw new FacilitationError(`bad facilitation message: ${r.error.issues[0]?.message ?? 'invalid'}`)
  return r.data
}

export function parseServerMessage(value: unknown): FacilitationServerMessage {
  const r = serverMessageSchema.safeParse(value)
  if (!r.success) throw new FacilitationError(`bad facilitation message: ${r.error.issues[0]?.message ?? 'invalid'}`)
  return r.data
}

/** Parses a stored state, falling back to the initial state for anything unreadable. */
export function parseStoredFacilitationState(text: string | null | undefined): FacilitationState {
  if (!text) return initialFacilitationState()
  try {
    const r = facilitationStateSchema.safeParse(JSON.parse(text))
    return r.success ? r.data : initialFacilitationState()
  } catch {
    return initialFacilitationState()
  }
}

/** A fresh facilitator key (128 bits, base64url). */
export function newFacilitatorKey(): string {
  return newRoomId()
}

/** Shape meta keys facilitation writes into the board document. */
export const META_VOTES = 'votes'
/** On a note written during private writing: its round. Such notes never enter the shared doc. */
export const META_PRIVATE = 'privateRound'
