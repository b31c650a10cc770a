/**
 * Where a person's view of a board starts. The first time a board opens on a device (a joiner by
 * link, a projector) the view fits the board's content into the part of the canvas nobody's
 * toolbar or panel covers; after that, a reload returns to where that person last was. Views are
 * remembered per board on this device (localStorage, a bounded list), never shared.
 */
import { Box, react, type Editor, type TLPageId } from 'tldraw'
import { fitCamera, visibleRect, type BoxLike } from '../plan/placement'

const KEY = 'circleboard.views'
/** Enough for every board a person uses; the oldest views are dropped first. */
const MAX_VIEWS = 50
const SAVE_AFTER_MS = 400

export interface SavedView {
  pageId: string
  x: number
  y: number
  z: number
  /** When it was saved (ms), to drop the oldest. */
  t: number
}

function readAll(): Record<string, SavedView> {
  try {
    const raw = localStorage.getItem(KEY)
    const v = raw ? (JSON.parse(raw) as unknown) : null
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, SavedView>) : {}
  } catch {
    return {}
  }
}

function isView(v: unknown): v is SavedView {
  if (!v || typeof v !== 'object') return false
  const { pageId, x, y, z, t } = v as Record<string, unknown>
  return (
    typeof pageId === 'string' &&
    pageId.length < 200 &&
    [x, y, z, t].every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    (z as number) > 0 &&
    (z as number) <= 64
  )
}

export function loadView(boardKey: string): SavedView | null {
  const v = readAll()[boardKey]
  return isView(v) ? v : null
}

export function saveView(boardKey: string, view: Omit<SavedView, 't'>) {
  const all = readAll()
  all[boardKey] = { ...view, t: Date.now() }
  const keys = Object.keys(all)
  if (keys.length > MAX_VIEWS) {
    keys.sort((a, b) => (all[a]?.t ?? 0) - (all[b]?.t ?? 0))
    for (const k of keys.slice(0, keys.length - MAX_VIEWS)) delete all[k]
  }
  try {
    localStorage.setItem(KEY, JSON.stringify(all))
  } catch {
    // Storage full or private mode: the view is just not remembered.
  }
}

export function forgetView(boardKey: string) {
  const all = readAll()
  if (!(boardKey in all)) return
  delete all[boardKey]
  try {
    localStorage.setItem(KEY, JSON.stringify(all))
  } catch {
    // Nothing to do.
  }
}

/** Things drawn over the canvas that a fitted view should keep clear of. */
const OBSTACLES = [
  '.tlui-layout__top__left > *',
  '.tlui-layout__top__center > *',
  '.tlui-layout__top__right > *',
  '.tlui-layout__bottom__main > *',
].join(', ')
/** Our own overlays, outside tldraw's container: the plan sheet on narrow screens, the tools sheet. */
const APP_OBSTACLES = '.plan-panel, .bar-tools.open'

/** The part of the canvas people can actually see, in the container's own coordinates. */
export function visibleCanvas(editor: Editor): BoxLike {
  const container = editor.getContainer()
  const c = container.getBoundingClientRect()
  const rects = [...container.querySelectorAll(OBSTACLES), ...document.querySelectorAll(APP_OBSTACLES)]
    .map((el) => el.getBoundingClientRect())
    .map((r) => ({ x: r.left - c.left, y: r.top - c.top, w: r.width, h: r.height }))
  return visibleRect({ x: 0, y: 0, w: c.width, h: c.height }, rects)
}

/**
 * The last fit, while its animation may still be running (and a moment after): a canvas that
 * changes size meanwhile (the plan panel opening in the same instant) must still end up showing
 * what was being shown, not where the camera happened to be mid-animation.
 */
const recentFits = new WeakMap<Editor, { bounds: BoxLike; until: number }>()

/** Shows `bounds` (page space) whole in the visible part of the canvas. */
export function fitIntoView(editor: Editor, bounds: BoxLike, opts: { animate?: boolean } = {}) {
  editor.updateViewportScreenBounds(editor.getContainer())
  const cam = fitCamera(bounds, visibleCanvas(editor), { padding: 16 })
  const duration = opts.animate ? editor.options.animationMediumMs : 0
  recentFits.set(editor, { bounds: { x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h }, until: performance.now() + duration + 250 })
  editor.setCamera(cam, duration ? { animation: { duration } } : undefined)
}

/** Fits everything on the current page, if there is anything. */
export function fitContent(editor: Editor, opts: { animate?: boolean } = {}): boolean {
  const bounds = editor.getCurrentPageBounds()
  if (!bounds || !(bounds.w > 0 || bounds.h > 0)) return false
  fitIntoView(editor, bounds, opts)
  return true
}

