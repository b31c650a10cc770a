/**
 * Restoring a version: the difference between the board now and the version's records, written as
 * ordinary edits through the editor (DESIGN.md, "Versions"). One history step, so Ctrl+Z undoes the
 * whole restore; the binding syncs it to everyone as normal edits, so every peer and every offline
 * copy converges on it, and the lock guard sees it as this person's own gesture.
 *
 * Only document records are touched (shapes, bindings, assets, pages, the document): never
 * cameras, instance state or presence. Notes this device keeps private (before a reveal) are left
 * alone: they were never in any version.
 */
import type { Editor, TLRecord, TLStore } from 'tldraw'
import * as Y from 'yjs'
import { getStoredSchema, readAllRecords } from '@circleboard/shared'
import { prepareRecords, type PrepareResult } from '../plan/fileRecords'

export interface RestoreDiff {
  /** Records to write (new, or different from the board's), parents before children. */
  puts: TLRecord[]
  /** Ids of records on the board the version does not have. */
  removes: TLRecord['id'][]
}

export interface DiffOptions {
  /** Document-scope type names (store.scopedTypes.document); anything else is ignored on both sides. */
  documentTypes: ReadonlySet<string>
  /** Records on the board to leave alone whatever the version says (private notes). */
  keep?: (record: TLRecord) => boolean
}

/** Structural equality of JSON-like values (records are plain data). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    return a.length === bb.length && a.every((x, i) => sameValue(x, bb[i]))
  }
  const ao = a as Record<string, unknown>
  const bo = b as Record<string, unknown>
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined)
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined)
  return ak.length === bk.length && ak.every((k) => sameValue(ao[k], bo[k]))
}

const TYPE_ORDER: Record<string, number> = { document: 0, page: 1, asset: 2, shape: 3, binding: 4 }

/** Puts and removes that turn `current` into `target` (document records only). Pure. */
export function restoreDiff(current: readonly TLRecord[], target: readonly TLRecord[], opts: DiffOptions): RestoreDiff {
  const isDoc = (r: TLRecord) => opts.documentTypes.has(r.typeName)
  const now = new Map<string, TLRecord>()
  for (const r of current) if (isDoc(r)) now.set(r.id, r)
  const kept = (r: TLRecord | undefined) => !!r && !!opts.keep?.(r)
  const wanted = new Map<string, TLRecord>()
  for (const r of target) if (isDoc(r)) wanted.set(r.id, r)

  const puts: TLRecord[] = []
  for (const r of wanted.values()) {
    const there = now.get(r.id)
    if (kept(there)) continue
    if (!there || !sameValue(there, r)) puts.push(r)
  }
  // Parents first: pages before shapes, a frame before what sits in it, bindings last.
  const depth = (r: TLRecord): number => {
    let d = 0
    let p = r.typeName === 'shape' ? (r as { parentId: string }).parentId : undefined
    const seen = new Set<string>()
    while (p && wanted.has(p) && !seen.has(p) && d < 1000) {
      seen.add(p)
      d++
      const parent = wanted.get(p)!
      p = parent.typeName === 'shape' ? (parent as { parentId: string }).parentId : undefined
    }
    return d
  }
  puts.sort((a, b) => (TYPE_ORDER[a.typeName] ?? 5) - (TYPE_ORDER[b.typeName] ?? 5) || depth(a) - depth(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))

  const removes: TLRecord['id'][] = []
  for (const r of now.values()) {
    // The board's one document record is replaced, never removed.
    if (r.typeName === 'document' || wanted.has(r.id) || kept(r)) continue
    removes.push(r.id)
  }
  return { puts, removes }
}

/** Bound on a version's state this device decodes (a board that big is far beyond any session). */
export const MAX_VERSION_STATE_BYTES = 100 * 1024 * 1024

/**
 * The records of a version from its Yjs state (untrusted bytes): decoded into a temporary doc,
 * read with the binding's readers, brought to this app's schema and validated like a board file.
 */
export function versionRecords(store: TLStore, state: Uint8Array): PrepareResult {
  if (state.byteLength > MAX_VERSION_STATE_BYTES) return { ok: false, error: 'This version is too large to open on this device.' }
  const doc = new Y.Doc({ gc: true })
  try {
    try {
      Y.applyUpdate(doc, state)
    } catch {
      return { ok: false, error: 'This version could not be read (its data is damaged).' }
    }
    return prepareRecords(store, readAllRecords(doc) as Array<{ id: string; typeName: string }>, getStoredSchema(doc))
  } finally {
    doc.destroy()
  }
}

/**
 * Writes a diff through the editor as one history step (one Ctrl+Z undoes it). Puts go first, so
 * the board never passes through having no page. Returns how many records changed.
 */
export function applyRestore(editor: Editor, diff: RestoreDiff): number {
  if (!diff.puts.length && !diff.removes.length) return 0
  editor.markHistoryStoppingPoint('restore version')
  editor.run(
    () => {
      if (diff.puts.length) editor.store.put(diff.puts)
      const still = diff.removes.filter((id) => editor.store.has(id))
      if (still.length) editor.store.remove(still)
    },
    { ignoreShapeLock: true },
  )
  return diff.puts.length + diff.removes.length
}

/** The whole restore from records: the diff against the editor's board now, applied. */
export function restoreRecords(editor: Editor, target: readonly TLRecord[], keep?: (r: TLRecord) => boolean): RestoreDiff {
  const diff = restoreDiff(editor.store.allRecords(), target, { documentTypes: editor.store.scopedTypes.document as ReadonlySet<string>, keep })
  applyRestore(editor, diff)
  return diff
}
