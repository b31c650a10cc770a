/**
 * Locked zones, enforced by the relay. While the facilitation state locks zones (or a list of
 * shape ids), a participant's change to a locked record is undone: Yjs cannot refuse part of an
 * update, and refusing a whole update would leave that client's document diverged for good, so
 * the update is applied as always and the relay then writes the locked records back to their last
 * good values, in its own transaction, which is stored and relayed to everyone like any update.
 *
 * Cost: nothing while no lock is on. With a lock on, each transaction costs a walk over the types
 * it changed (`transaction.changed`, up to the records map) — never a scan of the board. The
 * board is scanned once when a lock is turned on or changed (to cache the locked records' values).
 *
 * The cache of good values is kept from writes that are allowed to change locked records: the
 * facilitator's, the relay's own. A record created by a participant that is locked by its kind
 * (a new cb-zone) is cached as created: creating shapes is not restricted, changing them is.
 */
import { getRecordsMap, readRecord, readRecordById, writeRecord, writeRecordChanges } from '@circleboard/shared'
import * as Y from 'yjs'

/** The shape type that `lock.zones` locks. */
export const ZONE_SHAPE_TYPE = 'cb-zone'
/** Bounds the walk up from a changed type to its record (rich text nests a few levels). */
const MAX_DEPTH = 32

export type LockSettings = { zones: boolean; ids: readonly string[] }

export class LockGuard {
  private zones = false
  private ids = new Set<string>()
  /** Last good value of every locked record (id -> record as plain JSON). */
  private readonly cache = new Map<string, Record<string, unknown>>()
  /** Locked records a participant transaction touched, not yet restored. */
  private readonly violated = new Set<string>()

  constructor(
    private readonly doc: Y.Doc,
    /** Whether a transaction origin is restricted (a participant's connection). */
    private readonly restricted: (origin: unknown) => boolean,
    /** Origin of the relay's own restoring writes. */
    private readonly relayOrigin: unknown,
  ) {
    doc.on('afterTransaction', this.onAfterTransaction)
  }

  get active(): boolean {
    return this.zones || this.ids.size > 0
  }

  /** Sets what is locked and rebuilds the cache of good values (one pass over the records). */
  configure(lock: LockSettings): void {
    this.zones = lock.zones
    this.ids = new Set(lock.ids)
    this.cache.clear()
    this.violated.clear()
    if (!this.active) return
    const records = getRecordsMap(this.doc)
    if (this.zones) {
      for (const [id, value] of records.entries()) {
        if (value instanceof Y.Map && value.get('type') === ZONE_SHAPE_TYPE) this.cache.set(id, readRecord(value))
        else if (!(value instanceof Y.Map) && this.lockedByKind(id)) this.cacheCurrent(id)
      }
    }
    for (const id of this.ids) this.cacheCurrent(id)
  }

  /** Ids of locked records whose good value is known (tests, diagnostics). */
  cachedIds(): string[] {
    return [...this.cache.keys()]
  }

  private lockedByKind(id: string): boolean {
    if (!this.zones) return false
    const value = getRecordsMap(this.doc).get(id)
    if (value instanceof Y.Map) return value.get('type') === ZONE_SHAPE_TYPE
    return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === ZONE_SHAPE_TYPE
  }

  private cacheCurrent(id: string): void {
    const record = readRecordById(this.doc, id)
    if (record) this.cache.set(id, record)
    else this.cache.delete(id)
  }

  /** The record ids a transaction changed, added, replaced or deleted. */
  private touchedIds(tr: Y.Transaction): Set<string> {
    const out = new Set<string>()
    const records: Y.AbstractType<any> = getRecordsMap(this.doc)
    for (const [type, keys] of tr.changed) {
      if (type === records) {
        for (const k of keys) if (k !== null) out.add(k)
        continue
      }
      let t = type
      for (let depth = 0; depth < MAX_DEPTH; depth++) {
        const item = t._item
        if (!item) break
        const parent = item.parent
        if (parent === records) {
          if (typeof item.parentSub === 'string') out.add(item.parentSub)
          break
        }
        if (!(parent instanceof Y.AbstractType)) break
        t = parent
      }
    }
    return out
  }

  private readonly onAfterTransaction = (tr: Y.Transaction): void => {
    if (!this.active || tr.changed.size === 0) return
    const touched = this.touchedIds(tr)
    if (touched.size === 0) return
    if (this.restricted(tr.origin)) {
      for (const id of touched) {
        if (this.cache.has(id)) this.violated.add(id)
        // Created now (locked by its kind, or an id the facilitator listed before it existed).
        else if (this.ids.has(id) || this.lockedByKind(id)) this.cacheCurrent(id)
      }
      return
    }
    for (const id of touched) {
      if (this.ids.has(id) || this.lockedByKind(id)) this.cacheCurrent(id)
      else this.cache.delete(id)
    }
  }

  /**
   * Writes every locked record a participant changed back to its good value, in one transaction
   * with the relay's origin. Returns the ids that were restored (empty: nothing to do).
   */
  restoreViolations(): string[] {
    if (this.violated.size === 0) return []
    const ids = [...this.violated]
    this.violated.clear()
    const restored: string[] = []
    this.doc.transact(() => {
      for (const id of ids) {
        const good = this.cache.get(id)
        if (!good) continue
        const map = getRecordsMap(this.doc).get(id)
        const current = map instanceof Y.Map ? readRecord(map) : null
        if (current) {
          const written = writeRecordChanges(this.doc, current as { id: string }, good as { id: string })
          if (written && written.length > 0) restored.push(id)
        } else {
          // Deleted (or replaced by something that is not a record): write it back whole.
          writeRecord(this.doc, good as { id: string })
          restored.push(id)
        }
      }
    }, this.relayOrigin)
    return restored
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onAfterTransaction)
    this.cache.clear()
    this.violated.clear()
  }
}
