/**
 * Versions of a board: the whole board state at a moment (a Yjs state update, not the update
 * log), the plan it held, its name, time and who saved it. A PATH is reviewed at three and six
 * months; a version is what the review compares with, and the way back when someone wipes a board.
 *
 * Where they live:
 * - Shared boards keep versions on the relay (SQLite table `versions`). The relay takes the state
 *   from its own copy of the room, so a version holds exactly what everyone had. A save request
 *   travels on the board's own websocket (message type VERSIONS_MESSAGE_TYPE) after the sender's
 *   edits, so everything the sender wrote before pressing "Save a version" is in it.
 * - While the relay cannot be reached, the device keeps versions itself (IndexedDB), marked
 *   `local`; they are listed beside the relay's.
 *
 * Kinds: `named` versions are saved by a person and kept until deleted by hand; `auto` versions
 * are saved by the app (session end, every so often during long sessions, before bulk changes)
 * and thinned by the retention policy (`versionsToThin`). Naming an automatic version makes it
 * a named one. Only the facilitator deletes a relay version by hand (`delete`); a version kept on
 * a device is deleted there by whoever uses that device.
 *
 * Wire format (both directions): varuint VERSIONS_MESSAGE_TYPE, varuint length, UTF-8 JSON of one
 * VersionsClientMessage / VersionsServerMessage. The state and plan of one version are fetched
 * over HTTP (they can be megabytes): GET /api/rooms/<room>/versions/<n>/state (Yjs update, binary)
 * and GET /api/rooms/<room>/versions/<n>/plan (plan JSON). GET /api/rooms/<room>/versions lists.
 */
import { z } from './smallSchema'
import { encodeJsonFrame, JsonFrameError, readJsonFramePayload } from './jsonFrame'

// Constants, reasons and titles are in versionNames.ts (the board's first load needs them, not the
// frame schemas below); re-exported here so every import stays as it was.
import { MAX_VERSIONS_FRAME_BYTES, VERSION_LIMITS, VERSION_REASONS, VERSIONS_MESSAGE_TYPE } from './versionNames'
export { MAX_VERSIONS_FRAME_BYTES, VERSION_LIMITS, VERSION_REASON_LABELS, VERSION_REASONS, VERSIONS_MESSAGE_TYPE, versionTitle } from './versionNames'
export type { VersionReason } from './versionNames'

const count = z.number().int().min(0).max(10_000_000)

/** Totals of the board a version holds, and what changed since the version before it. */
export const versionSummarySchema = z.object({
  /** Shapes on the board (all kinds). */
  shapes: count,
  /** Items in the plan (notes and texts in every section, and elsewhere). */
  items: count,
  actions: count,
  actionsDone: count,
  /** Against the previous version of the same board (absent for the first version). */
  since: z
    .object({
      added: count,
      removed: count,
      edited: count,
      newActions: count,
      done: count,
      dropped: count,
    })
    .optional(),
})
export type VersionSummary = z.infer<typeof versionSummarySchema>

export const versionInfoSchema = z.object({
  /** 1, 2, 3… per board, never reused. */
  n: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** '' for an automatic version nobody named. */
  name: z.string().max(VERSION_LIMITS.maxNameLength),
  kind: z.enum(['named', 'auto']),
  reason: z.enum(VERSION_REASONS),
  /** ms since epoch (the relay's clock, or the device's for local versions). */
  createdAt: z.number().int().min(0),
  /** Who saved it (their name in the board); '' when the relay saved it on its own. */
  author: z.string().max(VERSION_LIMITS.maxAuthorLength),
  summary: versionSummarySchema,
  /** Size of the stored state, bytes. */
  bytes: z.number().int().min(0),
  /** Kept on this device only (the relay could not be reached when it was saved). */
  local: z.boolean().optional(),
})
export type VersionInfo = z.infer<typeof versionInfoSchema>

const name = z.string().max(VERSION_LIMITS.maxNameLength)
const reqId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)

