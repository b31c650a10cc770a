/**
 * Binding a store that was shown first from this device's picture of the board (a store snapshot,
 * board/storeSnapshot.ts): the doc is the truth, the picture may be older, and what was changed on
 * the picture before binding goes to the doc.
 */
import { getRecordsMap } from '@circleboard/shared'
import { squashRecordDiffs, type RecordsDiff, type TLRecord, type TLShape, type TLStoreSnapshot } from 'tldraw'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { docRecords, exchange, makeShape, newPeer, newStore, noteText, storeDocRecords } from './testkit'
import { TxOrigin } from './origins'

const id = (s: string) => `shape:${s}` as TLShape['id']

/** The board as another device left it: three notes, bound and in its doc. */
function board() {
  const a = newPeer('a')
  a.store.put([1, 2, 3].map((n) => makeShape(a.store, 'note', { id: id(`n${n}`), x: n * 100, props: { richText: noteText(`note ${n}`) } })))
  a.binding.flush()
  return a
}

/** This device reopening: its doc as stored, and a store loaded from its picture. */
function reopen(doc: Y.Doc, picture: TLStoreSnapshot) {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc), TxOrigin.remote)
  const store = newStore()
  store.loadStoreSnapshot(picture)
  // What the session does while the picture is shown: collect the changes people make on it.
  const diffs: RecordsDiff<TLRecord>[] = []
  const stop = store.listen(({ changes }) => void diffs.push(changes), { source: 'user', scope: 'document' })
  const edits = () => {
    stop()
    return squashRecordDiffs(diffs)
  }
  return { doc: copy, store, edits }
}

const get = (store: ReturnType<typeof newStore>, s: string) => store.get(id(s)) as TLShape | undefined
const update = (store: ReturnType<typeof newStore>, s: string, patch: Partial<TLShape>) =>
  store.put([{ ...get(store, s)!, ...patch } as TLRecord])

describe('binding a store shown from a picture of the board', () => {
  it('a picture that matches the doc: nothing is put again', () => {
    const a = board()
    const { doc, store, edits } = reopen(a.doc, a.store.getStoreSnapshot('document'))
    const before = new Map(store.allRecords().map((r) => [r.id, r]))
    const remote: unknown[] = []
    store.listen((e) => void remote.push(e), { source: 'remote' })
    const b = newPeer('b', { doc, store, newBoard: false, earlyEdits: edits() })
    expect(remote).toEqual([])
    // the very same objects: tldraw re-renders nothing
    for (const r of store.allRecords()) expect(r).toBe(before.get(r.id))
    expect(storeDocRecords(store)).toEqual(storeDocRecords(a.store))
    expect(b.invalid).toEqual([])
  })

  it('an older picture is corrected to the doc: changed, deleted and added records', () => {
    const a = board()
    const picture = a.store.getStoreSnapshot('document')
    update(a.store, 'n1', { x: 999 })
    a.store.remove([id('n2')])
    a.store.put([makeShape(a.store, 'note', { id: id('n4'), x: 400 })])
    a.binding.flush()
    const { doc, store, edits } = reopen(a.doc, picture)
    expect(get(store, 'n2')).toBeDefined() // the picture is older
    newPeer('b', { doc, store, newBoard: false, earlyEdits: edits() })
    expect(storeDocRecords(store)).toEqual(storeDocRecords(a.store))
    expect(get(store, 'n1')?.x).toBe(999)
    expect(get(store, 'n2')).toBeUndefined()
    expect(get(store, 'n4')).toBeDefined()
  })

  it('changes made on the picture reach the doc, field by field, without undoing newer ones in it', () => {
    const a = board()
    const picture = a.store.getStoreSnapshot('document')
    // after the picture was taken, someone changed n1's text (the doc has it, the picture not)
    update(a.store, 'n1', { props: { ...get(a.store, 'n1')!.props, richText: noteText('newer words') } } as Partial<TLShape>)
    a.binding.flush()
    const { doc, store, edits } = reopen(a.doc, picture)
    // on the picture, before the doc is read: n1 moved, n2 deleted, n5 added
    update(store, 'n1', { y: 250 })
    store.remove([id('n2')])
    store.put([makeShape(store, 'note', { id: id('n5'), x: 500, props: { richText: noteText('drawn at once') } })])
    const b = newPeer('b', { doc, store, newBoard: false, earlyEdits: edits() })
    b.binding.flush()
    const n1 = get(store, 'n1')!
    expect(n1.y).toBe(250) // the move is kept
    expect(JSON.stringify(n1.props)).toContain('newer words') // and the doc's newer text too
    expect(get(store, 'n2')).toBeUndefined()
    expect(get(store, 'n5')).toBeDefined()
    expect(storeDocRecords(store)).toEqual(docRecords(doc))
    // and they travel: the other device gets them
    exchange(doc, a.doc)
    expect(storeDocRecords(a.store)).toEqual(storeDocRecords(store))
  })

  it('no board in the doc yet: the picture\'s shapes leave the store; what was drawn meanwhile stays', () => {
    const a = board()
    const { store, edits } = reopen(a.doc, a.store.getStoreSnapshot('document'))
    store.put([makeShape(store, 'note', { id: id('n5'), x: 500 })])
    const empty = new Y.Doc()
    const b = newPeer('b', { doc: empty, store, newBoard: false, earlyEdits: edits() })
    expect(get(store, 'n1')).toBeUndefined()
    expect(get(store, 'n5')).toBeDefined()
    expect(store.has('page:page' as TLRecord['id'])).toBe(true) // a page to draw on, kept local
    expect(getRecordsMap(empty).has('page:page')).toBe(false)
    expect(getRecordsMap(empty).has(id('n5'))).toBe(true)
    // the board arrives: the store shows it, with the note drawn meanwhile
    exchange(a.doc, empty)
    b.binding.flush()
    expect(get(store, 'n1')).toBeDefined()
    expect(get(store, 'n5')).toBeDefined()
    expect(storeDocRecords(store)).toEqual(docRecords(empty))
  })

  it('no board anywhere (a new board, confirmed): the picture becomes the board', () => {
    const a = board()
    const { store, edits } = reopen(a.doc, a.store.getStoreSnapshot('document'))
    const empty = new Y.Doc()
    newPeer('b', { doc: empty, store, newBoard: true, earlyEdits: edits() })
    expect(docRecords(empty)).toEqual(storeDocRecords(a.store))
  })

  it('a viewer with no board in the doc yet: the picture goes when the board arrives', () => {
    const a = board()
    const picture = a.store.getStoreSnapshot('document')
    a.store.remove([id('n3')])
    a.binding.flush()
    const { store, edits } = reopen(a.doc, picture)
    const empty = new Y.Doc()
    const v = newPeer('v', { doc: empty, store, readOnly: true, newBoard: false, earlyEdits: edits() })
    expect(get(store, 'n1')).toBeUndefined()
    exchange(a.doc, empty)
    v.binding.flush()
    expect(storeDocRecords(store)).toEqual(storeDocRecords(a.store))
    expect(getRecordsMap(empty).size).toBe(getRecordsMap(a.doc).size) // a viewer wrote nothing
  })
})
