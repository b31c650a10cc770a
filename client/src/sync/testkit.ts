/**
 * Helpers for the sync tests (not shipped in the app bundle: only *.test.ts files import it).
 * A "peer" is what one browser tab has: a tldraw store bound to its own Y.Doc.
 */
import { readAllRecords } from '@circleboard/shared'
import {
  createShapeId,
  createTLStore,
  defaultAddFontsFromNode,
  defaultBindingUtils,
  defaultShapeTools,
  defaultShapeUtils,
  defaultTools,
  Editor,
  tipTapDefaultExtensions,
  GeoShapeUtil,
  NoteShapeUtil,
  TextShapeUtil,
  FrameShapeUtil,
  toRichText,
  type HistoryManager,
  type TLParentId,
  type TLRecord,
  type TLShape,
  type TLStore,
} from 'tldraw'
import * as Y from 'yjs'
import { bindStoreToDoc, type BindOptions, type BoardBinding } from './binding'
import { TxOrigin } from './origins'

export function newStore(): TLStore {
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
  // What the Editor does on mount: document, page, instance, camera... (@internal in tldraw's types)
  ;(store as unknown as { ensureStoreIsUsable(): void }).ensureStoreIsUsable()
  return store
}

// Default props straight from tldraw's shape utils (getDefaultProps does not need an editor).
const defaults = {
  note: new NoteShapeUtil(null as never).getDefaultProps(),
  geo: new GeoShapeUtil(null as never).getDefaultProps(),
  text: new TextShapeUtil(null as never).getDefaultProps(),
  frame: new FrameShapeUtil(null as never).getDefaultProps(),
}
export type SimpleShapeType = keyof typeof defaults

export function makeShape(
  store: TLStore,
  type: SimpleShapeType,
  opts: { id?: string; x?: number; y?: number; parentId?: string; index?: string; props?: object } = {}
): TLShape {
  return store.schema.types.shape.create({
    id: (opts.id ?? createShapeId()) as TLShape['id'],
    type,
    x: opts.x ?? 0,
    y: opts.y ?? 0,
    parentId: (opts.parentId ?? 'page:page') as TLParentId,
    index: (opts.index ?? 'a1') as TLShape['index'],
    props: { ...defaults[type], ...opts.props },
  } as never) as TLShape
}

export function noteText(text: string) {
  return toRichText(text)
}

/** A history stopping point, as editor.markHistoryStoppingPoint() makes (`_mark` is @internal). */
export function markHistory(history: HistoryManager<TLRecord>, id: string) {
  ;(history as unknown as { _mark(id: string): void })._mark(id)
}

export interface Peer {
  name: string
  store: TLStore
  doc: Y.Doc
  binding: BoardBinding
  invalid: Array<{ id: string; error: unknown }>
}

export function newPeer(name: string, opts: BindOptions & { doc?: Y.Doc; store?: TLStore } = {}): Peer {
  const store = opts.store ?? newStore()
  const doc = opts.doc ?? new Y.Doc()
  const invalid: Peer['invalid'] = []
  const binding = bindStoreToDoc(store, doc, {
    onInvalidRecord: (id, error) => invalid.push({ id, error }),
    newBoard: true,
    defaultShapeProps: (type) => (defaults as Record<string, object | undefined>)[type] as Record<string, unknown> | undefined,
    ...opts,
  })
  return { name, store, doc, binding, invalid }
}

/** Sends everything each doc has that the other lacks (what y-websocket's sync step does). */
export function exchange(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), TxOrigin.remote)
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), TxOrigin.remote)
}

/** Document-scope records of a store, sorted by id, as plain JSON. */
export function storeDocRecords(store: TLStore): Record<string, unknown>[] {
  return store
    .allRecords()
    .filter((r: TLRecord) => store.scopedTypes.document.has(r.typeName))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => JSON.parse(JSON.stringify(r)))
}

export function docRecords(doc: Y.Doc): Record<string, unknown>[] {
  return JSON.parse(JSON.stringify(readAllRecords(doc)))
}

/**
 * Makes tldraw deliver store changes to listeners once per (manual) animation frame, as in a
 * browser, instead of at once as it does under NODE_ENV=test. Local edits then really wait to be
 * written, which is where ordering bugs hide. Call the returned restore() when done.
 */
export function holdFrames(): { runFrame(): void; restore(): void } {
  const g = globalThis as Record<string, unknown>
  const saved = { raf: g.requestAnimationFrame, caf: g.cancelAnimationFrame, force: g.__FORCE_RAF_IN_TESTS__ }
  const frames: Array<() => void> = []
  g.__FORCE_RAF_IN_TESTS__ = true
  g.requestAnimationFrame = (cb: () => void) => frames.push(cb)
  g.cancelAnimationFrame = () => {}
  // tldraw's frame throttle compares Date.now() with its last flush; a clock that moves only with
  // our frames keeps runs repeatable (the fuzz must fail the same way for the same seed).
  const realNow = Date.now
  let clock = realNow()
  Date.now = () => clock
  const runFrame = () => {
    clock += 100
    for (const cb of frames.splice(0, frames.length)) cb()
  }
  return {
    runFrame,
    restore() {
      // leave tldraw's throttle idle for whoever comes next
      for (let i = 0; i < 5 && frames.length > 0; i++) runFrame()
      Date.now = realNow
      g.__FORCE_RAF_IN_TESTS__ = saved.force
      g.requestAnimationFrame = saved.raf
      g.cancelAnimationFrame = saved.caf
    },
  }
}

/**
 * A headless tldraw Editor on `store`, for jsdom tests (call stubMatchMedia first; dispose it
 * after). jsdom cannot measure text: a rough stand-in, as in tldraw's own TestEditor.
 */
export function headlessEditor(store: TLStore): Editor {
  const elm = document.createElement('div')
  document.body.appendChild(elm)
  const editor = new Editor({
    store,
    shapeUtils: defaultShapeUtils,
    bindingUtils: defaultBindingUtils,
    tools: [...defaultTools, ...defaultShapeTools],
    getContainer: () => elm,
    initialState: 'select',
    textOptions: { addFontsFromNode: defaultAddFontsFromNode, tipTapConfig: { extensions: tipTapDefaultExtensions } },
  })
  editor.textMeasure.measureText = (text, opts) => {
    const w = text.length * (opts.fontSize / 2)
    return { x: 0, y: 0, w: opts.maxWidth === null ? w : Math.max(w, opts.maxWidth), h: opts.fontSize * 2, scrollWidth: 0 }
  }
  editor.textMeasure.measureHtml = (html, opts) => editor.textMeasure.measureText(html.replace(/<[^>]+>/g, ''), opts)
  return editor
}

/** jsdom lacks matchMedia, which tldraw's user preferences read: a quiet stand-in for editor tests. */
export function stubMatchMedia() {
  window.matchMedia ??= ((media: string) => ({
    matches: false,
    media,
    onchange: null,
    addEventListener() {},
    removeEventListener() {},
    addListener() {},
    removeListener() {},
    dispatchEvent: () => false,
  })) as never
}

/** mulberry32: tiny, fast, deterministic; one generator for every seeded fuzz. */
export function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
    shuffle: <T>(xs: T[]): T[] => {
      for (let i = xs.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1))
        ;[xs[i], xs[j]] = [xs[j], xs[i]]
      }
      return xs
    },
  }
}
