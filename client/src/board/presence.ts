/**
 * Presence over Yjs awareness: who is in the board, their name, colour and cursor.
 *
 * Our own tldraw presence (cursor, selection, camera) is derived from the local store with
 * tldraw's `createPresenceStateDerivation` and published as the awareness field `presence`;
 * remote awareness states become `instance_presence` records in the store (session scope, never
 * written to the Y.Doc), which is what tldraw draws as named cursors and lists in its people menu.
 * Remote states are untrusted: their record id is ours to choose and they are validated.
 */
import type { Awareness } from 'y-protocols/awareness'
import { ROLES, type Role } from '@circleboard/shared'
import {
  InstancePresenceRecordType,
  atom,
  createPresenceStateDerivation,
  react,
  type TLInstancePresence,
  type TLStore,
} from 'tldraw'

export interface PresenceUser {
  id: string
  name: string
  color: string
}

export interface Person extends PresenceUser {
  clientId: number
  isMe: boolean
  viewOnly: boolean
  /** The role the relay stamped on this connection's awareness (absent from relays without roles). */
  role?: Role
}

const PUBLISH_INTERVAL_MS = 50

export function presenceRecordId(clientId: number) {
  return InstancePresenceRecordType.createId(`yjs-${clientId}`)
}

export function readPeople(awareness: Awareness): Person[] {
  const people: Person[] = []
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as { user?: unknown }).user
    if (!isUser(user)) continue
    people.push({
      ...user,
      clientId,
      isMe: clientId === awareness.clientID,
      viewOnly: (state as { viewOnly?: unknown }).viewOnly === true,
      ...roleOf(state),
    })
  }
  return people.sort((a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name))
}

/** Only the relay's stamp counts; anything else in the field is ignored. */
function roleOf(state: unknown): { role?: Role } {
  const role = (state as { role?: unknown }).role
  return typeof role === 'string' && (ROLES as readonly string[]).includes(role) ? { role: role as Role } : {}
}

function isUser(u: unknown): u is PresenceUser {
  if (!u || typeof u !== 'object') return false
  const { id, name, color } = u as Record<string, unknown>
  return typeof id === 'string' && typeof name === 'string' && typeof color === 'string'
}

/**
 * Wire presence both ways. Returns a function that stops it and removes the remote presence
 * records from the store.
 */
export function bindPresence(opts: {
  store: TLStore
  awareness: Awareness
  user: PresenceUser
  viewOnly?: boolean
}): { setUser(user: PresenceUser): void; dispose(): void } {
  const { store, awareness } = opts
  const $user = atom('circleboard user', opts.user)
  awareness.setLocalStateField('user', opts.user)
  if (opts.viewOnly) awareness.setLocalStateField('viewOnly', true)

  // Local -> awareness, throttled: pointer moves fire on every frame.
  const $presence = createPresenceStateDerivation($user)(store)
  let pending: TLInstancePresence | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  const flush = () => {
    timer = null
    awareness.setLocalStateField('presence', pending)
  }
  const stopReact = react('publish presence', () => {
    pending = $presence.get()
    if (!timer) timer = setTimeout(flush, PUBLISH_INTERVAL_MS)
  })

  // Awareness -> store.
  const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const puts: TLInstancePresence[] = []
    const removes: TLInstancePresence['id'][] = []
    for (const clientId of [...added, ...updated]) {
      if (clientId === awareness.clientID) continue
      const state = awareness.getStates().get(clientId) as Record<string, unknown> | undefined
      const rec = toPresenceRecord(clientId, state)
      if (rec) puts.push(rec)
      else if (store.has(presenceRecordId(clientId))) removes.push(presenceRecordId(clientId))
    }
    for (const clientId of removed) {
      if (store.has(presenceRecordId(clientId))) removes.push(presenceRecordId(clientId))
    }
    if (!puts.length && !removes.length) return
    store.mergeRemoteChanges(() => {
      if (removes.length) store.remove(removes)
      if (puts.length) store.put(puts)
    })
  }
  awareness.on('change', onChange)
  // States that were already there before we subscribed.
  onChange({ added: Array.from(awareness.getStates().keys()), updated: [], removed: [] })

  return {
    setUser(user) {
      $user.set(user)
      awareness.setLocalStateField('user', user)
    },
    dispose() {
      stopReact()
      if (timer) clearTimeout(timer)
      awareness.off('change', onChange)
      const ids = store.query.records('instance_presence').get().map((r) => r.id)
      if (ids.length) store.mergeRemoteChanges(() => store.remove(ids))
    },
  }
}

/** Build a validated presence record for a remote client, or null if its state is unusable. */
export function toPresenceRecord(
  clientId: number,
  state: Record<string, unknown> | undefined
): TLInstancePresence | null {
  if (!state) return null
  const presence = state.presence
  const user = state.user
  if (!presence || typeof presence !== 'object' || !isUser(user)) return null
  const p = presence as Partial<TLInstancePresence>
  if (typeof p.currentPageId !== 'string') return null
  try {
    const rec = InstancePresenceRecordType.create({
      ...p,
      currentPageId: p.currentPageId,
      // The name and colour come from the `user` field so a person's rename shows at once; the
      // id is ours, so a remote state can never overwrite another record.
      userId: user.id,
      userName: user.name,
      color: user.color,
      id: presenceRecordId(clientId),
    })
    InstancePresenceRecordType.validate(rec)
    return rec
  } catch {
    return null
  }
}
