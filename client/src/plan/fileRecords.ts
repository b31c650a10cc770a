/**
 * Records that come from a file (a `.circleboard` board file, or shapes built from an imported
 * plan) are untrusted: bring them to this app's schema with tldraw's own migrations, validate each
 * one against the store's schema, and drop — and count — what fails or hangs off something dropped.
 * One bad record never stops the rest (DESIGN.md; Excalidraw's restore.ts habit).
 */
import type { SerializedSchema, TLRecord, TLStore } from 'tldraw'
import type { StoredSchema } from '@circleboard/shared'
import { compareSchema } from '../sync/binding'
import { migrateRecords } from '../sync/migrate'
import { withoutExternalUrls } from '../sync/externalUrls'
import { findUnrootedShapes } from '../sync/repair'

export type PrepareResult =
  | { ok: true; records: TLRecord[]; dropped: number; reasons: string[] }
  | { ok: false; error: string }

const MAX_REASONS = 20

/**
 * @param store - any store with the app's schema (used for its schema and validators only; nothing is written)
 * @param raw - records as read from the file (already envelope-checked, e.g. by parseBoardFile)
 * @param fileSchema - the schema the records were written with; null = assume this app's
 * @param alreadyThere - records the new ones may hang off without bringing them (importing into
 *   an existing board: the page)
 */
export function prepareRecords(
  store: TLStore,
  raw: ReadonlyArray<{ id: string; typeName: string }>,
  fileSchema: StoredSchema | null,
  alreadyThere: (id: string) => boolean = () => false,
): PrepareResult {
  const schema = store.schema
  const reasons: string[] = []
  const note = (id: string, why: string) => {
    if (reasons.length < MAX_REASONS) reasons.push(`${id.slice(0, 80)}: ${why}`)
  }
  let dropped = 0

  // 1. Schema: refuse newer, migrate older.
  let records: Array<Record<string, unknown> & { id: string; typeName: string }> = raw.map((r) => ({ ...r }))
  const relation = compareSchema(fileSchema, schema)
  if (relation === 'newer') {
    return {
      ok: false,
      error: 'This board was saved by a newer version of Circleboard (it uses shapes or formats this one does not know). Update Circleboard to open it.',
    }
  }
  if (relation === 'older') {
    records = migrateRecords(schema, records, fileSchema as unknown as SerializedSchema, (id, reason) => {
      dropped++
      note(id, `could not be brought up to date (${reason})`)
    }).records
  }

  // 2. Each record against the schema: known, document-scope, valid props.
  const documentTypes = store.scopedTypes.document as ReadonlySet<string>
  const valid = new Map<string, TLRecord>()
  for (const r of records) {
    try {
      if (typeof r.typeName !== 'string' || !documentTypes.has(r.typeName)) throw new Error(`"${String(r.typeName)}" is not part of a board`)
      if (valid.has(r.id)) throw new Error('duplicate id')
      // addresses of other hosts that tldraw would load are emptied (kept in meta): externalUrls.ts
      valid.set(r.id, withoutExternalUrls(schema.validateRecord(store, r as unknown as TLRecord, 'createRecord', null)))
    } catch (e) {
      dropped++
      note(r.id, e instanceof Error ? e.message.split('\n')[0].slice(0, 200) : 'invalid')
    }
  }

  // 3. Shapes whose parent is gone and bindings whose ends are gone would be orphans: drop them
  //    too (repeat until nothing changes, a dropped frame takes its children with it).
  const present = (id: string) => valid.has(id) || alreadyThere(id)
  const dropOrphans = () => {
    for (let changed = true; changed; ) {
      changed = false
      for (const [id, r] of valid) {
        let missing: string | undefined
        if (r.typeName === 'shape' && !present(r.parentId)) missing = r.parentId
        if (r.typeName === 'binding') missing = [r.fromId, r.toId].find((end) => !present(end))
        if (missing !== undefined) {
          valid.delete(id)
          dropped++
          changed = true
          note(id, `refers to ${String(missing).slice(0, 80)}, which is not in the file`)
        }
      }
    }
  }
  dropOrphans()
  // 4. A parent chain that goes round in a cycle (a shape its own parent, two shapes each other's)
  //    never reaches a page, and tldraw's page lookup would spin on it forever, freezing the tab
  //    that opens the board. Drop the cycle (its lowest id; the rest then hang off nothing).
  //    What is already in the board counts as rooted.
  const info = (id: string) => valid.get(id as TLRecord['id']) ?? (alreadyThere(id) ? { typeName: 'page' } : undefined)
  for (let round = 0; round <= valid.size; round++) {
    const shapeIds = [...valid.values()].filter((r) => r.typeName === 'shape').map((r) => r.id)
    const cycles = findUnrootedShapes(shapeIds, info, valid.size + 1)
    if (cycles.size === 0) break
    for (const id of cycles) {
      valid.delete(id as TLRecord['id'])
      dropped++
      note(id, 'its parents go round in a cycle and never reach a page')
    }
    dropOrphans()
  }
  return { ok: true, records: [...valid.values()], dropped, reasons }
}
