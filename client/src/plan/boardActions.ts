/**
 * What the board bar and the plan panel do to the board, as plain functions over the editor. The
 * store is bound to the board's Y.Doc, so everything done here through the editor reaches everyone.
 */
import { Box, createShapeId, uniqueId, type Editor, type TLRecord, type TLShapeId, type TLStore } from 'tldraw'
import * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import {
  isIsoDate,
  newRoomId,
  nextActionStatus,
  parseActionText,
  richTextToPlain,
  setBoardName,
  setStoredSchema,
  statusMarker,
  stripStatusMarkers,
  writeRecord,
} from '@circleboard/shared'
import type { ActionStatus, BoardFile, Plan } from '@circleboard/shared'
import { PlanCache, boardToPlan, getTemplateBounds, planToBoard, readParticipants, templateToShapes, zoneShapeId } from '@circleboard/templates'
import type { TemplateOptions } from '@circleboard/templates'
import { localDbName } from '../board/localDb'
import { rememberBoard } from '../app/recentBoards'
import { placeBeside } from './placement'
import { prepareRecords } from './fileRecords'
import { planUi } from './uiState'

/** The board's document-scope records (what the Y.Doc holds): shapes, bindings, pages, assets, document. */
export function documentRecords(store: TLStore): TLRecord[] {
  const types = store.scopedTypes.document as ReadonlySet<string>
  return store.allRecords().filter((r) => types.has(r.typeName))
}

/**
 * What each record read as in the last extraction, per store: the live plan is read again after
 * every change and most records did not change. Safe because the store never changes a record in
 * place (a change is a new object), and the WeakMaps let go of a store and its records with them.
 */
const planCaches = new WeakMap<TLStore, PlanCache>()

export function currentPlan(editor: Editor, boardName: string, now = new Date()): Plan {
  let cache = planCaches.get(editor.store)
  if (!cache) planCaches.set(editor.store, (cache = new PlanCache()))
  return boardToPlan(documentRecords(editor.store), { boardName: boardName.trim() || undefined, now, cache })
}

export interface PlanDates {
  sessionDate?: string
  reviewDate?: string
}

export function readPlanDates(editor: Editor): PlanDates {
  const meta = editor.getDocumentSettings().meta as Record<string, unknown>
  return {
    sessionDate: isIsoDate(meta.sessionDate) ? meta.sessionDate : undefined,
    reviewDate: isIsoDate(meta.reviewDate) ? meta.reviewDate : undefined,
  }
}

/** Sets (a valid YYYY-MM-DD) or clears ('' / undefined) the session and review dates in the document meta. */
export function setPlanDates(editor: Editor, dates: PlanDates) {
  const meta: Record<string, unknown> = { ...(editor.getDocumentSettings().meta as Record<string, unknown>) }
  for (const key of ['sessionDate', 'reviewDate'] as const) {
    if (!(key in dates)) continue
    const v = dates[key]
    if (v && isIsoDate(v)) meta[key] = v
    else delete meta[key]
  }
  editor.updateDocumentSettings({ meta: meta as never })
}

/** The people who took part, as kept in the document meta (edited in the plan panel). */
export function readBoardParticipants(editor: Editor): string[] {
  return readParticipants((editor.getDocumentSettings().meta as Record<string, unknown>).participants)
}

/** Replaces the people who took part (blanks and repeats dropped); an empty list removes the field. */
export function setParticipants(editor: Editor, names: string[]) {
  const meta: Record<string, unknown> = { ...(editor.getDocumentSettings().meta as Record<string, unknown>) }
  const clean = readParticipants(names)
  if (clean.length) meta.participants = clean
  else delete meta.participants
  editor.updateDocumentSettings({ meta: meta as never })
}

/** Splits "Mo, Sam; J" (as typed into the panel) into names. */
export function splitNames(text: string): string[] {
  return readParticipants(text.split(/[,;\n]/))
}

// Action status (to do / doing / done) lives in actionStatus.ts: the action card's toolbar needs it
// at first paint, and the rest of this file is loaded later (issue 13, item 6).
export { cycleActionStatus, richTextWithStatus, setActionStatus, shapeActionStatus } from './actionStatus'

/** Selects a shape and puts the caret in its text, as the note tool does after a click. */
export function startEditing(editor: Editor, id: TLShapeId) {
  const shape = editor.getShape(id)
  if (!shape) return
  editor.select(id)
  editor.setEditingShape(id)
  editor.setCurrentTool('select.editing_shape', { target: 'shape', shape })
}