export const versionsClientMessageSchema = z.discriminatedUnion('t', [
  /** Ask for the list (the relay also sends it on join and whenever it changes). */
  z.object({ t: z.literal('list') }),
  /** Save the board as it is on the relay now. `name` '' for an automatic version. */
  z.object({
    t: z.literal('save'),
    reqId,
    name,
    reason: z.enum(VERSION_REASONS),
    author: z.string().max(VERSION_LIMITS.maxAuthorLength),
  }),
  /** Name or rename a version; naming an automatic one makes it named (kept). */
  z.object({ t: z.literal('rename'), reqId, n: z.number().int().min(1), name: name.min(1) }),
  /** Delete a version (the facilitator only); the board itself does not change. */
  z.object({ t: z.literal('delete'), reqId, n: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
])
export type VersionsClientMessage = z.infer<typeof versionsClientMessageSchema>

export const versionsServerMessageSchema = z.discriminatedUnion('t', [
  /** Every version of the board, newest first (at most maxListed). */
  z.object({ t: z.literal('list'), versions: z.array(versionInfoSchema).max(VERSION_LIMITS.maxListed) }),
  /** Answer to `save` / `rename`. */
  z.object({ t: z.literal('saved'), reqId, version: versionInfoSchema }),
  /** Answer to `delete` (the new list follows). */
  z.object({ t: z.literal('deleted'), reqId, n: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
  /** A request was refused or failed; `message` is for a person. */
  z.object({ t: z.literal('error'), reqId: reqId.optional(), message: z.string().max(500) }),
])
export type VersionsServerMessage = z.infer<typeof versionsServerMessageSchema>

/**
 * Body of GET /api/rooms/<room>/versions: `{ versions }`, newest first. Errors of the version
 * endpoints are JSON too: `{ error }` (a sentence for a person) with status 400, 404 or 405.
 */
export const versionsListResponseSchema = z.object({ versions: z.array(versionInfoSchema).max(VERSION_LIMITS.maxListed) })
export type VersionsListResponse = z.infer<typeof versionsListResponseSchema>

export class VersionsError extends Error {}

export function encodeVersionsFrame(message: VersionsClientMessage | VersionsServerMessage): Uint8Array {
  return encodeJsonFrame(VERSIONS_MESSAGE_TYPE, message)
}

/** The JSON of a version frame (bytes after the message type). Throws VersionsError. */
export function readVersionsPayload(bytes: Uint8Array): unknown {
  try {
    return readJsonFramePayload(bytes, MAX_VERSIONS_FRAME_BYTES)
  } catch (error) {
    if (error instanceof JsonFrameError) throw new VersionsError(`version frame: ${error.message}`)
    throw error
  }
}

export function parseVersionsClientMessage(value: unknown): VersionsClientMessage {
  const r = versionsClientMessageSchema.safeParse(value)
  if (!r.success) throw new VersionsError(`bad version message: ${r.error.issues[0]?.message ?? 'invalid'}`)
  return r.data
}

export function parseVersionsServerMessage(value: unknown): VersionsServerMessage {
  const r = versionsServerMessageSchema.safeParse(value)
  if (!r.success) throw new VersionsError(`bad version message: ${r.error.issues[0]?.message ?? 'invalid'}`)
  return r.data
}


function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/**
 * One line for the history list: what changed since the version before ("+12 notes, 3 actions
 * done"), or the totals for a first version ("8 notes, 2 actions").
 */
export function versionSummaryLine(s: VersionSummary): string {
  if (!s.since) {
    const parts = [plural(s.items, 'note', 'notes')]
    if (s.actions) parts.push(plural(s.actions, 'action', 'actions'))
    return parts.join(', ')
  }
  const d = s.since
  const parts: string[] = []
  if (d.added) parts.push(`+${plural(d.added, 'note', 'notes')}`)
  if (d.removed) parts.push(`−${plural(d.removed, 'note', 'notes')}`)
  if (d.edited) parts.push(`${plural(d.edited, 'note', 'notes')} edited`)
  if (d.newActions) parts.push(`+${plural(d.newActions, 'action', 'actions')}`)
  if (d.done) parts.push(`${plural(d.done, 'action', 'actions')} done`)
  if (d.dropped) parts.push(`${plural(d.dropped, 'action', 'actions')} dropped`)
  return parts.length ? parts.join(', ') : 'No change to the plan'
}

/** How many automatic versions to keep (named ones are always kept). */
export interface RetentionPolicy {
  /** The newest automatic versions kept as they are. */
  keepRecentAuto: number
  /** Beyond those, the newest automatic version of each day (UTC) is kept for this many days. */
  keepDailyDays: number
}

export const DEFAULT_RETENTION: RetentionPolicy = { keepRecentAuto: 50, keepDailyDays: 365 }

/**
 * The automatic versions the policy drops (their `n`), given a board's versions in any order.
 * Named versions are never dropped; the newest `keepRecentAuto` automatic ones are kept; older
 * automatic ones keep the newest of each UTC day for `keepDailyDays` days before `now`.
 */
export function versionsToThin(
  versions: readonly Pick<VersionInfo, 'n' | 'kind' | 'createdAt'>[],
  policy: RetentionPolicy,
  now: number,
): number[] {
  const auto = versions.filter((v) => v.kind === 'auto').sort((a, b) => b.createdAt - a.createdAt || b.n - a.n)
  const drop: number[] = []
  const daysKept = new Set<number>()
  const oldestDay = Math.floor(now / 86_400_000) - policy.keepDailyDays
  auto.forEach((v, i) => {
    if (i < policy.keepRecentAuto) return
    const day = Math.floor(v.createdAt / 86_400_000)
    if (day > oldestDay && !daysKept.has(day)) {
      daysKept.add(day)
      return
    }
    drop.push(v.n)
  })
  return drop
}

// countPlanItems and summarizeVersion (they need the plan model and the comparison) are in
// versionSummary.ts, so a client that only reads version frames does not load them (issue 13, item 6).
