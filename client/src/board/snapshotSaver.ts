/**
 * Keeping this device's picture of a board current (storeSnapshot.ts). Loaded once the board is
 * bound (session.ts), not with the first load: the open needs only to read the picture.
 */
import type { TLStore } from 'tldraw'
import { SNAPSHOT_FORMAT, type BoardSnapshot } from './storeSnapshot'

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