const NOTE = 200
const area = (b: Box | undefined) => (b ? b.w * b.h : 0)

/**
 * A free spot for a new note (or anything of `size`, e.g. an action card) inside a zone: the first
 * cell (reading order) clear of the zone's label, of other shapes and of nested zones; near the
 * zone's centre when it is full. The item is shrunk to fit short zones (7 Keys bands are shorter
 * than a note); `scale` says by how much, `w` × `h` is its size then.
 */
export function freeSpotIn(
  editor: Editor,
  zoneId: TLShapeId,
  size: { w: number; h: number } = { w: NOTE, h: NOTE },
): { x: number; y: number; scale: number; w: number; h: number } | undefined {
  const zone = editor.getShapePageBounds(zoneId)
  if (!zone) return undefined
  const scale = Math.max(0.3, Math.min(1, (zone.h - 70) / (size.h + 20), (zone.w - 20) / (size.w + 20)))
  const w = size.w * scale
  const h = size.h * scale
  // Clear of the zone's title and prompt (about 120 units at the top of a PATH step).
  const top = Math.min(zone.h * 0.3, 130)
  const others = editor
    .getCurrentPageShapes()
    .filter((s) => s.id !== zoneId)
    .map((s) => ({ s, b: editor.getShapePageBounds(s.id) }))
  const zoneAt = (x: number, y: number) =>
    editor
      .getShapesAtPoint({ x, y }, { hitInside: true })
      .filter((s) => s.type === 'cb-zone')
      .sort((a, b) => area(editor.getShapePageBounds(a.id)) - area(editor.getShapePageBounds(b.id)))[0]?.id
  // Fine steps, reading order: the first gap big enough, even between notes placed by hand.
  const step = Math.max(10, Math.min(w, h) / 5)
  for (let y = zone.y + top; y + h <= zone.maxY - 8; y += step) {
    for (let x = zone.x + 10 * scale; x + w <= zone.maxX - 8; x += step) {
      const box = new Box(x, y, w, h)
      const padded = box.clone().expandBy(6)
      if (others.some(({ s, b }) => b && s.type !== 'cb-zone' && b.collides(padded))) continue
      if (others.some(({ s, b }) => b && s.type === 'cb-zone' && b.collides(box) && zone.contains(b))) continue
      if (zoneAt(box.center.x, box.center.y) !== zoneId) continue
      return { x, y, scale, w, h }
    }
  }
  // Full: a little down and right of the centre for each note already there, so none hides another.
  const n = others.filter(({ s, b }) => b && s.type !== 'cb-zone' && zone.containsPoint(b.center)).length
  return { x: zone.center.x - w / 2 + ((n * 24) % 120), y: zone.center.y - h / 2 + ((n * 24) % 120), scale, w, h }
}

/**
 * Adds an empty note inside a template zone (the plan panel's "Add" button, for keyboard users),
 * brings it into view and puts the caret in it. Returns its id.
 */
export function addNoteInZone(editor: Editor, instanceId: string, zoneId: string): TLShapeId | undefined {
  if (editor.getIsReadonly()) return undefined
  const zid = zoneShapeId(instanceId, zoneId) as TLShapeId
  const zone = editor.getShape(zid)
  if (!zone || zone.type !== 'cb-zone') return undefined
  const pageId = editor.getAncestorPageId(zone)
  if (pageId && pageId !== editor.getCurrentPageId()) editor.setCurrentPage(pageId)
  const spot = freeSpotIn(editor, zid)
  if (!spot) return undefined
  const id = createShapeId()
  editor.markHistoryStoppingPoint('add note')
  editor.createShape({ id, type: 'note', x: spot.x, y: spot.y, props: { scale: spot.scale } })
  const b = editor.getShapePageBounds(id)
  // Readable while typing: at least 80% zoom, the note in the middle of the view.
  if (b && editor.getZoomLevel() < 0.8) editor.zoomToBounds(b.clone().expandBy(NOTE), { targetZoom: 1 })
  else if (b) editor.centerOnPoint(b.center)
  editor.focus()
  startEditing(editor, id)
  return id
}

/** Page bounds of everything on the current page, or undefined when it is empty. */
function contentBounds(editor: Editor): Box | undefined {
  return editor.getCurrentPageBounds() ?? undefined
}

function zoomTo(editor: Editor, box: Box) {
  // A generous inset: tldraw's toolbar (bottom) and style panel (top right) sit over the canvas.
  editor.zoomToBounds(box, { animation: { duration: editor.options.animationMediumMs }, inset: 140 })
}

