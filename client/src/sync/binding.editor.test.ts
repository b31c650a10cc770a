// @vitest-environment jsdom
/**
 * The binding with real tldraw Editors (headless, in jsdom): the Editor adds side effects the
 * bare store lacks — deleting a shape deletes its bindings and children, arrows follow bound
 * shapes, the integrity checker creates pages — and its own undo history.
 */
import {
  createShapeId,
  defaultBindingUtils,
  defaultShapeUtils,
  Editor,
  PageRecordType,
  registerDefaultExternalContentHandlers,
  toRichText,
  createTLStore,
  type TLShapeId,
} from 'tldraw'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { writeRecord } from '@circleboard/shared'
import { stopUrlFetches } from './externalUrls'
import * as Y from 'yjs'
import { bindStoreToDoc, type BoardBinding } from './binding'
import { TxOrigin } from './origins'
import { docRecords, headlessEditor, storeDocRecords, stubMatchMedia } from './testkit'

beforeAll(stubMatchMedia)

interface EditorPeer {
  editor: Editor
  doc: Y.Doc
  binding: BoardBinding
  invalid: string[]
}

const editors: Editor[] = []
afterEach(() => {
  for (const e of editors.splice(0)) e.dispose()
})

function newEditorPeer(doc = new Y.Doc()): EditorPeer {
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
  const editor = headlessEditor(store)
  editors.push(editor)
  const invalid: string[] = []
  const binding = bindStoreToDoc(store, doc, { onInvalidRecord: (id) => invalid.push(id), newBoard: true })
  binding.installUndoGuard(editor)
  return { editor, doc, binding, invalid }
}

function exchange(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), TxOrigin.remote)
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), TxOrigin.remote)
}

function converged(...peers: EditorPeer[]) {
  for (const p of peers) p.binding.flush()
  for (const p of peers) {
    expect(storeDocRecords(p.editor.store)).toEqual(docRecords(p.doc))
    expect(storeDocRecords(p.editor.store)).toEqual(storeDocRecords(peers[0].editor.store))
  }
}

function pair() {
  const a = newEditorPeer()
  const b = newEditorPeer()
  exchange(a.doc, b.doc)
  return { a, b }
}

