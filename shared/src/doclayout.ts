/**
 * The board document: how a Circleboard board is laid out inside a Y.Doc.
 *
 * This is a public format (see docs/board-document.md): the browser binding, the relay's CLI and
 * any other tool read and write boards through these functions, so the layout lives in `shared`
 * and depends on nothing but Yjs.
 *
 *   doc.getMap('records')  record id -> Y.Map of that tldraw record's top-level fields
 *                          (plain JSON values), except `props` and `meta`, which are nested
 *                          Y.Maps of plain JSON values keyed by property name — and, from
 *                          layout 2 on, `props.richText`, which is a Y.XmlFragment
 *                          (shared/src/richTextDoc.ts).
 *   doc.getMap('board')    'schema' -> tldraw SerializedSchema (JSON), 'name' -> string,
 *                          'layout' -> this layout's version (absent = 1)
 *
 * Why per-field maps: Yjs resolves concurrent writes per map key, so one person moving a sticky
 * (x, y) while another edits its text (props.richText) touch different keys and both survive.
 * A whole-record value would make the later writer silently drop the other person's change.
 * Why a fragment for rich text: a JSON value is one key too, so two people typing in one note
 * kept only one person's words; a Y.XmlFragment updated by minimal diffs merges their characters.
 */
import * as Y from 'yjs'
import { canStoreAsFragment, readRichText, updateRichText } from './richTextDoc'

export const RECORDS_MAP = 'records'
export const BOARD_MAP = 'board'
export const BOARD_SCHEMA_KEY = 'schema'
export const BOARD_NAME_KEY = 'name'
export const BOARD_LAYOUT_KEY = 'layout'

/**
 * Layout versions: 1 = every field plain JSON (boards before rich text merged); 2 = props.richText
 * stored as a Y.XmlFragment where it can be (JSON rich text is still read, and converted on write).
 */
export const CURRENT_LAYOUT = 2
/**
 * The layout version is also written into the stored schema's `sequences` under this name.
 * Apps older than layout 2 never read board.layout, but they do refuse a schema with a sequence
 * they do not know ("saved by a newer version"), so the marker stops them before they read a
 * fragment as a string or overwrite merged text with JSON. getStoredSchema hides it again.
 */
export const LAYOUT_SEQUENCE = 'circleboard.layout'
/** The props entry stored as a Y.XmlFragment from layout 2 on. */
export const RICH_TEXT_PROP = 'richText'

/** Record fields stored as nested Y.Maps (one key per property) rather than as one JSON value. */
export const NESTED_RECORD_FIELDS = ['props', 'meta'] as const
type NestedField = (typeof NESTED_RECORD_FIELDS)[number]

/** The stored tldraw schema as far as this package checks it (tldraw's own code checks the rest). */
export interface StoredSchema {
  schemaVersion: number
  sequences?: Record<string, number>
}

function isNestedField(key: string): key is NestedField {
  return (NESTED_RECORD_FIELDS as readonly string[]).includes(key)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Deep equality for JSON-like values. Key order does not matter; `undefined` members count as absent. */
export function docValuesEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!docValuesEqual(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ao = a as Record<string, unknown>
  const bo = b as Record<string, unknown>
  const aKeys = Object.keys(ao).filter((k) => ao[k] !== undefined)
  const bKeys = Object.keys(bo).filter((k) => bo[k] !== undefined)
  if (aKeys.length !== bKeys.length) return false
  for (const k of aKeys) {
    if (!Object.prototype.hasOwnProperty.call(bo, k) || !docValuesEqual(ao[k], bo[k])) return false
  }
  return true
}

/**
 * Copies a value read out of the doc. Yjs hands out the very objects it stores (and, for local
 * writes, the objects the writer passed in), so a caller that mutated the result would silently
 * corrupt the document. Y types found where plain JSON belongs are flattened with toJSON().
 */
function cloneValue(value: unknown): unknown {
  if (value instanceof Y.AbstractType) return value.toJSON()
  if (value instanceof Uint8Array) return new Uint8Array(value)
  if (Array.isArray(value)) return value.map(cloneValue)
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = cloneValue(v)
    return out
  }
  return value
}

export function getRecordsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(RECORDS_MAP)
}

export function getBoardMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(BOARD_MAP)
}

/**
 * Reads one record map into a plain object. Defensive: whatever is stored comes back as a
 * best-effort object (a `props` that is not a Y.Map is returned as it is, stray Y types are
 * flattened); deciding whether the result is a valid record is the caller's job.
 */
