/**
 * `.circleboard` files: a whole board as one JSON document (docs/circleboard-file.md).
 *
 * ```json
 * { "format": "circleboard-board", "version": 1, "name": "J's PATH", "savedAt": "2027-01-12T10:00:00.000Z",
 *   "schema": { "schemaVersion": 2, "sequences": { ... } }, "records": [ { "id": "page:page", ... } ] }
 * ```
 *
 * `records` are tldraw 3 document-scope records (document, page, shape, binding, asset) as plain
 * JSON, exactly what the board's Y.Doc holds. `schema` is the tldraw SerializedSchema they were
 * written with, so the app can migrate older records forward (and refuse newer ones) with tldraw's
 * own machinery. This module only checks the envelope: validating each record against the tldraw
 * schema needs the tldraw runtime and happens where the file is loaded into a store.
 */

export const BOARD_FILE_FORMAT = 'circleboard-board' as const
export const BOARD_FILE_VERSION = 1 as const
export const BOARD_FILE_EXTENSION = '.circleboard' as const
/** Larger files are refused before parsing (a board with photos embedded as data URLs can be big). */
export const MAX_BOARD_FILE_BYTES = 50 * 1024 * 1024

/** tldraw's SerializedSchema (v2): `{ schemaVersion: 2, sequences: { [sequenceId]: version } }`. */
export interface SerializedSchemaLike {
  schemaVersion: number
  sequences?: Record<string, number>
  [key: string]: unknown
}

/** A record as stored: at least an id and a typeName; everything else is tldraw's business. */
export interface BoardRecord {
  id: string
  typeName: string
  [key: string]: unknown
}

export interface BoardFile {
  format: typeof BOARD_FILE_FORMAT
  version: typeof BOARD_FILE_VERSION
  name: string
  savedAt: string
  schema: SerializedSchemaLike
  records: BoardRecord[]
}

export type ParseBoardFileResult =
  | {
      ok: true
      file: BoardFile
      /** Records that were dropped because they were not even record-shaped, one line each. */
      warnings: string[]
    }
  | { ok: false; error: string }

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Record types a board file may hold: session-scope records (camera, instance...) never travel. */
const DOCUMENT_TYPE_NAMES = new Set(['document', 'page', 'shape', 'binding', 'asset'])

/**
 * Reads the text of a `.circleboard` file. Never throws. Fails (with a message a facilitator can
 * act on) on: too big, not JSON, a different kind of file (a plan, a tldraw `.tldr`), a newer
 * version, missing fields. Individual records that are not record-shaped, or are session records,
 * are dropped with a warning instead of failing the whole file.
 *
 * @param text - the file contents
 * @param opts.maxBytes - size limit (default 50 MB); compare before reading when you can
 */
export function parseBoardFile(text: string, opts: { maxBytes?: number } = {}): ParseBoardFileResult {
  const maxBytes = opts.maxBytes ?? MAX_BOARD_FILE_BYTES
  if (typeof text !== 'string') return { ok: false, error: 'This board file could not be read as text.' }
  // UTF-16 length is a lower bound of the UTF-8 size and cheap; good enough for a guard.
  if (text.length > maxBytes) {
    return {
      ok: false,
      error: `This board file is too big (${formatMb(text.length)}; the limit is ${formatMb(maxBytes)}). Remove large pictures from the board and save it again.`,
    }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return {
      ok: false,
      error: 'This file is not a Circleboard board: it is not valid JSON (it may be damaged or a different kind of file).',
    }
  }
  return parseBoardFileValue(value)
}

/** Same checks as `parseBoardFile`, for a value already parsed from JSON. */
export function parseBoardFileValue(value: unknown): ParseBoardFileResult {
  if (!isObject(value)) return { ok: false, error: 'This file is not a Circleboard board: expected a JSON object.' }
  if (value.format !== BOARD_FILE_FORMAT) {
    if (value.format === 'circleboard-plan') {
      return {
        ok: false,
        error: 'This is a Circleboard plan (exported JSON), not a board file. Use "Import plan" to turn it into a board.',
      }
    }
    if ('tldrawFileFormatVersion' in value) {
      return {
        ok: false,
        error: 'This is a tldraw file (.tldr), not a Circleboard board file. Circleboard cannot open .tldr files directly.',
      }
    }
    return { ok: false, error: `This file is not a Circleboard board: expected "format": "${BOARD_FILE_FORMAT}".` }
  }
  const version = value.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, error: 'This board file has no valid "version" number, so it cannot be opened safely.' }
  }
  if (version > BOARD_FILE_VERSION) {
    return {
      ok: false,
      error: `This board file was saved by a newer Circleboard (file version ${version}); this one opens version ${BOARD_FILE_VERSION}. Update Circleboard to open it.`,
    }
  }
  const missing = ['name', 'savedAt', 'schema', 'records'].filter((k) => !(k in value))
  if (missing.length) {
    return { ok: false, error: `This board file is incomplete: it has no ${missing.map((k) => `"${k}"`).join(', ')}.` }
  }
  if (typeof value.name !== 'string') return { ok: false, error: 'This board file is damaged: "name" is not text.' }
  if (typeof value.savedAt !== 'string') return { ok: false, error: 'This board file is damaged: "savedAt" is not text.' }
  const schema = value.schema
  if (!isObject(schema) || typeof schema.schemaVersion !== 'number') {
    return { ok: false, error: 'This board file is damaged: "schema" is not a tldraw schema (no "schemaVersion").' }
  }
  if (schema.sequences !== undefined && !isObject(schema.sequences)) {
    return { ok: false, error: 'This board file is damaged: "schema.sequences" is not an object.' }
  }
  if (!Array.isArray(value.records)) {
    return { ok: false, error: 'This board file is damaged: "records" is not a list.' }
  }
  const warnings: string[] = []
  const records: BoardRecord[] = []
  const seen = new Set<string>()
  value.records.forEach((r, i) => {
    if (!isObject(r) || typeof r.id !== 'string' || typeof r.typeName !== 'string') {
      warnings.push(`record ${i}: dropped, it has no id or typeName`)
      return
    }
    if (!DOCUMENT_TYPE_NAMES.has(r.typeName)) {
      warnings.push(`record ${i} (${r.id.slice(0, 80)}): dropped, "${r.typeName.slice(0, 40)}" records are not part of a board`)
      return
    }
    if (seen.has(r.id)) {
      warnings.push(`record ${i} (${r.id.slice(0, 80)}): dropped, duplicate id`)
      return
    }
    seen.add(r.id)
    records.push(r as BoardRecord)
  })
  return {
    ok: true,
    file: {
      format: BOARD_FILE_FORMAT,
      version: BOARD_FILE_VERSION,
      name: value.name,
      savedAt: value.savedAt,
      schema: schema as SerializedSchemaLike,
      records,
    },
    warnings,
  }
}

/** Builds the file text. Pretty-printed is not worth the size: one line of JSON. */
export function serializeBoardFile(input: {
  name: string
  schema: SerializedSchemaLike
  records: ReadonlyArray<{ id: string; typeName: string }>
  savedAt?: Date | string
}): string {
  const savedAt = input.savedAt instanceof Date ? input.savedAt.toISOString() : (input.savedAt ?? new Date().toISOString())
  const file: BoardFile = {
    format: BOARD_FILE_FORMAT,
    version: BOARD_FILE_VERSION,
    name: input.name,
    savedAt,
    schema: input.schema,
    records: input.records.filter((r) => DOCUMENT_TYPE_NAMES.has(r.typeName)) as BoardRecord[],
  }
  return JSON.stringify(file) + '\n'
}

function formatMb(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`
}