describe('binding with a real Editor', () => {
  it('syncs shapes created, moved and retexted through the Editor API', () => {
    const { a, b } = pair()
    const id = createShapeId('n1')
    a.editor.createShape({ id, type: 'note', x: 10, y: 20, props: { richText: toRichText('Dream') } })
    a.binding.flush()
    exchange(a.doc, b.doc)
    expect(b.editor.getShape(id)).toMatchObject({ x: 10, y: 20 })
    a.editor.updateShape({ id, type: 'note', x: 300 })
    b.editor.updateShape({ id, type: 'note', props: { richText: toRichText('Dream big') } })
    a.binding.flush()
    b.binding.flush()
    exchange(a.doc, b.doc)
    for (const p of [a, b]) {
      expect(p.editor.getShape(id)).toMatchObject({ x: 300, props: { richText: toRichText('Dream big') } })
    }
    converged(a, b)
    expect([...a.invalid, ...b.invalid]).toEqual([])
  })

  it('a remote delete of a page with shapes and a bound arrow does not throw, and converges', () => {
    const { a, b } = pair()
    const pageId = PageRecordType.createId('second')
    a.editor.createPage({ id: pageId, name: 'Second' })
    a.editor.setCurrentPage(pageId)
    const box = createShapeId('box')
    const arrow = createShapeId('arrow')
    a.editor.createShape({ id: box, type: 'geo', x: 200, y: 0, props: { w: 100, h: 100 } })
    a.editor.createShape({ id: arrow, type: 'arrow', x: 0, y: 0, props: { start: { x: 0, y: 0 }, end: { x: 250, y: 50 } } })
    a.editor.createBinding({
      type: 'arrow',
      fromId: arrow,
      toId: box,
      props: { terminal: 'end', normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false },
    })
    a.binding.flush()
    exchange(a.doc, b.doc)
    expect(b.editor.getShape(box)).toBeDefined()
    expect(b.editor.store.query.records('binding').get()).toHaveLength(1)

    // b is looking at that page when a deletes it
    b.editor.setCurrentPage(pageId)
    a.editor.deletePage(pageId)
    a.binding.flush()
    expect(() => exchange(a.doc, b.doc)).not.toThrow()
    // (tldraw 3.15's deletePage removes the page record only; whatever it leaves, b mirrors a)
    expect(b.editor.getPage(pageId)).toBeUndefined()
    expect(b.editor.getCurrentPageId()).not.toBe(pageId)
    expect(b.editor.getShape(box)).toEqual(a.editor.getShape(box))
    exchange(a.doc, b.doc)
    converged(a, b)
    expect([...a.invalid, ...b.invalid]).toEqual([])
  })

  it('a remote delete of a bound shape updates the arrow on both sides the same way', () => {
    const { a, b } = pair()
    const box = createShapeId('box')
    const arrow = createShapeId('arrow')
    a.editor.createShape({ id: box, type: 'geo', x: 200, y: 0, props: { w: 100, h: 100 } })
    a.editor.createShape({ id: arrow, type: 'arrow', x: 0, y: 0, props: { start: { x: 0, y: 0 }, end: { x: 250, y: 50 } } })
    a.editor.createBinding({
      type: 'arrow',
      fromId: arrow,
      toId: box,
      props: { terminal: 'end', normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false },
    })
    a.binding.flush()
    exchange(a.doc, b.doc)
    b.editor.deleteShape(box)
    b.binding.flush()
    exchange(a.doc, b.doc)
    exchange(a.doc, b.doc)
    expect(a.editor.getShape(box)).toBeUndefined()
    expect(a.editor.getShape(arrow)).toBeDefined()
    converged(a, b)
  })

  it('editor.undo (guarded) reverts our move but keeps the text someone else wrote since', () => {
    const { a, b } = pair()
    const id = createShapeId('n1')
    a.editor.createShape({ id, type: 'note', x: 0, y: 0, props: { richText: toRichText('mine') } })
    a.binding.flush()
    exchange(a.doc, b.doc)
    a.editor.markHistoryStoppingPoint('move')
    a.editor.updateShape({ id, type: 'note', x: 400 })
    a.binding.flush()
    exchange(a.doc, b.doc)
    b.editor.updateShape({ id, type: 'note', props: { richText: toRichText('theirs') } })
    b.binding.flush()
    exchange(a.doc, b.doc)

    a.editor.undo()
    a.binding.flush()
    exchange(a.doc, b.doc)
    for (const p of [a, b]) {
      expect(p.editor.getShape(id)).toMatchObject({ x: 0, props: { richText: toRichText('theirs') } })
    }
    a.editor.redo()
    a.binding.flush()
    exchange(a.doc, b.doc)
    for (const p of [a, b]) {
      expect(p.editor.getShape(id)).toMatchObject({ x: 400, props: { richText: toRichText('theirs') } })
    }
    // b never did anything undoable except its text edit; its undo reverts only that
    b.editor.undo()
    b.binding.flush()
    exchange(a.doc, b.doc)
    for (const p of [a, b]) {
      expect(p.editor.getShape(id)).toMatchObject({ x: 400, props: { richText: toRichText('mine') } })
    }
    converged(a, b)
  })

  it('remote changes are not in the Editor undo stack', () => {
    const { a, b } = pair()
    const before = b.editor.getCanUndo()
    a.editor.createShape({ id: createShapeId('x'), type: 'geo', x: 1, y: 1 })
    a.binding.flush()
    exchange(a.doc, b.doc)
    expect(b.editor.getCanUndo()).toBe(before)
  })

  it('the doc never holds camera, instance or presence records, whatever the Editor does', () => {
    const { a } = pair()
    a.editor.setCamera({ x: 100, y: 50, z: 2 })
    a.editor.createShape({ id: createShapeId('s'), type: 'geo', x: 1, y: 1 })
    a.editor.select(createShapeId('s') as TLShapeId)
    a.editor.updateInstanceState({ isGridMode: true })
    a.binding.flush()
    const types = new Set(docRecords(a.doc).map((r) => r.typeName as string))
    expect([...types].sort()).toEqual(['document', 'page', 'shape'])
  })

  it('a remote batch with a parent cycle: the editor stays usable and the good records of the batch arrive (F2)', () => {
    const { a, b } = pair()
    const evil = new Y.Doc()
    Y.applyUpdate(evil, Y.encodeStateAsUpdate(a.doc))
    const props = (type: string) => b.editor.getShapeUtil(type).getDefaultProps()
    const frame = (id: string, parentId: string) =>
      b.editor.store.schema.types.shape.create({ id, type: 'frame', parentId, index: 'a1', props: props('frame') } as never)
    evil.transact(() => {
      writeRecord(evil, frame('shape:p', 'shape:q'))
      writeRecord(evil, frame('shape:q', 'shape:p'))
      writeRecord(evil, frame('shape:self', 'shape:self'))
      writeRecord(evil, b.editor.store.schema.types.shape.create({ id: 'shape:good', type: 'geo', parentId: 'page:page', index: 'a2', props: props('geo') } as never))
    })
    expect(() => Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(evil, Y.encodeStateVector(b.doc)), TxOrigin.remote)).not.toThrow()
    const onPage = b.editor.getCurrentPageShapeIds()
    for (const id of ['shape:good', 'shape:p', 'shape:q', 'shape:self']) expect(onPage.has(id as TLShapeId), id).toBe(true)
    exchange(a.doc, b.doc)
    converged(a, b)
  })

  it('a note moved into a frame that someone deletes meanwhile stays on the page for everyone (F9)', () => {
    const { a, b } = pair()
    const frame = createShapeId('frame')
    const note = createShapeId('note')
    a.editor.createShape({ id: frame, type: 'frame', x: 0, y: 0, props: { w: 400, h: 400 } })
    a.editor.createShape({ id: note, type: 'note', x: 600, y: 0 })
    a.binding.flush()
    exchange(a.doc, b.doc)
    a.editor.reparentShapes([note], frame)
    a.binding.flush()
    b.editor.deleteShapes([frame])
    b.binding.flush()
    exchange(a.doc, b.doc)
    exchange(a.doc, b.doc)
    for (const p of [a, b]) {
      expect(p.editor.getShape(frame)).toBeUndefined()
      expect(p.editor.getCurrentPageShapeIds().has(note)).toBe(true)
    }
    converged(a, b)
  })

  it('pasting a URL makes a link card and contacts no other host: no page fetch, no embed iframe (F12)', async () => {
    const { a } = pair()
    // what <Tldraw> registers on mount, before the app's onMount runs
    registerDefaultExternalContentHandlers(a.editor, {
      toasts: { addToast: () => '', removeToast: () => '', clearToasts: () => {} },
      msg: (id: string) => id,
    } as never)
    stopUrlFetches(a.editor)
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementation(() => Promise.reject(new Error('no network in tests')))
    try {
      await a.editor.putExternalContent({ type: 'url', url: 'https://example.org/article', point: { x: 0, y: 0 } })
      await a.editor.putExternalContent({ type: 'url', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', point: { x: 500, y: 0 } })
      expect(fetchSpy).not.toHaveBeenCalled()
    } finally {
      fetchSpy.mockRestore()
    }
    const shapes = a.editor.getCurrentPageShapes()
    expect(shapes.map((s) => s.type).sort()).toEqual(['bookmark', 'bookmark'])
    for (const asset of a.editor.getAssets()) {
      expect(asset.props).toMatchObject({ image: '', favicon: '' })
    }
  })
})
