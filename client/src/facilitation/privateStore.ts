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
