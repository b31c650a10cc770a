import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  changedRecordFields,
  deleteRecord,
  docValuesEqual,
  getBoardName,
  getRecordsMap,
  getStoredSchema,
  readAllRecords,
  readRecord,
  readRecordById,
  setBoardName,
  setStoredSchema,
  writeRecord,
  writeRecordChanges,
  getBoardLayout,
  needsLayoutUpgrade,
  upgradeBoardLayout,
  BOARD_LAYOUT_KEY,
  CURRENT_LAYOUT,
  LAYOUT_SEQUENCE,
} from './doclayout'

const note = {
  id: 'shape:a',
  typeName: 'shape',
  type: 'note',
  x: 10,
  y: 20,
  rotation: 0,
  index: 'a1',
  parentId: 'page:page',
  isLocked: false,
  opacity: 1,
  props: { color: 'yellow', richText: { type: 'doc', content: [{ type: 'paragraph' }] }, size: 'm' },
  meta: {},
}

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

describe('doclayout', () => {
  it('round-trips a record with props and meta as nested Y.Maps', () => {
    const doc = new Y.Doc()
    writeRecord(doc, note)
    const map = getRecordsMap(doc).get('shape:a')
    expect(map).toBeInstanceOf(Y.Map)
    expect((map as Y.Map<unknown>).get('props')).toBeInstanceOf(Y.Map)
    expect((map as Y.Map<unknown>).get('meta')).toBeInstanceOf(Y.Map)
    expect(readRecordById(doc, 'shape:a')).toEqual(note)
    expect(readAllRecords(doc)).toEqual([note])
  })

  it('writes nothing when the record is unchanged', () => {
    const doc = new Y.Doc()
    writeRecord(doc, note)
    let updates = 0
    doc.on('update', () => updates++)
    writeRecord(doc, structuredClone(note))
    expect(updates).toBe(0)
  })

  it('writes only the changed field', () => {
    const doc = new Y.Doc()
    writeRecord(doc, note)
    const changedKeys: string[] = []
    getRecordsMap(doc).observeDeep((events) => {
      for (const e of events) for (const k of e.keys.keys()) changedKeys.push([...e.path, k].join('.'))
    })
    writeRecord(doc, { ...note, props: { ...note.props, color: 'blue' } })
    expect(changedKeys).toEqual(['shape:a.props.color'])
  })

  it('removes fields and props that are gone', () => {
    const doc = new Y.Doc()
    writeRecord(doc, { ...note, meta: { tag: 'x' } })
    const { isLocked: _drop, ...rest } = note
    writeRecord(doc, { ...rest, props: { color: 'yellow' } })
    expect(readRecordById(doc, 'shape:a')).toEqual({ ...rest, props: { color: 'yellow' } })
  })

  it('concurrent edits of different fields both survive (move versus text)', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    writeRecord(a, note)
    sync(a, b)
    writeRecord(a, { ...note, x: 500, y: 600 })
    const text = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'hi' }] }] }
    writeRecord(b, { ...note, props: { ...note.props, richText: text } })
    sync(a, b)
    const expected = { ...note, x: 500, y: 600, props: { ...note.props, richText: text } }
    expect(readRecordById(a, 'shape:a')).toEqual(expected)
    expect(readRecordById(b, 'shape:a')).toEqual(expected)
  })

  it('returns copies, so mutating a read record cannot corrupt the doc', () => {
    const doc = new Y.Doc()
    writeRecord(doc, note)
    const read = readRecordById(doc, 'shape:a') as { props: { richText: { type: string } } }
    read.props.richText.type = 'mutated'
    expect(readRecordById(doc, 'shape:a')).toEqual(note)
  })

  it('reads garbage defensively', () => {
    const doc = new Y.Doc()
    const records = getRecordsMap(doc)
    records.set('junk:number', 42)
    records.set('shape:plain', { id: 'shape:plain', typeName: 'shape' })
    const odd = new Y.Map<unknown>()
    records.set('shape:odd', odd)
    odd.set('id', 'shape:odd')
    odd.set('props', 'not a map')
    const arr = new Y.Array<number>()
    odd.set('weird', arr)
    arr.push([1, 2])
    expect(readAllRecords(doc)).toEqual([
      { id: 'shape:odd', props: 'not a map', weird: [1, 2] },
      { id: 'shape:plain', typeName: 'shape' },
    ])
    // a later write replaces what is not a Y.Map with a proper record map
    writeRecord(doc, { ...note, id: 'shape:plain' })
    expect(readRecordById(doc, 'shape:plain')).toEqual({ ...note, id: 'shape:plain' })
    expect(readRecord(odd)).toEqual({ id: 'shape:odd', props: 'not a map', weird: [1, 2] })
  })

  it('deletes records, and deleting a missing one writes nothing', () => {
    const doc = new Y.Doc()
    writeRecord(doc, note)
    deleteRecord(doc, 'shape:a')
    expect(readAllRecords(doc)).toEqual([])
    let updates = 0
    doc.on('update', () => updates++)
    deleteRecord(doc, 'shape:a')
    expect(updates).toBe(0)
  })

  it('stores board name and schema, rejecting a schema-less value', () => {
    const doc = new Y.Doc()
    expect(getBoardName(doc)).toBeNull()
    expect(getStoredSchema(doc)).toBeNull()
    setBoardName(doc, 'PATH with Sam')
    const schema = { schemaVersion: 2, sequences: { 'com.tldraw.shape.note': 9 } }
    setStoredSchema(doc, schema)
    expect(getBoardName(doc)).toBe('PATH with Sam')
    expect(getStoredSchema(doc)).toEqual(schema)
    let updates = 0
    doc.on('update', () => updates++)
    setStoredSchema(doc, structuredClone(schema))
    setBoardName(doc, 'PATH with Sam')
    expect(updates).toBe(0)
    doc.getMap('board').set('schema', { sequences: {} })
    expect(getStoredSchema(doc)).toBeNull()
  })

  it('writeRecordChanges patches only what changed between two store versions', () => {
    const doc = new Y.Doc()
    writeRecord(doc, note)
    // someone else changed the text in the doc meanwhile
    writeRecord(doc, { ...note, props: { ...note.props, richText: 'theirs' } })
    const moved = { ...note, x: 99, meta: { tag: 'a' } }
    expect(changedRecordFields(note, moved).sort()).toEqual(['meta.tag', 'x'])
    expect(writeRecordChanges(doc, note, moved)?.sort()).toEqual(['meta.tag', 'x'])
    expect(readRecordById(doc, 'shape:a')).toEqual({ ...moved, props: { ...note.props, richText: 'theirs' } })
    // skipField holds fields back
    expect(writeRecordChanges(doc, moved, { ...moved, x: 1, y: 2 }, (f) => f === 'x')).toEqual(['y'])
    expect(readRecordById(doc, 'shape:a')).toMatchObject({ x: 99, y: 2 })
    // a record deleted meanwhile stays deleted
    deleteRecord(doc, 'shape:a')
    expect(writeRecordChanges(doc, moved, { ...moved, x: 5 })).toBeNull()
    expect(readRecordById(doc, 'shape:a')).toBeNull()
  })

  it('compares JSON values deeply, ignoring key order and undefined members', () => {
    expect(docValuesEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true)
    expect(docValuesEqual({ a: 1, u: undefined }, { a: 1 })).toBe(true)
    expect(docValuesEqual([1, 2], [2, 1])).toBe(false)
    expect(docValuesEqual({ a: 1 }, { a: '1' })).toBe(false)
    expect(docValuesEqual(null, {})).toBe(false)
    expect(docValuesEqual([], {})).toBe(false)
  })
})

