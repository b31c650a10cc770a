import { META_PRIVATE, getRecordsMap } from '@circleboard/shared'
import type { TLRecord, TLShape } from 'tldraw'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { docRecords, exchange, makeShape, newPeer, newStore } from './testkit'

// What the session passes: a shape written during private writing stays on this device.
const isLocalOnly = (r: TLRecord) => r.typeName === 'shape' && typeof (r.meta as Record<string, unknown>)[META_PRIVATE] === 'string'

const PRIVATE = 'shape:mine' as TLShape['id']

function privateNote(store: ReturnType<typeof newStore>, id = PRIVATE, round = 'r1', x = 10): TLShape {
  return { ...makeShape(store, 'note', { id, x }), meta: { [META_PRIVATE]: round } } as TLShape
}

function peers() {
  const a = newPeer('a', { isLocalOnly })
  const b = newPeer('b', { isLocalOnly })
  exchange(a.doc, b.doc)
  return { a, b }
}

const inDoc = (doc: Y.Doc, id: string) => getRecordsMap(doc).has(id)

describe('private records (write privately, then reveal)', () => {
  it('a private note never reaches the doc, nor another peer, however it changes', () => {
    const { a, b } = peers()
    a.store.put([privateNote(a.store)])
    a.binding.flush()
    a.store.put([{ ...a.store.get(PRIVATE)!, x: 500 } as TLRecord])
    a.binding.flush()
    exchange(a.doc, b.doc)
    expect(inDoc(a.doc, PRIVATE)).toBe(false)
    expect(JSON.stringify(docRecords(a.doc))).not.toContain('mine')
    expect(b.store.get(PRIVATE)).toBeUndefined()
    expect(a.store.get(PRIVATE)).toBeDefined()
    a.store.remove([PRIVATE])
    a.binding.flush()
    expect(inDoc(a.doc, PRIVATE)).toBe(false)
  })

  it('survives remote changes and a full reload of the doc into the store', () => {
    const { a, b } = peers()
    a.store.put([privateNote(a.store)])
    a.binding.flush()
    // someone else writes, moves and deletes things meanwhile
    const shared = makeShape(b.store, 'note', { id: 'shape:shared', x: 1 })
    b.store.put([shared])
    b.binding.flush()
    exchange(a.doc, b.doc)
    b.store.put([{ ...b.store.get(shared.id)!, x: 99 } as TLRecord])
    b.binding.flush()
    exchange(a.doc, b.doc)
    expect(a.store.get(PRIVATE)).toMatchObject({ x: 10, meta: { [META_PRIVATE]: 'r1' } })
    expect(a.store.get(shared.id)).toMatchObject({ x: 99 })

    // a doc that (wrongly) holds the same id cannot overwrite or remove the private one
    const rogue = new Y.Doc()
    const c = newPeer('c', { doc: rogue })
    c.store.put([{ ...makeShape(c.store, 'note', { id: PRIVATE, x: 777 }) }])
    c.binding.flush()
    exchange(rogue, a.doc)
    expect(a.store.get(PRIVATE)).toMatchObject({ x: 10, meta: { [META_PRIVATE]: 'r1' } })
    c.store.remove([PRIVATE])
    c.binding.flush()
    exchange(rogue, a.doc)
    expect(a.store.get(PRIVATE)).toMatchObject({ x: 10 })
  })

  it('a second binding of the same store (the doc reloaded) keeps the private note', () => {
    const store = newStore()
    const doc = new Y.Doc()
    const first = newPeer('a', { store, doc, isLocalOnly })
    store.put([privateNote(store)])
    first.binding.dispose()
    const second = newPeer('a', { store, doc, isLocalOnly, newBoard: false })
    expect(second.binding.status).toBe('ok')
    expect(store.get(PRIVATE)).toBeDefined()
    expect(inDoc(doc, PRIVATE)).toBe(false)
  })

  it('unmarked at the reveal: all of a round enter the doc in one transaction, where they were written', () => {
    const { a, b } = peers()
    const ids = ['shape:p1', 'shape:p2', 'shape:p3'] as TLShape['id'][]
    a.store.put(ids.map((id, i) => privateNote(a.store, id, 'r1', i * 250)))
    a.store.put([privateNote(a.store, 'shape:later' as TLShape['id'], 'r2')])
    a.binding.flush()
    let transactions = 0
    a.doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.changed.size > 0) transactions++
    })
    a.store.put(ids.map((id) => ({ ...a.store.get(id)!, meta: {} }) as TLRecord))
    a.binding.flush()
    expect(transactions).toBe(1)
    exchange(a.doc, b.doc)
    expect(ids.map((id) => (b.store.get(id) as TLShape | undefined)?.x)).toEqual([0, 250, 500])
    expect(b.store.get('shape:later' as TLShape['id'])).toBeUndefined()
    // from now on it is an ordinary shared note: edits and deletes go both ways
    b.store.put([{ ...b.store.get(ids[0])!, x: 42 } as TLRecord])
    b.binding.flush()
    exchange(a.doc, b.doc)
    expect(a.store.get(ids[0])).toMatchObject({ x: 42 })
    a.store.remove([ids[1]])
    a.binding.flush()
    exchange(a.doc, b.doc)
    expect(b.store.get(ids[1])).toBeUndefined()
  })

  it('a new board seeded from a store that already holds private notes leaves them out', () => {
    const store = newStore()
    store.put([privateNote(store)])
    const a = newPeer('a', { store, isLocalOnly })
    expect(docRecords(a.doc).map((r) => r.id)).toEqual(['document:document', 'page:page'])
  })
})
