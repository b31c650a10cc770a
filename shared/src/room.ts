/**
 * Board (room) ids. A board is reachable only by its id, so ids are random 128-bit values written
 * as base64url (22 characters). The relay accepts any id of the safe alphabet and a bounded length
 * (tests and old links use other lengths); only the client mints ids, always 128-bit.
 */

export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/

export function isValidRoomId(id: unknown): id is string {
  return typeof id === 'string' && ROOM_ID_PATTERN.test(id)
}

/** A fresh 128-bit board id, base64url without padding. Uses Web Crypto (browser and Node 20). */
export function newRoomId(): string {
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  return bytesToBase64Url(bytes)
}

export function bytesToBase64Url(bytes: Uint8Array): string {
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/**
 * Pull a room id out of whatever a person pastes: a full board link (`https://host/b/<id>`,
 * with or without a query such as a view token), a path (`/b/<id>`), or the bare id.
 * Returns null when nothing in it looks like a board id.
 */
export function parseBoardLink(input: string): { roomId: string; viewToken?: string } | null {
  const text = input.trim()
  if (!text) return null
  if (isValidRoomId(text)) return { roomId: text }
  let path: string = input.trim()
  let query = ''
  try {
    const url = new URL(text, 'http://placeholder.invalid')
    path = url.pathname
    query = url.search
  } catch {
    return null
  }
  const m = /\/b\/([^/?#]+)\/?$/.exec(path)
  if (!m) return null
  const roomId = decodeURIComponent(m[1])
  if (!isValidRoomId(roomId)) return null
  const viewToken = new URLSearchParams(query).get('view') ?? undefined
  return viewToken ? { roomId, viewToken } : { roomId }
}
