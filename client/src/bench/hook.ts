/**
 * Test hook for the client benchmarks (bench/client/run.ts), loaded only when this device's
 * localStorage has `circleboard.bench` set (main.tsx imports it lazily, so the first load carries
 * none of it). It puts on `window.__cbBench` what the benchmark drives in the page: building a
 * board through the real editor, the tldraw⇄Yjs binding against a plain store, and the plan.
 * Nothing here talks to the network or reads anything from outside the page.
 */
import * as Y from 'yjs'
import { createShapeId, createTLStore, defaultBindingUtils, getIndicesAbove, toRichText, type IndexKey, type Editor, type TLRecord, type TLShapeId } from 'tldraw'
import { bindStoreToDoc } from '../sync/binding'
import { allShapeUtils, defaultShapeProps } from '../board/session'
import { currentPlan, documentRecords, insertTemplate } from '../plan/boardActions'
import { PlanCache, boardToPlan } from '@circleboard/templates'

const newStore = () => createTLStore({ shapeUtils: allShapeUtils, bindingUtils: defaultBindingUtils })

const WORDS = ['listen', 'home', 'friends', 'music', 'work', 'garden', 'bus', 'college', 'cooking', 'football', 'choir', 'library', 'market', 'swim']

/** A note's text: a few words, different per note, about as long as what people write. */
export function noteText(i: number): string {
  return `${i + 1}. ${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]} ${WORDS[(i * 5 + 1) % WORDS.length]}`
}

const noteDefaults = (editor: Editor) => editor.getShapeUtil('note').getDefaultProps() as Record<string, unknown>

/** `n` note records in a grid from (x, y), `cols` wide, on `pageId`, with text. */
export function noteRecords(editor: Editor, n: number, at = { x: 0, y: 0 }, cols = 50, prefix = 'bench'): TLRecord[] {
  const pageId = editor.getCurrentPageId()
  const out: TLRecord[] = []
  const indexes = getIndicesAbove(editor.getHighestIndexForParent(pageId), n)
  for (let i = 0; i < n; i++) {
    const shape = editor.store.schema.types.shape.create({
      id: createShapeId(`${prefix}${i}`),
      type: 'note',
      parentId: pageId,
      index: indexes[i],
      x: at.x + (i % cols) * 240,
      y: at.y + Math.floor(i / cols) * 240,
      props: { ...noteDefaults(editor), richText: toRichText(noteText(i)) },
    } as never)
    out.push(shape as TLRecord)
  }
  return out
}

declare global {
  interface Window {
    __cbBench?: typeof bench
  }
}

const applyState: { records: TLRecord[]; update: Uint8Array | null } = { records: [], update: null }

