/**
 * Versions kept on this device (IndexedDB, idb-keyval): used when the relay cannot be reached
 * (offline, or no relay for this board). Each holds the Yjs state of this device's copy of the
 * board, the plan it held and its summary, and is marked `local: true`.
 *
 * Layout (store `circleboard-versions` / `kv`):
 *   list:<room>          VersionInfo[] (newest first)
 *   state:<room>:<n>     Uint8Array (Y.encodeStateAsUpdate of the board)
 *   plan:<room>:<n>      Plan
 * Numbers count up per board on this device, apart from the relay's.
 *
 * Bounded: automatic versions are thinned to the newest LOCAL_RETENTION.keepRecentAuto with
 * versionsToThin; named ones are kept, with a warning once there are many.
 * Everything read back is validated: a damaged entry is dropped, never trusted.
 */
import { createStore, del, delMany, get, set, type UseStore } from 'idb-keyval'
import {
  versionInfoSchema,
  versionsToThin,
  type Plan,
  type RetentionPolicy,
  type VersionInfo,
  type VersionReason,
} from '@circleboard/shared'
import { loadPart } from '../board/loadPart'

/** The plan's validation and the version summary, loaded when first used (planTools.ts). */
const planTools = () => loadPart(() => import('./planTools'))

export const LOCAL_RETENTION: RetentionPolicy = { keepRecentAuto: 50, keepDailyDays: 0 }
/** Past this many named versions on one board, saving still works but says they take room. */
export const LOCAL_NAMED_WARN_AT = 100
/** Refuse a state beyond this (a board that big is far beyond any session; the device would strain). */
export const MAX_LOCAL_STATE_BYTES = 50 * 1024 * 1024

let store: UseStore | null = null
function db(): UseStore {
  store ??= createStore('circleboard-versions', 'kv')
  return store
}

const listKey = (room: string) => `list:${room}`
const stateKey = (room: string, n: number) => `state:${room}:${n}`
const planKey = (room: string, n: number) => `plan:${room}:${n}`

/** One write at a time per board, so two quick saves never lose each other's list entry. */
const queues = new Map<string, Promise<unknown>>()
function serial<T>(room: string, fn: () => Promise<T>): Promise<T> {
  const prev = queues.get(room) ?? Promise.resolve()
  const next = prev.then(fn, fn)
  queues.set(room, next.catch(() => {}))
  return next
}

/** The stored list, validated (bad entries dropped), newest first. */
export function readLocalList(raw: unknown): VersionInfo[] {
  if (!Array.isArray(raw)) return []
  const out: VersionInfo[] = []
  const seen = new Set<number>()
  for (const x of raw) {
    const r = versionInfoSchema.safeParse(x)
    if (!r.success || seen.has(r.data.n)) continue
    seen.add(r.data.n)
    out.push({ ...r.data, local: true })
  }
  return out.sort((a, b) => b.createdAt - a.createdAt || b.n - a.n)
}

export async function listLocalVersions(room: string): Promise<VersionInfo[]> {
  return readLocalList(await get(listKey(room), db()))
}

export interface LocalSaveInput {
  name: string
  reason: VersionReason
  author: string
  /** Y.encodeStateAsUpdate of the board. */
  state: Uint8Array
  plan: Plan
  /** Shapes on the board. */
  shapes: number
  now?: number
}

export interface LocalSaveResult {
  version: VersionInfo
  /** Automatic versions dropped by the bound. */
  thinned: number[]
  /** Something to tell the person (many named versions on this device). */
  warning: string | null
}

export function saveLocalVersion(room: string, input: LocalSaveInput): Promise<LocalSaveResult> {
  return serial(room, async () => {
    if (input.state.byteLength > MAX_LOCAL_STATE_BYTES) throw new Error('This board is too large to keep a version of on this device.')
    const list = await listLocalVersions(room)
    const n = list.reduce((m, v) => Math.max(m, v.n), 0) + 1
    const previous = list[0] ? await getLocalVersionPlan(room, list[0].n) : null
    const now = input.now ?? Date.now()
    const { versionSummary } = await planTools()
    const name = input.name.trim().slice(0, 100)
    const version: VersionInfo = versionInfoSchema.parse({
      n,
      name,
      kind: name ? 'named' : 'auto',
      reason: input.reason,
      createdAt: now,
      author: input.author.slice(0, 100),
      summary: versionSummary(input.plan, input.shapes, previous, new Date(now)),
      bytes: input.state.byteLength,
      local: true,
    })
    // State and plan first: a list entry never points at nothing.
    await set(stateKey(room, n), input.state, db())
    await set(planKey(room, n), input.plan, db())
    let next = [version, ...list]
    const thinned = versionsToThin(next, LOCAL_RETENTION, now)
    if (thinned.length) {
      const drop = new Set(thinned)
      next = next.filter((v) => !drop.has(v.n))
    }
    await set(listKey(room), next, db())
    if (thinned.length) await delMany(thinned.flatMap((x) => [stateKey(room, x), planKey(room, x)]), db())
    const named = next.filter((v) => v.kind === 'named').length
    const warning =
      named >= LOCAL_NAMED_WARN_AT
        ? `This device keeps ${named} named versions of this board. They take room: rename or remove old ones when the relay is back.`
        : null
    return { version, thinned, warning }
  })
}

export function renameLocalVersion(room: string, n: number, name: string): Promise<VersionInfo> {
  return serial(room, async () => {
    const clean = name.trim().slice(0, 100)
    if (!clean) throw new Error('A version needs a name.')
    const list = await listLocalVersions(room)
    const i = list.findIndex((v) => v.n === n)
    if (i < 0) throw new Error('That version is no longer on this device.')
    const v: VersionInfo = { ...list[i], name: clean, kind: 'named' }
    list[i] = v
    await set(listKey(room), list, db())
    return v
  })
}

/** Deletes one version kept on this device: out of the list first, then its state and plan. */
export function deleteLocalVersion(room: string, n: number): Promise<void> {
  return serial(room, async () => {
    const list = await listLocalVersions(room)
    if (!list.some((v) => v.n === n)) throw new Error('That version is no longer on this device.')
    await set(listKey(room), list.filter((v) => v.n !== n), db())
    await delMany([stateKey(room, n), planKey(room, n)], db())
  })
}

export async function getLocalVersionState(room: string, n: number): Promise<Uint8Array | null> {
  const raw = await get(stateKey(room, n), db())
  if (raw instanceof Uint8Array) return raw
  if (raw instanceof ArrayBuffer) return new Uint8Array(raw)
  return null
}

export async function getLocalVersionPlan(room: string, n: number): Promise<Plan | null> {
  const { parsePlan } = await planTools()
  const r = parsePlan(await get(planKey(room, n), db()))
  return r.ok ? r.plan : null
}

/** Everything this device keeps for a board's versions (for "Remove from this device"). */
export function deleteLocalVersions(room: string): Promise<void> {
  return serial(room, async () => {
    const list = await listLocalVersions(room)
    await delMany(list.flatMap((v) => [stateKey(room, v.n), planKey(room, v.n)]), db())
    await del(listKey(room), db())
  })
}
