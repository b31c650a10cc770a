/**
 * Facilitator keys: the relay stores only SHA-256(key) per room (table `room_facilitators`), so a
 * copy of the database does not hand out facilitator links. The key itself is 128 random bits, so
 * a plain hash (no salt, no stretching) is enough: there is nothing to guess from a dictionary.
 */
import { isFacilitatorKey, type Role } from '@circleboard/shared'
import crypto from 'node:crypto'

export const INVALID_FACILITATOR_LINK_NOTICE = 'This facilitator link is not valid for this board; you joined as a participant.'

export function hashFacilitatorKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex')
}

/** Constant-time comparison of two hex SHA-256 digests. */
export function keyHashesMatch(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === 32 && y.length === 32 && crypto.timingSafeEqual(x, y)
}

export type KeyStore = {
  facilitatorKeyHash(roomId: string): string | null
  claimFacilitatorKeyHash(roomId: string, keyHash: string): string
}

/**
 * The role a `/sync/` connection gets for the `?fac=` value it presented (null: none).
 * A key for a room without a stored hash claims the room. Read from the database on every such
 * connection (an indexed lookup) rather than cached, so `pnpm cli facilitator-link` takes effect
 * on a running relay at the next connect.
 */
export function resolveSyncRole(
  store: KeyStore,
  roomId: string,
  key: string | null,
): { role: Role; notice: string | null; keyHash: string | null } {
  if (key === null) return { role: 'participant', notice: null, keyHash: null }
  if (!isFacilitatorKey(key)) return { role: 'participant', notice: INVALID_FACILITATOR_LINK_NOTICE, keyHash: null }
  const hash = hashFacilitatorKey(key)
  const stored = store.facilitatorKeyHash(roomId) ?? store.claimFacilitatorKeyHash(roomId, hash)
  return keyHashesMatch(stored, hash)
    ? { role: 'facilitator', notice: null, keyHash: hash }
    : { role: 'participant', notice: INVALID_FACILITATOR_LINK_NOTICE, keyHash: null }
}

/**
 * Whether a facilitator connection's key is still the room's (the CLI may have replaced it since
 * the connection opened). Checked on every command: commands are rare, the lookup is indexed.
 */
export function stillFacilitator(store: KeyStore, roomId: string, keyHash: string | null): boolean {
  if (keyHash === null) return false
  const stored = store.facilitatorKeyHash(roomId)
  return stored !== null && keyHashesMatch(stored, keyHash)
}
