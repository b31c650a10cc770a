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

export function takeBoardSnapshot(store: TLStore, boardName: string, now = Date.now()): BoardSnapshot {
  return { format: SNAPSHOT_FORMAT, savedAt: now, boardName, store: store.getStoreSnapshot('document') }
}

export interface SnapshotSaverOptions {
  store: TLStore
  /** Writes the picture (y-indexeddb's `set`). */
  write(snapshot: BoardSnapshot): Promise<unknown>
  boardName(): string
  /** Whether the store already differs from the stored picture (there is none, say). */
  dirty: boolean
  /** Quiet time after the last change before the picture is taken. */
  delayMs?: number
  /** The picture is taken at the latest this long after the first unsaved change. */
  maxDelayMs?: number
}

/**
 * Keeps the picture current: taken when changes have been quiet for `delayMs` (at most
 * `maxDelayMs` after the first), when the page is hidden, and when the board closes.
 */
export class SnapshotSaver {
  private dirty: boolean
  private timer: ReturnType<typeof setTimeout> | null = null
  private firstUnsaved = 0
  private writing: Promise<unknown> | null = null
  private readonly unlisten: () => void
  private stopped = false

  constructor(private readonly opts: SnapshotSaverOptions) {
    this.dirty = opts.dirty
    this.firstUnsaved = Date.now()
    this.unlisten = opts.store.listen(() => this.changed(), { scope: 'document' })
    if (this.dirty) this.schedule()
  }

  /** Something the picture holds changed (the store's document records, or the board's name). */
  changed() {
    if (this.stopped) return
    if (!this.dirty) this.firstUnsaved = Date.now()
    this.dirty = true
    this.schedule()
  }

  private schedule() {
    if (this.timer) clearTimeout(this.timer)
    const delay = this.opts.delayMs ?? 1500
    const latest = this.firstUnsaved + (this.opts.maxDelayMs ?? 10_000) - Date.now()
    this.timer = setTimeout(() => {
      this.timer = null
      // Taking the picture of a large board takes a few milliseconds: not in the middle of a gesture.
      if (typeof requestIdleCallback === 'function') requestIdleCallback(() => void this.save(), { timeout: 2000 })
      else void this.save()
    }, Math.max(0, Math.min(delay, latest)))
  }

  /** Takes the picture now if anything changed since the last. */
  save(): Promise<unknown> {
    if (!this.dirty) return this.writing ?? Promise.resolve()
    this.dirty = false
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    let snapshot: BoardSnapshot
    try {
      snapshot = takeBoardSnapshot(this.opts.store, this.opts.boardName())
    } catch (error) {
      console.warn('[circleboard] could not take a picture of the board for the next open', error)
      return Promise.resolve()
    }
    const write = this.opts.write(snapshot).catch((error) => {
      // Storage full or gone: the next open reads the doc, as it always could.
      console.warn('[circleboard] could not keep a picture of the board for the next open', error)
    })
    this.writing = write
    return write
  }

  /** Stops without saving (the store no longer shows this board as it is). */
  cancel() {
    this.stopped = true
    this.dirty = false
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.unlisten()
  }

  /** Saves what is unsaved and stops. */
  dispose(): Promise<unknown> {
    if (this.stopped) return this.writing ?? Promise.resolve()
    const last = this.save()
    this.stopped = true
    this.unlisten()
    return last
  }
}
