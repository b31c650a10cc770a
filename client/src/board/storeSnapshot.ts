/**
 * This device's picture of a board: a snapshot of the tldraw store, kept beside the board's Y.Doc
 * in the board's own IndexedDB database (y-indexeddb's `custom` object store, so removing the
 * board from this device removes it too).
 *
 * Opening a board this device has, tldraw mounts on the picture at once, as a plain tldraw app
 * opens its own snapshot, and the Y.Doc is read and bound once the canvas has painted (session.ts;
 * issue 13, item 5). The doc stays the truth: binding corrects the store to it, and whatever was
 * changed on the picture meanwhile is written to the doc first (sync/binding.ts, `earlyEdits`).
 *
 * The picture is read like everything else from storage: shape-checked here, only document records
 * kept, other hosts' addresses emptied, and every record validated by tldraw's store on load. One
 * that does not load is ignored whole: the board then opens from its doc, as it did before.
 */
import type { TLRecord, TLStore, TLStoreSnapshot } from 'tldraw'
import { withoutExternalUrls } from '../sync/externalUrls'

/** The key in y-indexeddb's `custom` store. */
export const SNAPSHOT_KEY = 'circleboard.storeSnapshot'
export const SNAPSHOT_FORMAT = 1
/** A read that takes longer than this is given up: the board opens from its doc. */
export const SNAPSHOT_READ_TIMEOUT_MS = 2000

export interface BoardSnapshot {
  format: typeof SNAPSHOT_FORMAT
  /** When it was taken (ms since 1970). */
  savedAt: number
  /** The board's name then (it lives in the doc, not in the store). */
  boardName: string
  store: TLStoreSnapshot
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The stored value if it has the picture's shape, else null. Records are checked on load. */
export function parseBoardSnapshot(value: unknown): BoardSnapshot | null {
  if (!isObject(value) || value.format !== SNAPSHOT_FORMAT) return null
  if (typeof value.savedAt !== 'number' || typeof value.boardName !== 'string') return null
  const store = value.store
  if (!isObject(store) || !isObject(store.store) || !isObject(store.schema)) return null
  return { format: SNAPSHOT_FORMAT, savedAt: value.savedAt, boardName: value.boardName.slice(0, 120), store: store as unknown as TLStoreSnapshot }
}

/**
 * Reads the picture from the board's database without creating or changing that database: a
 * board this device has never had (no database) gives null and leaves nothing behind.
 */
export function readBoardSnapshot(dbName: string, timeoutMs = SNAPSHOT_READ_TIMEOUT_MS): Promise<BoardSnapshot | null> {
  return new Promise((resolve) => {
    let done = false
    const finish = (value: BoardSnapshot | null) => {
      if (done) return
      done = true
      clearTimeout(timer)
      resolve(value)
    }
    const timer = setTimeout(() => finish(null), timeoutMs)
    let req: IDBOpenDBRequest
    try {
      req = indexedDB.open(dbName)
    } catch {
      finish(null)
      return
    }
    // No such database: abort its creation (y-indexeddb creates it, with its stores, when it opens).
    req.onupgradeneeded = () => req.transaction?.abort()
    req.onerror = (e) => {
      e.preventDefault?.()
      finish(null)
    }
    req.onblocked = () => finish(null)
    req.onsuccess = () => {
      const db = req.result
      const close = () => db.close()
      if (done || !db.objectStoreNames.contains('custom')) {
        close()
        finish(null)
        return
      }
      try {
        const get = db.transaction('custom', 'readonly').objectStore('custom').get(SNAPSHOT_KEY)
        get.onsuccess = () => {
          close()
          finish(parseBoardSnapshot(get.result))
        }
        get.onerror = () => {
          close()
          finish(null)
        }
      } catch {
        close()
        finish(null)
      }
    }
  })
}

/**
 * Loads a picture into an empty store. Only document records are taken, with other hosts'
 * addresses emptied (as for anything read from outside, externalUrls.ts); tldraw validates each
 * record and migrates an older picture. Throws if any of it does not load: the caller then opens
 * the board from its doc with a fresh store.
 */
export function loadBoardSnapshot(store: TLStore, snapshot: BoardSnapshot) {
  const documentTypes = store.scopedTypes.document as ReadonlySet<string>
  const records: Record<string, TLRecord> = {}
  for (const [id, value] of Object.entries(snapshot.store.store as Record<string, unknown>)) {
    if (!isObject(value) || value.id !== id || typeof value.typeName !== 'string' || !documentTypes.has(value.typeName)) continue
    records[id] = withoutExternalUrls(value as unknown as TLRecord)
  }
  store.loadStoreSnapshot({ schema: snapshot.store.schema, store: records } as TLStoreSnapshot)
}
