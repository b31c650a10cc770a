/**
 * Repairs the binding (and file import) apply to records from outside, each computed from the
 * records alone, so every peer that holds the same doc arrives at the same repair — whether it
 * saw the record arrive or loads the board fresh. That is what keeps peers converged when the
 * doc holds something tldraw cannot show as it is (docs/board-document.md, "What the binding
 * defends").
 */
import type { SerializedSchema, TLRecord, TLStore } from 'tldraw'

type Schema = TLStore['schema']

/** What the parent walk needs to know about a record. */
export interface ParentInfo {
  typeName: string
  parentId?: unknown
}

/**
 * Shapes whose parent chain does not reach a page, and which shape to re-home to break it:
 * - a shape whose parent is missing (or is not a shape or page) is itself re-homed;
 * - in a cycle (a shape that is its own parent, or shapes that are each other's) the member with
 *   the lowest id is re-homed, so the rest keep their frame and every peer picks the same one.
 * The walk is bounded by `limit` (the number of records), so no input can make it loop:
 * tldraw's own page lookup (isShapeInPage) has no such bound and spins forever on a cycle.
 */
export function findUnrootedShapes(
  candidates: Iterable<string>,
  get: (id: string) => ParentInfo | undefined,
  limit: number
): Set<string> {
  const fixes = new Set<string>()
  const rooted = new Set<string>()
  for (const start of candidates) {
    const path: string[] = []
    const onPath = new Map<string, number>()
    let id = start
    for (;;) {
      if (rooted.has(id) || fixes.has(id)) break
      const record = get(id)
      if (!record || record.typeName !== 'shape') break
      onPath.set(id, path.length)
      path.push(id)
      const parentId = typeof record.parentId === 'string' ? record.parentId : ''
      const parent = parentId ? get(parentId) : undefined
      if (parent?.typeName === 'page') break
      if (!parent || parent.typeName !== 'shape' || path.length > limit) {
        fixes.add(id)
        break
      }
      const at = onPath.get(parentId)
      if (at !== undefined) {
        fixes.add(path.slice(at).sort()[0])
        break
      }
      id = parentId
    }
    for (const x of path) rooted.add(x)
  }
  return fixes
}

/** The page re-homed shapes go to: the first page by index, then id (the same on every peer). */
export function firstPage<P extends { id: string; index?: unknown }>(pages: Iterable<P>): P | undefined {
  let best: P | undefined
  for (const page of pages) {
    if (!best) best = page
    else {
      const a = String(page.index ?? '')
      const b = String(best.index ?? '')
      if (a < b || (a === b && page.id < best.id)) best = page
    }
  }
  return best
}

/** The migration sequence ids a record's version is kept in (e.g. shape + shape.note). */
function sequencesOf(schema: Schema, raw: Record<string, unknown>): string[] {
  const typeName = String(raw.typeName)
  const out: string[] = []
  const base = `com.tldraw.${typeName}`
  const sequences = schema.serialize().sequences
  if (base in sequences) out.push(base)
  if (typeof raw.type === 'string') {
    const sub = `${base}.${raw.type}`
    if (sub in sequences) out.push(sub)
    else {
      // custom shapes name their own sequence; find the one whose suffix is the type
      const custom = Object.keys(sequences).find((k) => k.endsWith(`.${raw.type}`) && k !== base)
      if (custom) out.push(custom)
    }
  }
  return out
}

const MAX_MIGRATION_TRIES = 64

/**
 * A record that fails validation may have been written by an older app after the board was
 * upgraded (an old app that was offline keeps writing its own format). Try reading it as written
 * by each older version of its own migration sequences, newest first, and return the first that
 * migrates to a valid record. Deterministic: every peer with this app tries the same versions.
 */
export function migrateFromOlder(
  schema: Schema,
  raw: Record<string, unknown>,
  validate: (candidate: Record<string, unknown>) => TLRecord
): TLRecord | null {
  const current = schema.serialize()
  const seqs = sequencesOf(schema, raw)
  if (seqs.length === 0) return null
  // The subtype sequence (the most specific, e.g. shape.note) changes most often: step it down
  // first, then the base sequence (shape) with each subtype version again.
  const sub = seqs[seqs.length - 1]
  const base = seqs.length === 2 ? seqs[0] : undefined
  let tries = 0
  // tldraw logs every migration that throws; here a throw only means "not this version".
  const log = console.error
  console.error = () => {}
  try {
    return stepDown()
  } finally {
    console.error = log
  }
  function stepDown(): TLRecord | null {
    for (let b = base === undefined ? 0 : current.sequences[base]; b >= 0; b--) {
      for (let a = current.sequences[sub]; a >= 0; a--) {
        if (a === current.sequences[sub] && (base === undefined || b === current.sequences[base])) continue
        if (++tries > MAX_MIGRATION_TRIES) return null
        const from: SerializedSchema = {
          ...current,
          sequences: { ...current.sequences, [sub]: a, ...(base === undefined ? {} : { [base]: b }) },
        }
        try {
          const migrated = schema.migratePersistedRecord(structuredClone(raw) as never, from)
          if (migrated.type !== 'success') continue
          return validate(migrated.value as unknown as Record<string, unknown>)
        } catch {
          // not this version
        }
      }
    }
    return null
  }
}

/**
 * Rebuilds an invalid shape from the fields of it that are valid: start from the shape type's
 * defaults and take each of the stored fields (top-level, then each prop, in sorted order) that
 * keeps the record valid. Computed from the stored record alone, so a peer that had the record
 * before and a peer that meets it fresh show the same shape. Null when even the defaults fail
 * (unknown type, id of the wrong kind).
 */
export function rebuildShape(
  raw: Record<string, unknown>,
  defaultProps: Record<string, unknown> | undefined,
  fallbackParentId: string | undefined,
  validate: (candidate: Record<string, unknown>) => TLRecord
): TLRecord | null {
  if (!defaultProps || typeof raw.id !== 'string' || typeof raw.type !== 'string') return null
  const parentId = typeof raw.parentId === 'string' && /^(page|shape):/.test(raw.parentId) ? raw.parentId : fallbackParentId
  if (!parentId) return null
  let best: Record<string, unknown> = {
    typeName: 'shape',
    id: raw.id,
    type: raw.type,
    x: 0,
    y: 0,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: {},
    parentId,
    index: 'a1',
    props: { ...defaultProps },
  }
  const tryWith = (candidate: Record<string, unknown>) => {
    try {
      validate(candidate)
      best = candidate
      return true
    } catch {
      return false
    }
  }
  if (!tryWith(best)) return null
  for (const key of ['index', 'x', 'y', 'rotation', 'isLocked', 'opacity', 'meta']) {
    if (key in raw) tryWith({ ...best, [key]: raw[key] })
  }
  const props = raw.props
  if (typeof props === 'object' && props !== null && !Array.isArray(props)) {
    for (const key of Object.keys(props).sort()) {
      if (!(key in defaultProps)) continue
      tryWith({ ...best, props: { ...(best.props as object), [key]: (props as Record<string, unknown>)[key] } })
    }
  }
  return validate(best)
}
