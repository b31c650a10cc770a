import { describe, expect, it } from 'vitest'
import { parseBoardFile, serializeBoardFile } from './boardfile'

const schema = { schemaVersion: 2, sequences: { 'com.tldraw.store': 4 } }
const records = [
  { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} },
  { id: 'page:page', typeName: 'page', name: 'Page 1', index: 'a1', meta: {} },
]

describe('board files', () => {
  it('round-trips', () => {
    const text = serializeBoardFile({ name: "J's PATH", schema, records, savedAt: new Date('2027-01-12T10:00:00Z') })
    const r = parseBoardFile(text)
    expect(r).toEqual({
      ok: true,
      warnings: [],
      file: { format: 'circleboard-board', version: 1, name: "J's PATH", savedAt: '2027-01-12T10:00:00.000Z', schema, records },
    })
  })

  it('explains what is wrong', () => {
    const err = (text: string) => {
      const r = parseBoardFile(text)
      return r.ok ? 'OK' : r.error
    }
    expect(err('not json')).toMatch(/not valid JSON/)
    expect(err('[]')).toMatch(/expected a JSON object/)
    expect(err(JSON.stringify({ format: 'circleboard-plan', version: 1 }))).toMatch(/plan .*not a board file.*Import plan/)
    expect(err(JSON.stringify({ tldrawFileFormatVersion: 1, schema, records: [] }))).toMatch(/tldraw file \(\.tldr\)/)
    expect(err(JSON.stringify({ format: 'excalidraw' }))).toMatch(/not a Circleboard board/)
    expect(err(JSON.stringify({ format: 'circleboard-board', version: 7, name: 'x', savedAt: '', schema, records }))).toMatch(
      /newer Circleboard \(file version 7\).*Update/,
    )
    expect(err(JSON.stringify({ format: 'circleboard-board', version: 1, name: 'x' }))).toMatch(/incomplete: it has no "savedAt", "schema", "records"/)
    expect(err(JSON.stringify({ format: 'circleboard-board', version: 1, name: 'x', savedAt: '', schema: {}, records: [] }))).toMatch(/schemaVersion/)
    expect(err(JSON.stringify({ format: 'circleboard-board', version: 1, name: 'x', savedAt: '', schema, records: {} }))).toMatch(/"records" is not a list/)
  })

  it('enforces the size limit before parsing', () => {
    const r = parseBoardFile('x'.repeat(2000), { maxBytes: 1000 })
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/too big/) })
  })

  it('drops bad records with warnings instead of failing', () => {
    const text = JSON.stringify({
      format: 'circleboard-board',
      version: 1,
      name: 'x',
      savedAt: '',
      schema,
      records: [...records, null, { id: 'camera:1', typeName: 'camera' }, { typeName: 'shape' }, records[1]],
    })
    const r = parseBoardFile(text)
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.file.records).toEqual(records)
      expect(r.warnings).toHaveLength(4)
      expect(r.warnings.join('\n')).toMatch(/duplicate id/)
    }
  })
})