export function readRecord(map: Y.Map<unknown>): Record<string, unknown> {
  // One pass over each map with forEach: entries() allocates an iterator and a pair per field,
  // which showed up when a peer sends thousands of records (BENCHMARKS.md, "Applying 5,000 shapes").
  const out: Record<string, unknown> = {}
  map.forEach((value, key) => {
    if (value instanceof Y.Map && isNestedField(key)) {
      const nested: Record<string, unknown> = {}
      if (key === 'props') value.forEach((v, k) => (nested[k] = v instanceof Y.XmlFragment ? readRichText(v) : cloneValue(v)))
      else value.forEach((v, k) => (nested[k] = cloneValue(v)))
      out[key] = nested
    } else {
      out[key] = cloneValue(value)
    }
  })
  return out
}

/**
 * Reads the record stored under `id`, or null if there is none. A plain object stored where a
 * Y.Map belongs (written by a careless tool) is returned as a best-effort copy.
 */
export function readRecordById(doc: Y.Doc, id: string): Record<string, unknown> | null {
  const value = getRecordsMap(doc).get(id)
  if (value instanceof Y.Map) return readRecord(value)
  if (isPlainObject(value)) return cloneValue(value) as Record<string, unknown>
  return null
}

/** Every record in the doc, sorted by id so two converged docs read identically. */
export function readAllRecords(doc: Y.Doc): Record<string, unknown>[] {
  const ids = [...getRecordsMap(doc).keys()].sort()
  const out: Record<string, unknown>[] = []
  for (const id of ids) {
    const record = readRecordById(doc, id)
    if (record) out.push(record)
  }
  return out
}

/** Record ids present in the doc (including ones whose content may be invalid), sorted. */
export function listRecordIds(doc: Y.Doc): string[] {
  return [...getRecordsMap(doc).keys()].sort()
}

/**
 * Writes one entry of a props/meta map if it differs. From layout 2 on, props.richText goes into
 * a Y.XmlFragment by a minimal diff (so concurrent typing merges); a JSON rich text found there
 * (an older board or app) is replaced by a fragment on this first write. Rich text that cannot be
 * stored exactly as a fragment (see canStoreAsFragment) stays one JSON value, as in layout 1.
 */
function writeNestedEntry(doc: Y.Doc, field: string, map: Y.Map<unknown>, k: string, v: unknown): void {
  if (field === 'props' && k === RICH_TEXT_PROP && canStoreAsFragment(v) && getBoardLayout(doc) >= 2) {
    const existing = map.get(k)
    if (existing instanceof Y.XmlFragment && !(existing instanceof Y.XmlElement)) {
      if (!docValuesEqual(readRichText(existing), v)) updateRichText(existing, v)
      return
    }
    const fragment = new Y.XmlFragment()
    map.set(k, fragment)
    updateRichText(fragment, v)
    return
  }
  if (!map.has(k) || !docValuesEqual(map.get(k), v)) map.set(k, v)
}

function writeNested(parent: Y.Map<unknown>, key: string, value: Record<string, unknown>): void {
  let nested = parent.get(key)
  if (!(nested instanceof Y.Map)) {
    nested = new Y.Map<unknown>()
    parent.set(key, nested)
  }
  const map = nested as Y.Map<unknown>
  const doc = parent.doc!
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) {
      if (map.has(k)) map.delete(k)
    } else {
      writeNestedEntry(doc, key, map, k, v)
    }
  }
  for (const k of [...map.keys()]) {
    if (!Object.prototype.hasOwnProperty.call(value, k) || value[k] === undefined) map.delete(k)
  }
}

/**
 * Creates the record or updates it in place, writing only the fields (and props/meta entries)
 * whose JSON value differs from what the doc holds, so concurrent edits to different fields
 * merge and an unchanged record costs nothing. Runs inside the caller's transaction if there is
 * one (pass your origin with `doc.transact(fn, origin)`).
 */
