/**
 * What this device keeps, and how a person removes it. Boards hold personal plans; on a shared
 * computer (a library, a community centre) people must be able to leave nothing behind.
 *
 * Per board this device keeps: the board's IndexedDB database (its Y.Doc and the picture of the
 * board it opens on), an entry in the recent-boards list, any versions saved on this device while
 * the relay was out of reach, and notes written privately that have not been revealed. "Forget
 * everything" also clears the app's caches, its service worker, the identity and every
 * Circleboard database.
 */
import * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import { relayHasAllOf } from '@circleboard/shared'
import { localDbName } from '../board/localDb'
import { forgetView } from '../board/firstView'
import { fetchRelaySnapshot } from '../board/relayApi'
import { closeRecentBoards, forgetRecentBoard } from './recentBoards'
import { forgetIdentity } from './identity'
import { loadPart } from '../board/loadPart'
import { PRIVATE_NOTES_DB, forgetAllPrivateNotes, forgetPrivateNotes, rememberWritingRound } from '../facilitation/privateStore'

export type RelayCheck =
  | { kind: 'all-on-relay' }
  | { kind: 'not-on-relay'; message: string }
  | { kind: 'unknown'; message: string }

/** Check that the relay holds every change this device holds for a board. */
export async function checkRelayHasBoard(roomId: string, doc?: Y.Doc): Promise<RelayCheck> {
  const snapshot = await fetchRelaySnapshot(roomId)
  if (!snapshot) {
    return {
      kind: 'unknown',
      message: 'The relay cannot be reached, so Circleboard cannot check that it has a copy of this board.',
    }
  }
  const local = doc ?? (await loadLocalDoc(roomId))
  try {
    return relayHasAllOf(snapshot, local)
      ? { kind: 'all-on-relay' }
      : {
          kind: 'not-on-relay',
          message: 'Some changes on this device have not reached the relay yet. Removing the board now would lose them.',
        }
  } finally {
    if (!doc) local.destroy()
  }
}

async function loadLocalDoc(roomId: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  const idb = new IndexeddbPersistence(localDbName(roomId), doc)
  await idb.whenSynced
  await idb.destroy()
  return doc
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name)
    req.onsuccess = () => resolve()
    req.onerror = () => reject(req.error ?? new Error(`could not delete ${name}`))
    // Another tab still has it open: the delete completes when that tab lets go.
    req.onblocked = () => resolve()
  })
}

/** Remove one board's copy from this device (the relay's copy is untouched). */
export async function removeBoardFromDevice(roomId: string) {
  await deleteDatabase(localDbName(roomId, 'edit'))
  // Versions kept here are copies of the board too: they go with it.
  // (loaded when needed: versions are not in the board's first load)
  const { deleteLocalVersions } = await loadPart(() => import('../versions/localVersions'))
  await deleteLocalVersions(roomId)
  // Notes written privately and never revealed are this person's words on this board: they go too.
  await forgetPrivateNotes(roomId)
  rememberWritingRound(roomId, null)
  await forgetRecentBoard(roomId)
  // Where this person was looking on it: on a shared computer it says the board was here.
  forgetView(roomId)
}

/** Remove every trace of Circleboard from this browser. */
export async function forgetEverything() {
  await closeRecentBoards()
  const names = indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name ?? '') : []
  for (const name of names) {
    if (name.startsWith('circleboard-')) await deleteDatabase(name)
  }
  // Private notes live in idb-keyval's default database, which has no circleboard- prefix (and
  // which a browser without indexedDB.databases() would not list).
  await forgetAllPrivateNotes()
  await deleteDatabase(PRIVATE_NOTES_DB)
  if ('caches' in globalThis) {
    for (const key of await caches.keys()) await caches.delete(key)
  }
  if ('serviceWorker' in navigator) {
    for (const reg of await navigator.serviceWorker.getRegistrations()) await reg.unregister()
  }
  forgetIdentity()
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith('circleboard') || key.startsWith('TLDRAW')) localStorage.removeItem(key)
  }
}
