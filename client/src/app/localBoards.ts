/**
 * Operations on a board's copy in this browser without opening the canvas: set its name from the
 * home page. The name lives in the board's Y.Doc (so everyone sees it) and is mirrored in the
 * recent-boards list; the change reaches the relay the next time the board is opened.
 */
import * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import { newFacilitatorKey, setBoardName } from '@circleboard/shared'
import { localDbName } from '../board/localDb'
import { rememberBoard, renameRecentBoard, setFacilitatorKey } from './recentBoards'

export async function setLocalBoardName(roomId: string, name: string) {
  const doc = new Y.Doc()
  const idb = new IndexeddbPersistence(localDbName(roomId), doc)
  try {
    await idb.whenSynced
    setBoardName(doc, name)
  } finally {
    // Closing the database waits for the write transaction the update started.
    await idb.destroy()
    doc.destroy()
  }
  await renameRecentBoard(roomId, name)
}

/**
 * A new board: its name, its entry in this device's list, and a fresh facilitator key kept with
 * it (this device facilitates the board; the relay takes the first key it is shown for a board).
 */
export async function createLocalBoard(roomId: string, name: string, facilitatorKey: string = newFacilitatorKey()) {
  if (name.trim()) await setLocalBoardName(roomId, name.trim())
  await rememberBoard(roomId, name.trim())
  await setFacilitatorKey(roomId, facilitatorKey)
}