/** Runs `fn` after the browser has laid out (and tldraw drawn its toolbars). */
function afterFrames(fn: () => void): () => void {
  let inner = 0
  const outer = requestAnimationFrame(() => {
    inner = requestAnimationFrame(fn)
  })
  return () => {
    cancelAnimationFrame(outer)
    cancelAnimationFrame(inner)
  }
}

/**
 * Restores this person's last view of the board, or fits its content the first time; keeps the
 * view remembered as it changes. When the board is still empty for someone who just joined, the
 * first content that arrives from others is fitted (a projector opened before the template went
 * in); content this person draws never moves their own view.
 */
export function installBoardView(editor: Editor, boardKey: string): () => void {
  const cleanups: (() => void)[] = []
  let settled = false
  const saved = loadView(boardKey)

  cleanups.push(
    afterFrames(() => {
      if (editor.isDisposed) return
      if (saved && editor.getPage(saved.pageId as TLPageId)) {
        if (editor.getCurrentPageId() !== saved.pageId) editor.setCurrentPage(saved.pageId as TLPageId)
        editor.setCamera({ x: saved.x, y: saved.y, z: saved.z })
        settled = true
      } else {
        settled = fitContent(editor)
      }
      startSaving()
    }),
  )

  if (!saved) {
    // Someone else's first shapes on a board that was empty when this person arrived.
    cleanups.push(
      editor.store.listen(
        () => {
          if (settled || editor.isDisposed || editor.getCurrentPageShapeIds().size === 0) return
          settled = true
          cleanups.push(afterFrames(() => !editor.isDisposed && fitContent(editor, { animate: true })))
        },
        { source: 'remote', scope: 'document' },
      ),
    )
    // ...but once this person adds something themselves, their view is theirs.
    cleanups.push(
      editor.store.listen(
        () => {
          if (editor.getCurrentPageShapeIds().size > 0) settled = true
        },
        { source: 'user', scope: 'document' },
      ),
    )
  }

  function startSaving() {
    let timer: ReturnType<typeof setTimeout> | null = null
    const stop = react('cb remember view', () => {
      const cam = editor.getCamera()
      const pageId = editor.getCurrentPageId()
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => saveView(boardKey, { pageId, x: cam.x, y: cam.y, z: cam.z }), SAVE_AFTER_MS)
    })
    cleanups.push(() => {
      stop()
      if (timer) clearTimeout(timer)
    })
  }

  return () => {
    for (const fn of cleanups.splice(0)) fn()
  }
}

/** The bounds of the shapes on the page that were not in `before`. */
export function boundsOfNew(editor: Editor, before: Set<string>): Box | null {
  let box: Box | null = null
  for (const id of editor.getCurrentPageShapeIds()) {
    if (before.has(id)) continue
    const b = editor.getShapePageBounds(id)
    if (b) box = box ? box.union(b) : b.clone()
  }
  return box
}

/**
 * Call just before the canvas area changes on purpose (the plan panel opening beside the canvas
 * or as a sheet over it): if the whole board was in view it is fitted again into what is left,
 * otherwise the middle of the view stays in the middle. Without it, opening the panel hid the
 * right-hand side of the board (on a PATH: the Dream and the Goal).
 */
export function keepViewAcrossResize(editor: Editor): () => void {
  // Still the old size: tldraw learns of the new one from a ResizeObserver after layout.
  const before = editor.getViewportPageBounds().clone()
  const content = editor.getCurrentPageBounds()
  const allVisible = !!content && before.contains(content)
  const shapes = editor.getCurrentPageShapeIds().size
  // Decided now, not two frames later: on a busy machine those frames can come after the fit's
  // animation ended, and the view measured here (`before`) was then a frame from the middle of it.
  const fitting = recentFits.get(editor)
  const wasFitting = !!fitting && performance.now() < fitting.until
  return afterFrames(() => {
    if (editor.isDisposed) return
    // A fit began meanwhile, perhaps measuring the old canvas, or one was under way (a template
    // being shown): show the same thing in the new canvas.
    const latest = recentFits.get(editor)
    if (latest && latest !== fitting) return fitIntoView(editor, latest.bounds)
    if (wasFitting && fitting) return fitIntoView(editor, fitting.bounds)
    // Something was inserted meanwhile: that insertion shows itself.
    if (editor.getCurrentPageShapeIds().size !== shapes) return
    editor.updateViewportScreenBounds(editor.getContainer())
    if (allVisible && fitContent(editor, { animate: true })) return
    const z = editor.getZoomLevel()
    const vp = editor.getViewportScreenBounds()
    editor.setCamera({ x: vp.w / 2 / z - before.center.x, y: vp.h / 2 / z - before.center.y, z })
  })
}
