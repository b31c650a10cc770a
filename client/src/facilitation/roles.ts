/**
 * Which facilitator key this device presents for a board, and where it came from.
 *
 *  - A facilitator link (`/b/<room>?f=<key>`) gives its key: this device becomes a (co-)facilitator
 *    and keeps the key with the board, so the plain board link works next time.
 *  - Otherwise the key this device keeps for the board (it created the board, or had a facilitator
 *    link before).
 *  - A board in this device's list from before roles existed (its entry lacks `roles`) may have been
 *    created here, but nothing says so. Such a device mints a key and presents it; the relay takes
 *    the first key presented for a board that has none, so whoever opens an old board first claims
 *    it. For a board already claimed the relay answers "participant" and the minted key is
 *    forgotten without a word (the person never asked to facilitate). The trade-off: on an old board
 *    a participant who opens it before its creator becomes its facilitator; the creator can still
 *    get a facilitator link from them. New boards are claimed by their creator at once.
 *  - Anything else: no key, participant.
 */
import { FACILITATOR_LINK_PARAM, PRESENT_PARAM, isFacilitatorKey, newFacilitatorKey } from '@circleboard/shared'
import type { RecentBoard } from '../app/recentBoards'
import { getRecentBoard, setFacilitatorKey } from '../app/recentBoards'

export type KeySource = 'link' | 'stored' | 'legacy'

export interface KeyChoice {
  key: string | null
  source: KeySource | null
  /** The key must be stored with the board on this device. */
  save: boolean
}

/** Pure: the key to present, from the link's `f` (raw), this device's entry for the board, and a minter. */
export function chooseFacilitatorKey(linkKey: string | null, entry: RecentBoard | undefined, mint: () => string = newFacilitatorKey): KeyChoice {
  if (isFacilitatorKey(linkKey)) return { key: linkKey, source: 'link', save: entry?.facilitatorKey !== linkKey }
  if (entry?.facilitatorKey) return { key: entry.facilitatorKey, source: 'stored', save: false }
  if (entry && entry.roles !== 1) return { key: mint(), source: 'legacy', save: true }
  return { key: null, source: null, save: false }
}

/** The facilitator key in a page address, if any (raw, unvalidated). */
export function linkKeyOf(search: string): string | null {
  return new URLSearchParams(search).get(FACILITATOR_LINK_PARAM)
}

/** The address without the facilitator key, so a shared screen or a copied address never shows it. */
export function withoutLinkKey(href: string): string {
  const url = new URL(href)
  url.searchParams.delete(FACILITATOR_LINK_PARAM)
  // `?present` has no value; URLSearchParams would write it back as `present=`.
  return url.pathname + url.search.replace(`${PRESENT_PARAM}=&`, `${PRESENT_PARAM}&`).replace(new RegExp(`${PRESENT_PARAM}=$`), PRESENT_PARAM) + url.hash
}

/** Reads the link and this device's records, stores what needs storing, strips the key from the address bar. */
export async function resolveFacilitatorKey(roomId: string): Promise<KeyChoice> {
  const linkKey = linkKeyOf(location.search)
  let entry: RecentBoard | undefined
  try {
    entry = await getRecentBoard(roomId)
  } catch {
    entry = undefined
  }
  const choice = chooseFacilitatorKey(linkKey, entry)
  if (choice.save && choice.key) {
    try {
      await setFacilitatorKey(roomId, choice.key)
    } catch {
      // No storage on this device: the key works for this visit; the link is needed next time.
    }
  }
  if (linkKey !== null) history.replaceState(history.state, '', withoutLinkKey(location.href))
  return choice
}

/** Links to share, by role. The facilitator link carries the key; the others never do. */
export function facilitatorLink(origin: string, roomId: string, key: string): string {
  return `${origin}${facilitatorPath(roomId, key)}`
}

export function facilitatorPath(roomId: string, key: string): string {
  return `/b/${roomId}?${FACILITATOR_LINK_PARAM}=${encodeURIComponent(key)}`
}
