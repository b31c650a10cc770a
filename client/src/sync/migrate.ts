/**
 * Bring records written under an older schema up to this app's: the whole set at once first
 * (tldraw has store-scope migrations that per-record migration refuses), and if that fails, record
 * by record so one bad record does not stop the rest. Used for a board doc (binding) and for
 * records from a file (fileRecords).
 */
import type { SerializedSchema, TLStore } from 'tldraw'

export type RawRecord = Record<string, unknown> & { id: string }

export function migrateRecords<R extends RawRecord>(
  schema: TLStore['schema'],
  raw: ReadonlyArray<R>,
  from: SerializedSchema,
  onFailure: (id: string, reason: string) => void
): { records: R[]; removed: string[] | null } {
  const whole = schema.migrateStoreSnapshot({ store: Object.fromEntries(raw.map((r) => [r.id, r])) as never, schema: from })
  if (whole.type === 'success') {
    const out = Object.values(whole.value) as unknown as R[]
    const kept = new Set(out.map((r) => r.id))
    return { records: out, removed: raw.map((r) => r.id).filter((id) => !kept.has(id)) }
  }
  const out: R[] = []
  for (const record of raw) {
    const result = schema.migratePersistedRecord(record as never, from)
    if (result.type === 'success') out.push(result.value as unknown as R)
    else onFailure(record.id, String(result.reason))
  }
  return { records: out, removed: null }
}