const bench = {
  /** Notes only (what a plain tldraw app can show too): written through the editor, so through the binding. */
  addNotes(editor: Editor, n: number) {
    const records = noteRecords(editor, n)
    editor.run(() => editor.createShapes(records as never))
    return n
  },
  /** A PATH with `n` notes spread over its zones (the plan benchmark and the export). */
  pathWithNotes(editor: Editor, n: number) {
    const instanceId = insertTemplate(editor, 'path')
    const zones = editor
      .getCurrentPageShapes()
      .filter((s) => s.type === 'cb-zone' && (s.props as { instanceId?: string }).instanceId === instanceId)
    const notes: TLRecord[] = []
    const pageId = editor.getCurrentPageId()
    const indexes: IndexKey[] = getIndicesAbove(editor.getHighestIndexForParent(pageId), n)
    for (let i = 0; i < n; i++) {
      const zone = zones[i % zones.length]
      const b = editor.getShapePageBounds(zone)!
      const k = Math.floor(i / zones.length)
      const perRow = Math.max(1, Math.floor((b.w - 20) / 60))
      notes.push(
        editor.store.schema.types.shape.create({
          id: createShapeId(`planbench${i}`),
          type: 'note',
          parentId: pageId,
          index: indexes[i],
          x: b.x + 10 + (k % perRow) * 60,
          y: b.y + 40 + (Math.floor(k / perRow) % Math.max(1, Math.floor((b.h - 60) / 60))) * 60,
          props: { ...noteDefaults(editor), richText: toRichText(noteText(i)), size: 's' },
        } as never) as TLRecord,
      )
    }
    editor.run(() => editor.createShapes(notes as never))
    return { instanceId, zones: zones.length, notes: n }
  },
  /**
   * Where a plan extraction's time goes in the page, as the plan panel runs it: between runs one
   * note moves a little (a change, as in a live session), then reading the store's records, then
   * boardToPlan, with the panel's record cache (`cached`) or without it (as before it existed).
   */
  planParts(editor: Editor, runs: number, cached = true) {
    const read: number[] = []
    const extract: number[] = []
    const cache = cached ? new PlanCache() : undefined
    const notes = editor.getCurrentPageShapes().filter((s) => s.type === 'note')
    for (let i = 0; i < runs; i++) {
      const moving = notes[i % notes.length]
      editor.updateShape({ id: moving.id, type: 'note', x: moving.x + (i % 2 ? 1 : 0) })
      const t0 = performance.now()
      const records = documentRecords(editor.store)
      const t1 = performance.now()
      boardToPlan(records, { boardName: 'bench', cache })
      const t2 = performance.now()
      read.push(t1 - t0)
      extract.push(t2 - t1)
    }
    return { read, extract }
  },
  /** The board's document records as a store snapshot (for the plain tldraw app's storage). */
  snapshot(editor: Editor) {
    return editor.store.getStoreSnapshot('document')
  },
  /** The plan of the board, as the plan panel makes it; returns ms per extraction for each run. */
  plan(editor: Editor, runs: number, collectFirst = true) {
    const times: number[] = []
    let sections = 0
    let entries = 0
    for (let i = 0; i < runs; i++) {
      if (collectFirst) (globalThis as { gc?: () => void }).gc?.()
      const t0 = performance.now()
      const plan = currentPlan(editor, 'bench')
      times.push(performance.now() - t0)
      sections = plan.sections.length
      entries = JSON.stringify(plan).length
    }
    return { times, sections, planBytes: entries, records: documentRecords(editor.store).length }
  },
  /** Prepares `n` note records and the Yjs update a peer would send for them (through the binding). */
  prepareApply(editor: Editor, n: number) {
    // With the board's document and page, which every shape needs (the binding re-homes orphans).
    const base = [editor.store.get('document:document' as never), editor.getCurrentPage()] as TLRecord[]
    const records = [...base, ...noteRecords(editor, n, { x: 0, y: 0 }, 70, 'apply')]
    const store = newStore()
    const doc = new Y.Doc()
    const binding = bindStoreToDoc(store, doc, { newBoard: true, defaultShapeProps })
    store.put(records)
    binding.flush()
    applyState.records = store.allRecords()
    applyState.update = Y.encodeStateAsUpdate(doc)
    binding.dispose()
    return { shapes: applyState.records.filter((r) => r.typeName === 'shape').length, updateBytes: applyState.update.byteLength }
  },
  /**
   * One run. `ours-remote`: a bound store and doc, then the update arrives (how a peer's shapes come
   * in); `ours-open`: the doc already holds them when the binding starts (opening a board);
   * `yjs-only`: the update into a doc with no binding (what Yjs itself costs); `plain`: the same
   * records put into a plain tldraw store (as a sync layer that had them decoded would).
   */
  apply(kind: 'ours-remote' | 'ours-open' | 'yjs-only' | 'plain') {
    const { update, records } = applyState
    if (!update) throw new Error('prepareApply first')
    const store = newStore()
    const doc = new Y.Doc()
    // The garbage of the previous run is collected before this one (Chromium started with
    // --js-flags=--expose-gc by the benchmark); otherwise it lands in whichever run comes next.
    ;(globalThis as { gc?: () => void }).gc?.()
    let ms: number
    let disposeBinding = () => {}
    if (kind === 'ours-remote') {
      const binding = bindStoreToDoc(store, doc, { defaultShapeProps })
      disposeBinding = () => binding.dispose()
      const t0 = performance.now()
      Y.applyUpdate(doc, update, 'bench-remote')
      ms = performance.now() - t0
    } else if (kind === 'ours-open') {
      Y.applyUpdate(doc, update, 'bench-remote')
      const t0 = performance.now()
      const binding = bindStoreToDoc(store, doc, { defaultShapeProps })
      ms = performance.now() - t0
      disposeBinding = () => binding.dispose()
    } else if (kind === 'yjs-only') {
      const t0 = performance.now()
      Y.applyUpdate(doc, update, 'bench-remote')
      ms = performance.now() - t0
    } else {
      const t0 = performance.now()
      store.mergeRemoteChanges(() => store.put(records))
      ms = performance.now() - t0
    }
    const shapes = kind === 'yjs-only' ? records.length - 2 : store.allRecords().filter((r) => r.typeName === 'shape').length
    disposeBinding()
    doc.destroy()
    store.dispose()
    return { ms, shapes }
  },
}

window.__cbBench = bench
export type { TLShapeId }