export function writeRecord<R extends { id: string }>(doc: Y.Doc, record: R): void {
  const fields = record as unknown as Record<string, unknown>
  doc.transact(() => {
    const records = getRecordsMap(doc)
    let existing = records.get(record.id)
    if (!(existing instanceof Y.Map)) {
      existing = new Y.Map<unknown>()
      records.set(record.id, existing)
    }
    const map = existing as Y.Map<unknown>
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) {
        if (map.has(key)) map.delete(key)
      } else if (isNestedField(key) && isPlainObject(value)) {
        writeNested(map, key, value)
      } else if (!map.has(key) || !docValuesEqual(map.get(key), value)) {
        map.set(key, value)
      }
    }
    for (const key of [...map.keys()]) {
      if (!Object.prototype.hasOwnProperty.call(fields, key) || fields[key] === undefined) {
        map.delete(key)
      }
    }
  })
}

/**
 * The fields that differ between two versions of a record, as keys: top-level fields by name
 * ('x'), entries of props/meta as 'props.color' / 'meta.tag'. A props/meta that is not a plain
 * object on either side counts as one top-level field.
 */
export function changedRecordFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>
): string[] {
  const out: string[] = []
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  for (const key of keys) {
    const a = before[key]
    const b = after[key]
    if (isNestedField(key) && isPlainObject(a) && isPlainObject(b)) {
      const inner = new Set([...Object.keys(a), ...Object.keys(b)])
      for (const k of inner) if (!docValuesEqual(a[k], b[k])) out.push(`${key}.${k}`)
    } else if (!docValuesEqual(a, b)) {
      out.push(key)
    }
  }
  return out
}

/**
 * Applies one local edit as a patch: writes only the fields that differ between `before` and
 * `after` (the store's versions), leaving every other field as the doc has it — including
 * fields someone else changed meanwhile, which a whole-record diff against the doc would revert.
 * `skipField` can hold fields back (keys as in changedRecordFields).
 *
 * Returns the field keys written, or null when the record is not in the doc: it was deleted
 * concurrently, and a delete wins over an edit (the same rule Yjs applies to nested maps).
 */
export function writeRecordChanges<R extends { id: string }>(
  doc: Y.Doc,
  before: R,
  after: R,
  skipField?: (key: string) => boolean
): string[] | null {
  const map = getRecordsMap(doc).get(after.id)
  if (!(map instanceof Y.Map)) return null
  const a = after as unknown as Record<string, unknown>
  const fields = changedRecordFields(before as unknown as Record<string, unknown>, a).filter(
    (key) => !skipField?.(key)
  )
  if (fields.length === 0) return fields
  doc.transact(() => {
    for (const field of fields) {
      const dot = field.indexOf('.')
      const top = dot === -1 ? field : field.slice(0, dot)
      if (dot !== -1 && isNestedField(top)) {
        const sub = field.slice(dot + 1)
        let nested = map.get(top)
        if (!(nested instanceof Y.Map)) {
          // props/meta missing or garbage in the doc: rewrite it whole from our version
          writeNested(map, top, a[top] as Record<string, unknown>)
          continue
        }
        const value = (a[top] as Record<string, unknown>)[sub]
        if (value === undefined) nested.delete(sub)
        else writeNestedEntry(doc, top, nested, sub, value)
      } else {
        const value = a[field]
        if (value === undefined) map.delete(field)
        else if (isNestedField(field) && isPlainObject(value)) writeNested(map, field, value)
        else if (!docValuesEqual(map.get(field), value)) map.set(field, value)
      }
    }
  })
  return fields
}

/** Removes a record. Removing one that is not there writes nothing. */
export function deleteRecord(doc: Y.Doc, id: string): void {
  const records = getRecordsMap(doc)
  if (!records.has(id)) return
  doc.transact(() => records.delete(id))
}

export function getBoardName(doc: Y.Doc): string | null {
  const name = getBoardMap(doc).get(BOARD_NAME_KEY)
  return typeof name === 'string' ? name : null
}

export function setBoardName(doc: Y.Doc, name: string): void {
  const board = getBoardMap(doc)
  if (board.get(BOARD_NAME_KEY) === name) return
  doc.transact(() => board.set(BOARD_NAME_KEY, name))
}

/**
 * The tldraw schema the records were written with, or null when there is none or it is not even
 * shaped like a schema (an object with a numeric `schemaVersion`). The layout marker
 * (LAYOUT_SEQUENCE) is left out: it is ours, not tldraw's.
 */
export function getStoredSchema(doc: Y.Doc): StoredSchema | null {
  const value = getBoardMap(doc).get(BOARD_SCHEMA_KEY)
  if (!isPlainObject(value) || typeof value.schemaVersion !== 'number') return null
  const schema = cloneValue(value) as StoredSchema
  if (isPlainObject(schema.sequences)) delete schema.sequences[LAYOUT_SEQUENCE]
  return schema
}

