/**
 * The list of boards this device has opened, kept locally with idb-keyval (never sent anywhere).
 * Each entry mirrors the board's name so the home page can show it without opening the board.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval'
import { isValidRoomId } from '@circleboard/shared'

export interface RecentBoard {
  roomId: string
  name: string
  lastOpened: number
}

const KEY = 'recent-boards'
let store: UseStore | null = null
function db(): UseStore {
  store ??= createStore('circleboard-app', 'kv')
  return store
}

/** Read the list; anything malformed in it is dropped rather than breaking the home page. */
export async function listRecentBoards(): Promise<RecentBoard[]> {
  const raw: unknown = await get(KEY, db())
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
    .sort((a, b) => b.lastOpened - a.lastOpened)
}

export async function rememberBoard(roomId: string, name: string | undefined, now = Date.now()) {
  const list = await listRecentBoards()
  const existing = list.find((b) => b.roomId === roomId)
  const next: RecentBoard = {
    roomId,
    name: name ?? existing?.name ?? '',
    lastOpened: now,
  }
  await set(KEY, [next, ...list.filter((b) => b.roomId !== roomId)], db())
}

export async function renameRecentBoard(roomId: string, name: string) {
  const list = await listRecentBoards()
  await set(
    KEY,
    list.map((b) => (b.roomId === roomId ? { ...b, name } : b)),
    db()
  )
}

export async function forgetRecentBoard(roomId: string) {
  const list = await listRecentBoards()
  await set(
    KEY,
    list.filter((b) => b.roomId !== roomId),
    db()
  )
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
