// @vitest-environment jsdom
/**
 * A restore through the real binding and real Editors: two peers converge on the version, the
 * restore is one undo step, and undoing it brings the pre-restore board back for both.
 */
import {
  createShapeId,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  Editor,
  toRichText,
} from 'tldraw'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { bindStoreToDoc, type BoardBinding } from '../sync/binding'
import { TxOrigin } from '../sync/origins'
import { headlessEditor, storeDocRecords, stubMatchMedia } from '../sync/testkit'
import { restoreRecords, versionRecords } from './restore'

beforeAll(stubMatchMedia)

interface EditorPeer {
  editor: Editor
  doc: Y.Doc
  binding: BoardBinding
}

const editors: Editor[] = []
afterEach(() => {
  for (const e of editors.splice(0)) e.dispose()
})

function newEditorPeer(doc = new Y.Doc()): EditorPeer {
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
  const editor = headlessEditor(store)
  editors.push(editor)
  const binding = bindStoreToDoc(store, doc, { newBoard: true })
  binding.installUndoGuard(editor)
  return { editor, doc, binding }
}

function exchange(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), TxOrigin.remote)
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), TxOrigin.remote)
}

function sync(a: EditorPeer, b: EditorPeer) {
  a.binding.flush()
  b.binding.flush()
  exchange(a.doc, b.doc)
}

const shapeIds = (p: EditorPeer) => [...p.editor.store.allRecords().filter((r) => r.typeName === 'shape').map((r) => r.id)].sort()

describe('restoring a version through the binding', () => {
  it('two peers converge on the version, and one undo brings the pre-restore board back', () => {
    const a = newEditorPeer()
    const b = newEditorPeer()
    exchange(a.doc, b.doc)
    const n1 = createShapeId('n1')
    const n2 = createShapeId('n2')
    a.editor.createShape({ id: n1, type: 'note', x: 10, y: 20, props: { richText: toRichText('Dream') } })
    b.editor.createShape({ id: n2, type: 'geo', x: 300, y: 20, props: { w: 100, h: 80 } })
    sync(a, b)
    // The version: the board as the relay would hold it now.
    const version = Y.encodeStateAsUpdate(a.doc)
    const atVersion = storeDocRecords(a.editor.store)

    // Then b wipes the board and a adds something else.
    b.editor.markHistoryStoppingPoint('wipe')
    b.editor.deleteShapes([n1, n2])
    const later = createShapeId('later')
    a.editor.createShape({ id: later, type: 'geo', x: 0, y: 400, props: { w: 50, h: 50 } })
    a.editor.updateShape({ id: n1, type: 'note', x: 999 })
    sync(a, b)
    expect(shapeIds(b)).toEqual([later])
    const beforeRestore = storeDocRecords(a.editor.store)

    // a restores.
    const read = versionRecords(a.editor.store, version)
    if (!read.ok) throw new Error(read.error)
    const diff = restoreRecords(a.editor, read.records)
    expect(diff.removes).toEqual([later])
    sync(a, b)
    for (const p of [a, b]) {
      expect(shapeIds(p)).toEqual([n1, n2].sort())
      expect(p.editor.getShape(n1)).toMatchObject({ x: 10, y: 20 })
      expect(storeDocRecords(p.editor.store)).toEqual(atVersion)
    }

    // One undo on a: the board before the restore, for both.
    a.editor.undo()
    sync(a, b)
    for (const p of [a, b]) expect(storeDocRecords(p.editor.store)).toEqual(beforeRestore)
  })

  it('reads a version written by the binding and refuses damaged bytes plainly', () => {
    const a = newEditorPeer()
    a.editor.createShape({ id: createShapeId('x'), type: 'geo', x: 1, y: 2, props: { w: 10, h: 10 } })
    a.binding.flush()
    const ok = versionRecords(a.editor.store, Y.encodeStateAsUpdate(a.doc))
    expect(ok.ok && ok.records.some((r) => r.id === createShapeId('x'))).toBe(true)
    const bad = versionRecords(a.editor.store, new Uint8Array([1, 2, 3, 250, 251]))
    expect(bad.ok).toBe(false)
  })
})