/** The schema as stored: with the layout marker when the board's layout is 2 or more. */
function withLayoutMarker(schema: StoredSchema, layout: number): StoredSchema {
  if (layout < 2) return schema
  const sequences = isPlainObject(schema.sequences) ? schema.sequences : {}
  return { ...schema, sequences: { ...sequences, [LAYOUT_SEQUENCE]: layout } }
}

export function setStoredSchema(doc: Y.Doc, schema: StoredSchema): void {
  const board = getBoardMap(doc)
  const stored = withLayoutMarker(schema, getBoardLayout(doc))
  if (docValuesEqual(board.get(BOARD_SCHEMA_KEY), stored)) return
  doc.transact(() => board.set(BOARD_SCHEMA_KEY, stored))
}

/**
 * The board's layout version: board.layout, or the schema's layout marker if that is higher
 * (either may have lost a concurrent write); 1 when neither is there. A value above
 * CURRENT_LAYOUT means a newer app wrote the board: do not write to it.
 */
export function getBoardLayout(doc: Y.Doc): number {
  const board = getBoardMap(doc)
  let layout = 1
  const key = board.get(BOARD_LAYOUT_KEY)
  if (typeof key === 'number' && Number.isInteger(key) && key > layout) layout = key
  const schema = board.get(BOARD_SCHEMA_KEY)
  if (isPlainObject(schema) && isPlainObject(schema.sequences)) {
    const marker = schema.sequences[LAYOUT_SEQUENCE]
    if (typeof marker === 'number' && Number.isInteger(marker) && marker > layout) layout = marker
  }
  return layout
}

/**
 * Brings the board to the current layout, or keeps it there: sets board.layout and the schema's
 * marker when missing, and turns every JSON props.richText of the given records (all when `ids`
 * is omitted) that can be stored exactly into a Y.XmlFragment holding the same text. Idempotent:
 * writes nothing when there is nothing to do. Reading any record gives the same result before and
 * after. Never call it on a board whose layout is newer than CURRENT_LAYOUT (it throws).
 * Run it in a transaction with your own origin. Returns how many rich texts were converted.
 */
export function upgradeBoardLayout(doc: Y.Doc, ids?: Iterable<string>): number {
  const layout = getBoardLayout(doc)
  if (layout > CURRENT_LAYOUT) throw new Error(`board layout ${layout} is newer than this app's ${CURRENT_LAYOUT}`)
  let converted = 0
  doc.transact(() => {
    const board = getBoardMap(doc)
    if (board.get(BOARD_LAYOUT_KEY) !== CURRENT_LAYOUT) board.set(BOARD_LAYOUT_KEY, CURRENT_LAYOUT)
    const schema = getStoredSchema(doc)
    if (schema) setStoredSchema(doc, schema)
    const records = getRecordsMap(doc)
    for (const id of ids ?? [...records.keys()]) {
      const record = records.get(id)
      if (!(record instanceof Y.Map)) continue
      const props = record.get('props')
      if (!(props instanceof Y.Map)) continue
      const value = props.get(RICH_TEXT_PROP)
      if (value instanceof Y.AbstractType || !canStoreAsFragment(value)) continue
      const fragment = new Y.XmlFragment()
      props.set(RICH_TEXT_PROP, fragment)
      updateRichText(fragment, value)
      converted++
    }
  })
  return converted
}

/** True when some record of the doc (or of `ids`) still holds JSON rich text that would convert. */
export function needsLayoutUpgrade(doc: Y.Doc, ids?: Iterable<string>): boolean {
  if (getBoardLayout(doc) < CURRENT_LAYOUT || getBoardMap(doc).get(BOARD_LAYOUT_KEY) !== CURRENT_LAYOUT) return true
  const schema = getBoardMap(doc).get(BOARD_SCHEMA_KEY)
  if (isPlainObject(schema) && (!isPlainObject(schema.sequences) || schema.sequences[LAYOUT_SEQUENCE] !== CURRENT_LAYOUT)) return true
  const records = getRecordsMap(doc)
  for (const id of ids ?? records.keys()) {
    const record = records.get(id)
    const props = record instanceof Y.Map ? record.get('props') : undefined
    if (!(props instanceof Y.Map)) continue
    const value = props.get(RICH_TEXT_PROP)
    if (!(value instanceof Y.AbstractType) && canStoreAsFragment(value)) return true
  }
  return false
}
