/**
 * The list of boards this device has opened, kept locally with idb-keyval (never sent anywhere).
 * Each entry mirrors the board's name so the home page can show it without opening the board.
 */
import { createStore, del, get, update, type UseStore } from 'idb-keyval'
import { isFacilitatorKey, isValidRoomId } from '@circleboard/shared'

export interface RecentBoard {
  roomId: string
  name: string
  lastOpened: number
  /**
   * This device's facilitator key for the board (minted when it created the board, or taken from
   * a facilitator link). Never sent anywhere but the relay socket of this board.
   */
  facilitatorKey?: string
  /**
   * Written by an app that knows about roles. An entry without it predates roles: the device may
   * have created the board, so it gets to claim it (see facilitation/roles.ts).
   */
  roles?: 1
}

const KEY = 'recent-boards'
let store: UseStore | null = null
function db(): UseStore {
  store ??= createStore('circleboard-app', 'kv')
  return store
}

/** Read the list; anything malformed in it is dropped rather than breaking the home page. */
export async function listRecentBoards(): Promise<RecentBoard[]> {
  return readRecentBoards(await get(KEY, db()))
}

/** The stored list, validated: malformed entries dropped, a malformed key dropped from its entry. */
export function readRecentBoards(raw: unknown): RecentBoard[] {
  if (!Array.isArray(raw)) return []
  return raw
    .filter(
      (b): b is RecentBoard =>
        !!b &&
        typeof b === 'object' &&
        isValidRoomId((b as RecentBoard).roomId) &&
        typeof (b as RecentBoard).name === 'string' &&
        typeof (b as RecentBoard).lastOpened === 'number'
    )
    .map((b) => {
      const entry: RecentBoard = { roomId: b.roomId, name: b.name, lastOpened: b.lastOpened }
      if (isFacilitatorKey(b.facilitatorKey)) entry.facilitatorKey = b.facilitatorKey
      if (b.roles === 1) entry.roles = 1
      return entry
    })
    .sort((a, b) => b.lastOpened - a.lastOpened)
}

/** Read-modify-write in one IndexedDB transaction, so two writers never lose each other's change. */
function updateList(fn: (list: RecentBoard[]) => RecentBoard[]): Promise<void> {
  return update(KEY, (raw: unknown) => fn(readRecentBoards(raw)), db())
}

export async function getRecentBoard(roomId: string): Promise<RecentBoard | undefined> {
  return (await listRecentBoards()).find((b) => b.roomId === roomId)
}

export async function rememberBoard(roomId: string, name: string | undefined, now = Date.now()) {
  await updateList((list) => {
    const existing = list.find((b) => b.roomId === roomId)
    const next: RecentBoard = {
      roomId,
      name: name ?? existing?.name ?? '',
      lastOpened: now,
      roles: 1,
    }
    if (existing?.facilitatorKey) next.facilitatorKey = existing.facilitatorKey
    return [next, ...list.filter((b) => b.roomId !== roomId)]
  })
}

/** Keeps (or with null, forgets) this device's facilitator key for a board. */
export async function setFacilitatorKey(roomId: string, key: string | null, now = Date.now()) {
  if (key !== null && !isFacilitatorKey(key)) throw new Error('not a facilitator key')
  await updateList((list) => {
    const existing = list.find((b) => b.roomId === roomId)
    const next: RecentBoard = existing ? { ...existing, roles: 1 } : { roomId, name: '', lastOpened: now, roles: 1 }
    if (key) next.facilitatorKey = key
    else delete next.facilitatorKey
    return existing ? list.map((b) => (b.roomId === roomId ? next : b)) : [next, ...list]
  })
}

export async function renameRecentBoard(roomId: string, name: string) {
  await updateList((list) => list.map((b) => (b.roomId === roomId ? { ...b, name } : b)))
}

export async function forgetRecentBoard(roomId: string) {
  await updateList((list) => list.filter((b) => b.roomId !== roomId))
}

/**
 * Let go of the list's database connection: an open connection blocks deleting the database, so
 * "forget everything" would otherwise only take effect when the tab closes.
 */
export async function closeRecentBoards() {
  const open = store
  store = null
  if (open) await open('readonly', (s) => s.transaction.db.close())
}

export async function forgetAllRecentBoards() {
  await del(KEY, db())
}

export function displayName(board: { name: string; roomId: string }): string {
  return board.name.trim() || `Untitled board ${board.roomId.slice(0, 4)}`
}