/**
 * Runs `fn` once the layout has settled (e.g. after the plan panel opened and narrowed the canvas),
 * with the editor told its new size, so "centred in the view" means the view people will see.
 */
export function afterLayout(editor: Editor, fn: () => void) {
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      if (editor.isDisposed) return
      editor.updateViewportScreenBounds(editor.getContainer())
      fn()
    }),
  )
}

/** Opens the plan panel (on screens wide enough to keep a useful canvas beside it), then inserts. */
export function openPanelAndInsert(editor: Editor, templateId: string, opts: { options?: TemplateOptions; labels?: Record<string, string> } = {}) {
  if (!planUi.get().panelOpen && window.innerWidth >= 1000) planUi.set({ panelOpen: true })
  afterLayout(editor, () => insertTemplate(editor, templateId, opts))
}

/**
 * Inserts a template centred in the viewport (or to the right of what is on the page already),
 * with a fresh instance id so several copies each keep their own plan section, then zooms to it.
 * One undo step. Returns the instance id.
 */
export function insertTemplate(editor: Editor, templateId: string, opts: { options?: TemplateOptions; labels?: Record<string, string> } = {}): string {
  const pageId = editor.getCurrentPageId()
  const bounds = getTemplateBounds(templateId, opts.options)
  const at = placeBeside(editor.getViewportPageBounds(), contentBounds(editor), bounds)
  const instanceId = uniqueId(12).replace(/[^a-zA-Z0-9_-]/g, '_')
  const zones = templateToShapes(templateId, {
    x: at.x - bounds.x,
    y: at.y - bounds.y,
    instanceId,
    parentId: pageId,
    startIndex: editor.getHighestIndexForParent(pageId),
    options: opts.options,
    labels: opts.labels,
  })
  editor.markHistoryStoppingPoint('insert template')
  editor.run(() => editor.createShapes(zones as never), { ignoreShapeLock: true })
  zoomTo(editor, new Box(at.x, at.y, bounds.w, bounds.h))
  return instanceId
}

/** Renames a zone (a silo's name plate). Zones are locked, so this goes round the lock on purpose. */
export function renameZone(editor: Editor, instanceId: string, zoneId: string, label: string) {
  const id = zoneShapeId(instanceId, zoneId) as TLShapeId
  const shape = editor.getShape(id)
  if (!shape || shape.type !== 'cb-zone') return false
  editor.markHistoryStoppingPoint('rename zone')
  editor.run(() => editor.updateShape({ id, type: 'cb-zone', props: { label: label.trim().slice(0, 200) } } as never), { ignoreShapeLock: true })
  return true
}

/** Selects a shape the plan names and brings it into view (switching page if needed). */
export function showShape(editor: Editor, shapeId: string | undefined): boolean {
  if (!shapeId) return false
  const id = shapeId as TLShapeId
  const shape = editor.getShape(id)
  if (!shape) return false
  const pageId = editor.getAncestorPageId(shape)
  if (pageId && pageId !== editor.getCurrentPageId()) editor.setCurrentPage(pageId)
  editor.select(id)
  editor.zoomToSelection({ animation: { duration: editor.options.animationMediumMs } })
  return true
}

function roughShapeBounds(records: TLRecord[]): Box | undefined {
  let box: Box | undefined
  for (const r of records) {
    if (r.typeName !== 'shape') continue
    const p = r.props as Record<string, unknown>
    const num = (v: unknown, d = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : d)
    const scale = num(p.scale, 1)
    let w = num(p.w)
    let h = num(p.h)
    if (r.type === 'note') {
      w = 200 * scale
      h = (200 + num(p.growY)) * scale
    }
    const b = new Box(r.x, r.y, w, h)
    box = box ? box.union(b) : b
  }
  return box
}

export interface ImportResult {
  shapes: number
  dropped: number
  warnings: string[]
}

/**
 * Adds a plan's templates and items to the current board, beside what is there (never on top), as
 * one undo step. Session and review dates, and the people who took part, are taken from the plan
 * only where the board has none.
 */
