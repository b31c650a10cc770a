/**
 * Where notes written privately are kept on this device until the reveal: one idb-keyval entry
 * per board in idb-keyval's default database (`keyval-store`). Small on purpose: the device-data
 * code (app/deviceData.ts) removes them with the board without loading the editor's code.
 */
import { clear, del } from 'idb-keyval'

export const PRIVATE_NOTES_DB = 'keyval-store'

export const privateNotesKey = (boardKey: string) => `circleboard.private.${boardKey}`

/** Removes the private notes this device keeps for a board. */
export function forgetPrivateNotes(boardKey: string): Promise<void> {
  return del(privateNotesKey(boardKey))
}

/**
 * Removes every board's private notes. (Emptied rather than only deleted: idb-keyval keeps its
 * database open for the page's life, so deleting the database would wait until the page closes.)
 */
export function forgetAllPrivateNotes(): Promise<void> {
  return clear()
}

/**
 * The private round this device last heard was being written on a board (localStorage, per board),
 * so that a note written just after a reload is marked before the relay has said so again: the
 * board shows, and can be written on, before the relay connects (board/session.ts).
 */
const roundKey = (boardKey: string) => `circleboard.privateRound.${boardKey}`

export function rememberWritingRound(boardKey: string, round: string | null) {
  try {
    if (round) localStorage.setItem(roundKey(boardKey), round.slice(0, 200))
    else localStorage.removeItem(roundKey(boardKey))
  } catch {
    // No storage: only the relay's word counts, as before.
  }
}

export function rememberedWritingRound(boardKey: string): string | null {
  try {
    return localStorage.getItem(roundKey(boardKey)) || null
  } catch {
    return null
  }
}
