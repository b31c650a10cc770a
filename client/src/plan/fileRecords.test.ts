import { describe, expect, it } from 'vitest'
import { createTLStore, defaultBindingUtils, defaultShapeUtils } from 'tldraw'
import { CIRCLEBOARD_SCHEMA, jPathBoardRecords } from '@circleboard/templates'
import { customShapeUtils } from '../shapes'
import { prepareRecords } from './fileRecords'

const newStore = () => createTLStore({ shapeUtils: [...defaultShapeUtils, ...customShapeUtils], bindingUtils: defaultBindingUtils })

describe('prepareRecords', () => {
  it("keeps every record of J's PATH board as it is", () => {
    const raw = jPathBoardRecords()
    const result = prepareRecords(newStore(), raw, CIRCLEBOARD_SCHEMA)
    expect(result.ok && result.dropped).toBe(0)
    expect(result.ok && result.records.length).toBe(raw.length)
  })

  it('drops and counts invalid records, orphans and session records; keeps the rest', () => {
    const raw = jPathBoardRecords()
    const zone = raw.find((r) => r.typeName === 'shape') as unknown as { id: string; props: Record<string, unknown> }
    const bad = [
      { ...zone, id: 'shape:badkind', props: { ...zone.props, kind: 'nope' } },
      { ...zone, id: 'shape:orphan', parentId: 'page:nowhere' },
      { id: 'camera:x', typeName: 'camera', x: 0, y: 0, z: 1, meta: {} },
      { id: 'shape:weird', typeName: 'shape', type: 'no-such-shape' },
    ]
    const result = prepareRecords(newStore(), [...raw, ...bad] as Array<{ id: string; typeName: string }>, CIRCLEBOARD_SCHEMA)
    if (!result.ok) throw new Error(result.error)
    expect(result.dropped).toBe(4)
    expect(result.records.map((r) => r.id)).not.toContain('shape:badkind')
    expect(result.records).toHaveLength(raw.length)
    expect(result.reasons.join('\n')).toMatch(/page:nowhere/)
  })

  it('shapes may hang off a page that is already in the board (plan import)', () => {
    const shapes = jPathBoardRecords().filter((r) => r.typeName === 'shape')
    const alone = prepareRecords(newStore(), shapes, CIRCLEBOARD_SCHEMA)
    expect(alone.ok && alone.records.length).toBe(0)
    const beside = prepareRecords(newStore(), shapes, CIRCLEBOARD_SCHEMA, (id) => id === 'page:page')
    expect(beside.ok && beside.records.length).toBe(shapes.length)
    expect(beside.ok && beside.dropped).toBe(0)
  })

  it('refuses records written with a newer schema', () => {
    const newer = { ...CIRCLEBOARD_SCHEMA, sequences: { ...CIRCLEBOARD_SCHEMA.sequences, 'com.tldraw.shape.note': 999 } }
    const result = prepareRecords(newStore(), jPathBoardRecords(), newer)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error).toMatch(/newer version of Circleboard/)
  })

  it('migrates records written with an older schema (note shapes from before rich text)', () => {
    const older = { ...CIRCLEBOARD_SCHEMA, sequences: { ...CIRCLEBOARD_SCHEMA.sequences, 'com.tldraw.shape.note': 7 } }
    const raw = jPathBoardRecords().map((r) => {
      const rec = r as unknown as { type?: string; props: Record<string, unknown> }
      if (rec.type !== 'note') return r
      const { richText: _drop, ...props } = rec.props
      return { ...r, props: { ...props, text: 'Old plain text' } } as typeof r
    })
    const result = prepareRecords(newStore(), raw, older)
    if (!result.ok) throw new Error(result.error)
    expect(result.dropped).toBe(0)
    const note = result.records.find((r) => r.typeName === 'shape' && r.type === 'note') as unknown as { props: { richText: unknown } }
    expect(JSON.stringify(note.props.richText)).toContain('Old plain text')
  })

  it('drops shapes whose parents go round in a cycle, and what hangs off them (a crafted file would freeze the tab)', () => {
    const raw = jPathBoardRecords()
    const shape = raw.find((r) => r.typeName === 'shape') as unknown as Record<string, unknown> & { id: string; typeName: string }
    const crafted = [
      { ...shape, id: 'shape:self', parentId: 'shape:self' },
      { ...shape, id: 'shape:p', parentId: 'shape:q' },
      { ...shape, id: 'shape:q', parentId: 'shape:p' },
      { ...shape, id: 'shape:child', parentId: 'shape:q' },
    ]
    const result = prepareRecords(newStore(), [...raw, ...crafted], CIRCLEBOARD_SCHEMA)
    if (!result.ok) throw new Error(result.error)
    const ids = result.records.map((r) => r.id)
    for (const id of ['shape:self', 'shape:p', 'shape:q', 'shape:child']) expect(ids).not.toContain(id)
    expect(result.records).toHaveLength(raw.length)
    expect(result.dropped).toBe(4)
    expect(result.reasons.join('\n')).toMatch(/cycle/)
  })

  it("empties addresses of other hosts that tldraw would load (image, bookmark preview, embed) and keeps them in meta", () => {
    const store = newStore()
    const page = jPathBoardRecords().filter((r) => r.typeName === 'page' || r.typeName === 'document')
    const image = { id: 'asset:img', typeName: 'asset', type: 'image', props: { src: 'https://tracker.example/pixel.png', w: 10, h: 10, name: 'x', isAnimated: false, mimeType: 'image/png' }, meta: {} }
    const inline = { ...image, id: 'asset:inline', props: { ...image.props, src: 'data:image/png;base64,AAAA' } }
    const bookmark = { id: 'asset:bm', typeName: 'asset', type: 'bookmark', props: { src: 'https://example.org/', title: 't', description: '', image: 'https://example.org/og.png', favicon: 'https://example.org/favicon.ico' }, meta: {} }
    const embed = store.schema.types.shape.create({ id: 'shape:embed' as never, type: 'embed', parentId: 'page:page' as never, index: 'a1' as never, props: { w: 300, h: 200, url: 'https://www.youtube.com/watch?v=abc' } } as never)
    const result = prepareRecords(store, [...page, image, inline, bookmark, embed] as Array<{ id: string; typeName: string }>, CIRCLEBOARD_SCHEMA)
    if (!result.ok) throw new Error(result.error)
    const byId = (id: string) => result.records.find((r) => r.id === id) as unknown as { props: Record<string, unknown>; meta: Record<string, unknown> }
    expect(byId('asset:img').props.src).toBeNull()
    expect(byId('asset:img').meta.externalUrls).toEqual({ src: 'https://tracker.example/pixel.png' })
    expect(byId('asset:inline').props.src).toBe('data:image/png;base64,AAAA')
    expect([byId('asset:bm').props.image, byId('asset:bm').props.favicon, byId('asset:bm').props.src]).toEqual(['', '', 'https://example.org/'])
    expect(byId('shape:embed').props.url).toBe('')
    expect(byId('shape:embed').meta.externalUrls).toEqual({ url: 'https://www.youtube.com/watch?v=abc' })
    expect(result.dropped).toBe(0)
  })
})