describe('layout 2: rich text as a Y.XmlFragment', () => {
  const text = (t: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }] })
  const withText = (t: string) => ({ ...note, props: { ...note.props, richText: text(t) } })
  const rawRichText = (doc: Y.Doc, id = 'shape:a') => ((getRecordsMap(doc).get(id) as Y.Map<unknown>).get('props') as Y.Map<unknown>).get('richText')

  function layout2Doc() {
    const doc = new Y.Doc()
    setStoredSchema(doc, { schemaVersion: 2, sequences: { 'com.tldraw.shape.note': 9 } })
    upgradeBoardLayout(doc)
    return doc
  }

  it('a layout-1 board keeps writing JSON; a layout-2 board writes fragments and reads the same JSON', () => {
    const old = new Y.Doc()
    writeRecord(old, withText('Dream'))
    expect(getBoardLayout(old)).toBe(1)
    expect(rawRichText(old)).not.toBeInstanceOf(Y.AbstractType)

    const doc = layout2Doc()
    writeRecord(doc, withText('Dream'))
    expect(rawRichText(doc)).toBeInstanceOf(Y.XmlFragment)
    expect(readRecordById(doc, 'shape:a')).toEqual(withText('Dream'))
    expect(readAllRecords(doc)).toEqual([withText('Dream')])
    // meta is never converted
    writeRecord(doc, { ...withText('Dream'), meta: { richText: text('x') } })
    expect(((getRecordsMap(doc).get('shape:a') as Y.Map<unknown>).get('meta') as Y.Map<unknown>).get('richText')).not.toBeInstanceOf(Y.AbstractType)
  })

  it('edits go into the existing fragment by a small diff, and concurrent ones merge', () => {
    const a = layout2Doc()
    writeRecord(a, withText('Dream: a'))
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const fragment = rawRichText(a)
    let bytes = 0
    a.on('update', (u: Uint8Array) => (bytes += u.byteLength))
    expect(writeRecordChanges(a, withText('Dream: a'), withText('Dream: a house'))).toEqual(['props.richText'])
    expect(rawRichText(a)).toBe(fragment) // same fragment, edited
    expect(bytes).toBeLessThan(60)
    writeRecord(b, withText('Dream: a job'))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    const merged = (readRecordById(a, 'shape:a') as typeof note).props.richText
    expect(merged).toEqual((readRecordById(b, 'shape:a') as typeof note).props.richText)
    expect(JSON.stringify(merged)).toMatch(/Dream: a( house job| job house)/)
  })

  it('JSON rich text found on a layout-2 board is read, and becomes a fragment on the next write', () => {
    const doc = layout2Doc()
    writeRecord(doc, withText('x'))
    ;(((getRecordsMap(doc).get('shape:a') as Y.Map<unknown>).get('props')) as Y.Map<unknown>).set('richText', text('from an old app'))
    expect(readRecordById(doc, 'shape:a')).toEqual(withText('from an old app'))
    expect(needsLayoutUpgrade(doc, ['shape:a'])).toBe(true)
    writeRecordChanges(doc, withText('from an old app'), withText('from an old app!'))
    expect(rawRichText(doc)).toBeInstanceOf(Y.XmlFragment)
    expect(readRecordById(doc, 'shape:a')).toEqual(withText('from an old app!'))
    expect(needsLayoutUpgrade(doc)).toBe(false)
  })

  it('upgradeBoardLayout converts what it can, once, and leaves the rest as JSON', () => {
    const doc = new Y.Doc()
    setStoredSchema(doc, { schemaVersion: 2, sequences: { 'com.tldraw.shape.note': 9 } })
    writeRecord(doc, withText('one'))
    const odd = { ...note, id: 'shape:odd', props: { ...note.props, richText: { type: 'doc', content: [{ type: 'paragraph', content: [] }] } } }
    writeRecord(doc, odd)
    writeRecord(doc, { id: 'page:page', typeName: 'page', name: 'Page 1', index: 'a1', meta: {} })
    const before = readAllRecords(doc)
    expect(needsLayoutUpgrade(doc)).toBe(true)
    expect(upgradeBoardLayout(doc)).toBe(1)
    expect(rawRichText(doc)).toBeInstanceOf(Y.XmlFragment)
    expect(rawRichText(doc, 'shape:odd')).not.toBeInstanceOf(Y.AbstractType)
    expect(readAllRecords(doc)).toEqual(before)
    expect(getBoardLayout(doc)).toBe(CURRENT_LAYOUT)
    expect(needsLayoutUpgrade(doc)).toBe(false)
    let updates = 0
    doc.on('update', () => updates++)
    expect(upgradeBoardLayout(doc)).toBe(0)
    expect(updates).toBe(0)
  })

  it('keeps the layout marker in the stored schema, hidden from getStoredSchema', () => {
    const doc = layout2Doc()
    const raw = doc.getMap('board').get('schema') as { sequences: Record<string, number> }
    expect(raw.sequences[LAYOUT_SEQUENCE]).toBe(CURRENT_LAYOUT)
    expect(getStoredSchema(doc)).toEqual({ schemaVersion: 2, sequences: { 'com.tldraw.shape.note': 9 } })
    // a later schema upgrade keeps the marker
    setStoredSchema(doc, { schemaVersion: 2, sequences: { 'com.tldraw.shape.note': 10 } })
    expect((doc.getMap('board').get('schema') as { sequences: Record<string, number> }).sequences[LAYOUT_SEQUENCE]).toBe(CURRENT_LAYOUT)
    // a schema written without it (an older app's, winning a concurrent write) is noticed
    doc.getMap('board').set('schema', { schemaVersion: 2, sequences: { 'com.tldraw.shape.note': 10 } })
    expect(getBoardLayout(doc)).toBe(CURRENT_LAYOUT) // board.layout still says 2
    expect(needsLayoutUpgrade(doc)).toBe(true)
    upgradeBoardLayout(doc)
    expect((doc.getMap('board').get('schema') as { sequences: Record<string, number> }).sequences[LAYOUT_SEQUENCE]).toBe(CURRENT_LAYOUT)
  })

  it('a newer layout, from either place, is reported and never upgraded over', () => {
    const a = new Y.Doc()
    a.getMap('board').set(BOARD_LAYOUT_KEY, CURRENT_LAYOUT + 1)
    expect(getBoardLayout(a)).toBe(CURRENT_LAYOUT + 1)
    expect(() => upgradeBoardLayout(a)).toThrow(/newer/)
    const b = new Y.Doc()
    b.getMap('board').set('schema', { schemaVersion: 2, sequences: { [LAYOUT_SEQUENCE]: CURRENT_LAYOUT + 1 } })
    expect(getBoardLayout(b)).toBe(CURRENT_LAYOUT + 1)
    b.getMap('board').set(BOARD_LAYOUT_KEY, 'garbage')
    expect(getBoardLayout(b)).toBe(CURRENT_LAYOUT + 1)
  })

  it('reads a hostile Y type in props.richText without failing, and a write replaces it', () => {
    const doc = layout2Doc()
    writeRecord(doc, withText('x'))
    const props = (getRecordsMap(doc).get('shape:a') as Y.Map<unknown>).get('props') as Y.Map<unknown>
    props.set('richText', new Y.XmlElement('evil'))
    expect(readRecordById(doc, 'shape:a')).toMatchObject({ props: { richText: { type: 'doc', content: [] } } })
    writeRecord(doc, withText('clean'))
    expect(readRecordById(doc, 'shape:a')).toEqual(withText('clean'))
  })
})