export function importPlanIntoBoard(editor: Editor, plan: Plan): ImportResult {
  const pageId = editor.getCurrentPageId()
  const built = planToBoard(plan, {
    pageId,
    withDocumentAndPage: false,
    startIndex: editor.getHighestIndexForParent(pageId),
    newId: () => uniqueId(12).replace(/[^a-zA-Z0-9_-]/g, '_'),
  })
  const prepared = prepareRecords(editor.store, built.records, editor.store.schema.serialize(), (id) => !!editor.store.get(id as TLRecord['id']))
  if (!prepared.ok) throw new Error(prepared.error)
  const records = prepared.records
  const rough = roughShapeBounds(records)
  let target: Box | undefined
  if (rough) {
    const at = placeBeside(editor.getViewportPageBounds(), contentBounds(editor), rough)
    const dx = at.x - rough.x
    const dy = at.y - rough.y
    for (const r of records) {
      if (r.typeName === 'shape' && r.parentId === pageId) Object.assign(r, { x: r.x + dx, y: r.y + dy })
    }
    target = new Box(at.x, at.y, rough.w, rough.h)
  }
  editor.markHistoryStoppingPoint('import plan')
  editor.run(() => editor.store.put(records), { ignoreShapeLock: true })
  const dates = readPlanDates(editor)
  const adopt: PlanDates = {}
  if (!dates.sessionDate && plan.sessionDate) adopt.sessionDate = plan.sessionDate
  if (!dates.reviewDate && plan.reviewDate) adopt.reviewDate = plan.reviewDate
  if (Object.keys(adopt).length) setPlanDates(editor, adopt)
  if (!readBoardParticipants(editor).length && plan.participants?.length) setParticipants(editor, plan.participants)
  if (target) zoomTo(editor, target)
  return { shapes: records.length, dropped: prepared.dropped, warnings: built.warnings }
}

/**
 * PNG or SVG of everything on the current page, on a white background. `maxSide` bounds a PNG's
 * longest side in pixels (browsers refuse canvases much beyond 8000 px; the printable plan needs far less).
 */
export async function exportBoardImage(editor: Editor, format: 'png' | 'svg', maxSide = 8000): Promise<Blob> {
  const ids = [...editor.getCurrentPageShapeIds()]
  if (!ids.length) throw new Error('The board is empty: there is nothing to export yet.')
  const bounds = editor.getCurrentPageBounds()
  const padding = 32
  const pixelRatio = format === 'png' ? pngPixelRatio((bounds?.w ?? 1) + 2 * padding, (bounds?.h ?? 1) + 2 * padding, maxSide) : undefined
  const { blob } = await editor.toImage(ids, { format, background: true, padding, pixelRatio })
  return blob
}

/** A canvas tldraw draws without probing the browser's limits: at most 4096² pixels (and 8192 a side). */
export const SAFE_CANVAS_AREA = 4096 * 4096

/**
 * The scale of a PNG of a `w`×`h` picture: sharp (2× where it fits), the longest side at most
 * `maxSide`, and the area at most SAFE_CANVAS_AREA. Past that area tldraw first measures the
 * browser's largest canvas by drawing test canvases up to 16384×16384 (1 GiB of pixels): 8 s of a
 * first PNG export in Chromium without a GPU (BENCHMARKS.md, client: PNG export).
 */
export function pngPixelRatio(w: number, h: number, maxSide = 8000): number {
  const side = Math.min(maxSide, 8192) / Math.max(w, h, 1)
  const area = Math.sqrt(SAFE_CANVAS_AREA / Math.max(w * h, 1))
  // 0.999: tldraw floors the canvas size, and the area check is strict on the other side.
  return Math.max(0.1, Math.min(2, side, area * 0.999))
}

/**
 * Opens a board file as a NEW board on this device: validated records go into a fresh Y.Doc kept
 * in IndexedDB under a new room id; the caller then navigates to it (the board page loads it and
 * syncs it to the relay). The current board is never touched.
 */
export async function writeNewBoardFromFile(store: TLStore, file: BoardFile): Promise<{ ok: true; roomId: string; dropped: number; reasons: string[] } | { ok: false; error: string }> {
  const prepared = prepareRecords(store, file.records, file.schema)
  if (!prepared.ok) return prepared
  if (!prepared.records.some((r) => r.typeName === 'shape')) {
    return { ok: false, error: 'This board file has nothing on it that Circleboard can show (no valid shapes).' }
  }
  const roomId = newRoomId()
  const doc = new Y.Doc()
  const idb = new IndexeddbPersistence(localDbName(roomId), doc)
  try {
    await idb.whenSynced
    doc.transact(() => {
      for (const r of prepared.records) writeRecord(doc, r)
      setStoredSchema(doc, store.schema.serialize())
      setBoardName(doc, file.name.trim().slice(0, 120))
    })
  } finally {
    // Closing waits for the write transaction the update started.
    await idb.destroy()
    doc.destroy()
  }
  await rememberBoard(roomId, file.name.trim().slice(0, 120))
  return { ok: true, roomId, dropped: prepared.dropped, reasons: prepared.reasons }
}
