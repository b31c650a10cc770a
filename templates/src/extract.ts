/**
 * boardToPlan: the plan is a pure function of the board's records (DESIGN.md), so the same code runs
 * in the client's export button, in the CLI and in tests.
 *
 * Rules (docs/plan-format.md, "How a board becomes a plan"):
 * - Zones are cb-zone shapes; an instance is all zones sharing templateId + instanceId.
 * - Items: notes, texts, geo shapes with a label, cb-action cards, images/videos with alt text,
 *   bookmarks/embeds (their URL). Drawings, lines, highlights, empty shapes are pictures, not data.
 *   Frames and groups are containers: their children count, they do not.
 * - An item belongs to the innermost non-decoration zone on its page containing its centre (page
 *   space, through parent frames/groups and rotations). Items in no zone are listed in `elsewhere`.
 * - Reading order: top-to-bottom, left-to-right, with the row tolerance in geometry.ts.
 * - In an `actions` zone every item is an action: cb-action cards as they are, text parsed with
 *   parseActionText (`Call Sam @Liz by Friday`).
 * - Arrows whose two ends (bound, or free end points) fall in two different zones of one instance
 *   become bridges (silos, moves). An end in sub-zone 'a.b' counts as zone 'a' when that exists.
 * - Arrows from one item to another (bound to them, or free ends on them) of one instance become
 *   links (relationship chains).
 * - Junk records are skipped, never thrown on.
 */
import {
  MAX_NAME,
  MAX_PARTICIPANTS,
  PLAN_FORMAT,
  PLAN_VERSION,
  formatActionText,
  isIsoDate,
  parseActionText,
  resolveWhen,
  richTextToPlain,
  META_VOTES,
} from '@circleboard/shared'
import type { GenericSection, Plan, PlanAction, PlanItem, PlanSection } from '@circleboard/shared'
import { applyMat, readingOrder, shapeLocalTransform } from './geometry'
import type { Mat } from './geometry'
import { Transforms, finite, innermostZone, isObject, str, toLooseShape, toPlacedZone } from './membership'
import type { LooseShape, PlacedZone } from './membership'
import { NOTE_SIZE } from './records'
import { getTemplate } from './registry'
import type { SectionReader, ZoneEntry } from './types'
import { ACTION_SHAPE_TYPE, ZONE_SHAPE_TYPE } from './types'

export interface BoardToPlanOptions {
  /** Board name for the plan; default the tldraw document's name, else 'Untitled board'. */
  boardName?: string
  /** "Now": the export time, and the reference day for relative dates when there is no session date. */
  now?: Date
  /** Override the session / review dates stored in the document record's meta (ISO dates). */
  sessionDate?: string
  reviewDate?: string
  /** Override the people who took part (document meta `participants`). */
  participants?: string[]
  /**
   * Remembers what each record reads as between extractions, for a caller whose records are never
   * changed in place (a tldraw store replaces a record when it changes). See PlanCache.
   */
  cache?: PlanCache
}

/** What one shape record reads as, whatever else is on the board. */
interface RecordReading {
  shape: LooseShape
  /** The item's text (not for action cards, whose text depends on the reference day). */
  text: string | undefined
  /**
   * Where the item sits, for an item straight on a page (its transform is its own); null when it
   * cannot be placed. Undefined for cards, zones and shapes inside frames or groups, which are
   * placed on every extraction.
   */
  placement?: Placement | null
}

/**
 * What each shape record read as in earlier extractions, keyed by the record object itself: a
 * live plan is re-extracted after every change, and most records did not change. Only for records
 * that are never mutated in place (tldraw's store makes a new object for every change); records
 * read from a file or built by hand must not be passed with a cache. Entries go with their records
 * (a WeakMap), so the cache never holds a deleted shape.
 */
export class PlanCache {
  private readonly readings = new WeakMap<object, RecordReading | null>()

  /** The record as a shape, and its item text; undefined when it is not a shape. */
  read(r: Record<string, unknown>): RecordReading | undefined {
    let reading = this.readings.get(r)
    if (reading === undefined) {
      reading = readRecord(r) ?? null
      this.readings.set(r, reading)
    }
    return reading ?? undefined
  }
}

function readRecord(r: Record<string, unknown>): RecordReading | undefined {
  const shape = toLooseShape(r)
  if (!shape) return undefined
  if (shape.type === ACTION_SHAPE_TYPE || shape.type === ZONE_SHAPE_TYPE) return { shape, text: undefined }
  const text = itemText(shape)
  if (!text || !shape.parentId.startsWith('page:')) return { shape, text }
  const placement = placeItem(shape, text, shapeLocalTransform(shape.x, shape.y, shape.rotation), shape.parentId) ?? null
  return { shape, text, placement }
}

/**
 * The people who took part, from the document meta (an array of names, written by the plan panel).
 * Untrusted: non-strings, blanks and duplicates are dropped, and names and the list are capped as
 * the plan schema caps them.
 */
export function readParticipants(value: unknown): string[] {
  if (!Array.isArray(value)) return []
  const out: string[] = []
  for (const v of value.slice(0, 1000)) {
    if (typeof v !== 'string') continue
    const name = v.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME)
    if (name && !out.includes(name)) out.push(name)
    if (out.length >= MAX_PARTICIPANTS) break
  }
  return out
}

/** Caps matching the plan schema, so an extracted plan always validates. */
const MAX_TEXT = 20_000
const clip = (s: string) => (s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s)

const FONT_SIZES: Record<string, number> = { s: 18, m: 24, l: 36, xl: 44 }
const CONTAINER_TYPES = new Set(['frame', 'group'])
const PICTURE_TYPES = new Set(['draw', 'highlight', 'line', 'arrow', ZONE_SHAPE_TYPE])

/** The text an item carries, or undefined when the shape is not an item. */
function itemText(s: LooseShape): string | undefined {
  if (CONTAINER_TYPES.has(s.type) || PICTURE_TYPES.has(s.type)) return undefined
  const p = s.props
  let text = ''
  if (p.richText !== undefined) text = richTextToPlain(p.richText)
  else if (typeof p.text === 'string') text = p.text
  else if (s.type === 'image' || s.type === 'video') text = str(p.altText)
  else if (s.type === 'bookmark' || s.type === 'embed') text = str(p.url)
  text = text.trim()
  return text ? clip(text) : undefined
}

/** The shape's size in its own coordinates (best effort: text width is estimated, not measured). */
function shapeSize(s: LooseShape, text: string): { w: number; h: number } {
  const p = s.props
  const scale = finite(p.scale, 1) || 1
  switch (s.type) {
    case 'note':
      return { w: NOTE_SIZE * scale, h: (NOTE_SIZE + finite(p.growY)) * scale }
    case 'geo':
      return { w: finite(p.w), h: finite(p.h) + finite(p.growY) }
    case 'text': {
      const font = FONT_SIZES[str(p.size, 'm')] ?? 24
      const lines = text.split('\n')
      const longest = Math.max(1, ...lines.map((l) => l.length))
      const w = p.autoSize === false ? finite(p.w) * scale : Math.max(16, longest * font * 0.6) * scale
      return { w, h: lines.length * font * 1.35 * scale }
    }
    default:
      return { w: Math.max(0, finite(p.w)), h: Math.max(0, finite(p.h)) }
  }
}

/** Where an item sits on its page: what it reads as when nothing around it matters. */
interface Placement {
  /** Centre, page space: the reading-order key. */
  cx: number
  cy: number
  /** Page-space height (rotation ignored), for the row tolerance and finding the item an arrow ends on. */
  h: number
  /** Page-space width (rotation ignored). */
  w: number
  pageId: string | undefined
  /** Reading order's last tie-break: index key, then id. */
  tie: string
}

interface FoundItem extends Placement {
  shape: LooseShape
  text: string
  zone: PlacedZone | undefined
}

/** An item's placement from its page transform, or undefined when it cannot be placed. */
function placeItem(s: LooseShape, text: string, mat: Mat, pageId: string | undefined): Placement | undefined {
  const size = shapeSize(s, text)
  const centre = applyMat(mat, { x: size.w / 2, y: size.h / 2 })
  if (!Number.isFinite(centre.x) || !Number.isFinite(centre.y)) return undefined
  const scaleY = Math.hypot(mat.c, mat.d) || 1
  const scaleX = Math.hypot(mat.a, mat.b) || 1
  return { cx: centre.x, cy: centre.y, h: size.h * scaleY, w: size.w * scaleX, pageId, tie: `${s.index}\u0000${s.id}` }
}

function cardAction(s: LooseShape, ref: Date | string): Omit<PlanAction, 'shapeId'> {
  const p = s.props
  let what = str(p.what).trim()
  let who = str(p.who).trim()
  let when = str(p.when).trim()
  let status: PlanAction['status'] = p.status === 'doing' ? 'doing' : p.status === 'done' ? 'done' : 'todo'
  // A card filled in a hurry with everything in "what": read it like sticky text.
  if (!who && !when && what) {
    const parsed = parseActionText(what, ref)
    what = parsed.what || what
    who = parsed.who
    when = parsed.when
    if (status === 'todo') status = parsed.status
  }
  const meta = s.meta
  const dueDate =
    isIsoDate(meta.dueDate) && meta.dueFor === when ? (meta.dueDate as string) : when ? resolveWhen(when, ref) : undefined
  return { what: clip(what), who: clip(who), when: clip(when), status, ...(dueDate ? { dueDate } : {}) }
}

interface Instance {
  templateId: string
  instanceId: string
  zones: PlacedZone[]
  entries: Map<string, ZoneEntry[]>
  bridges: SectionReader['bridges']
  links: SectionReader['links']
  pageOrder: number
  top: number
  bottom: number
  left: number
}

export function boardToPlan(records: unknown, opts: BoardToPlanOptions = {}): Plan {
  const list = Array.isArray(records) ? records : []
  const now = opts.now ?? new Date()

  const shapes = new Map<string, LooseShape>()
  const readings: RecordReading[] = []
  /** Dots each shape got in a dot vote, for the shapes that have any. */
  const votes = new Map<string, number>()
  const arrowShapes: LooseShape[] = []
  const pageOrder = new Map<string, string>()
  const bindings: Array<Record<string, unknown>> = []
  let documentRecord: Record<string, unknown> | undefined
  for (const r of list) {
    if (!isObject(r) || typeof r.id !== 'string') continue
    if (r.typeName === 'shape') {
      const reading = opts.cache ? opts.cache.read(r) : readRecord(r)
      if (reading && !shapes.has(reading.shape.id)) {
        shapes.set(reading.shape.id, reading.shape)
        const n = shapeVotes(reading.shape)
        if (n !== undefined) votes.set(reading.shape.id, n)
        readings.push(reading)
        if (reading.shape.type === 'arrow') arrowShapes.push(reading.shape)
      }
    } else if (r.typeName === 'binding') bindings.push(r)
    else if (r.typeName === 'page') pageOrder.set(r.id, str(r.index))
    else if (r.typeName === 'document') documentRecord = r
  }
  const docMeta = documentRecord && isObject(documentRecord.meta) ? documentRecord.meta : {}
  const sessionDate = [opts.sessionDate, docMeta.sessionDate].find(isIsoDate)
  const reviewDate = [opts.reviewDate, docMeta.reviewDate].find(isIsoDate)
  const participants = readParticipants(opts.participants ?? docMeta.participants)
  const ref: Date | string = sessionDate ?? now
  const boardName =
    opts.boardName ?? (documentRecord && str(documentRecord.name).trim() ? str(documentRecord.name).trim() : 'Untitled board')

  const transforms = new Transforms(shapes)
  const zones: PlacedZone[] = []
  for (const s of shapes.values()) {
    const z = toPlacedZone(s, transforms)
    if (z) zones.push(z)
  }

  // Items and where they belong.
  const items: FoundItem[] = []
  for (const reading of readings) {
    const s = reading.shape
    if (s.type === ZONE_SHAPE_TYPE) continue
    let text: string | undefined
    if (s.type === ACTION_SHAPE_TYPE) text = formatActionText(cardAction(s, ref)) || undefined
    else text = reading.text
    if (!text) continue
    let at = reading.placement
    if (at === undefined) {
      const { mat, pageId } = transforms.get(s.id)
      at = placeItem(s, text, mat, pageId)
    }
    if (!at) continue
    const zone = innermostZone(zones, at.pageId, { x: at.cx, y: at.cy })
    items.push({ cx: at.cx, cy: at.cy, h: at.h, w: at.w, pageId: at.pageId, tie: at.tie, shape: s, text, zone })
  }

  // Template instances.
  const instances = new Map<string, Instance>()
  const pageRank = (pageId: string | undefined) => {
    const sorted = [...pageOrder.entries()].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : 1))
    const i = sorted.findIndex(([id]) => id === pageId)
    return i === -1 ? sorted.length : i
  }
  for (const z of zones) {
    const key = `${z.templateId}\u0000${z.instanceId}`
    let inst = instances.get(key)
    if (!inst) {
      inst = {
        templateId: z.templateId,
        instanceId: z.instanceId,
        zones: [],
        entries: new Map(),
        bridges: [],
        links: [],
        pageOrder: pageRank(z.pageId),
        top: Infinity,
        bottom: -Infinity,
        left: Infinity,
      }
      instances.set(key, inst)
    }
    inst.zones.push(z)
    const corners = [
      { x: 0, y: 0 },
      { x: z.w, y: 0 },
      { x: 0, y: z.h },
      { x: z.w, y: z.h },
    ].map((c) => applyMat(z.mat, c))
    inst.top = Math.min(inst.top, ...corners.map((c) => c.y))
    inst.bottom = Math.max(inst.bottom, ...corners.map((c) => c.y))
    inst.left = Math.min(inst.left, ...corners.map((c) => c.x))
  }
  const instanceOf = (z: PlacedZone) => instances.get(`${z.templateId}\u0000${z.instanceId}`)!

  // Zone contents in reading order.
  const byZone = new Map<PlacedZone, FoundItem[]>()
  const elsewhere: FoundItem[] = []
  for (const it of items) {
    if (!it.zone) {
      elsewhere.push(it)
      continue
    }
    const found = byZone.get(it.zone)
    if (found) found.push(it)
    else byZone.set(it.zone, [it])
  }
  for (const [z, found] of byZone) {
    const entries: ZoneEntry[] = readingOrder(found).map((f) => {
      if (f.shape.type === ACTION_SHAPE_TYPE) {
        const action = cardAction(f.shape, ref)
        return { text: f.text, shapeId: f.shape.id, action }
      }
      if (z.kind === 'actions') return { text: f.text, shapeId: f.shape.id, action: parseActionText(f.text, ref) }
      return { text: f.text, shapeId: f.shape.id }
    })
    const inst = instanceOf(z)
    inst.entries.set(z.zoneId, [...(inst.entries.get(z.zoneId) ?? []), ...entries])
  }

  // Bridges: arrows with both ends in zones of one instance.
  const arrowEnds = new Map<string, { start?: Record<string, unknown>; end?: Record<string, unknown> }>()
  for (const b of bindings) {
    if (b.type !== 'arrow' || typeof b.fromId !== 'string' || typeof b.toId !== 'string' || !isObject(b.props)) continue
    const terminal = b.props.terminal
    if (terminal !== 'start' && terminal !== 'end') continue
    const ends = arrowEnds.get(b.fromId) ?? {}
    if (!ends[terminal]) ends[terminal] = b
    arrowEnds.set(b.fromId, ends)
  }
  const zoneByShapeId = new Map(zones.map((z) => [z.shapeId, z]))
  const itemById = new Map(arrowShapes.length ? items.map((it) => [it.shape.id, it]) : [])
  const arrows = arrowShapes.sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : a.id < b.id ? -1 : 1))
  for (const arrow of arrows) {
    const { mat, pageId } = transforms.get(arrow.id)
    const endZone = (terminal: 'start' | 'end'): PlacedZone | undefined => {
      const binding = arrowEnds.get(arrow.id)?.[terminal]
      if (binding) {
        const target = shapes.get(binding.toId as string)
        const boundZone = target && zoneByShapeId.get(target.id)
        if (boundZone) return boundZone
        if (target) {
          const anchor = isObject(binding.props) && isObject(binding.props.normalizedAnchor) ? binding.props.normalizedAnchor : {}
          const size = shapeSize(target, itemText(target) ?? '')
          const t = transforms.get(target.id)
          const p = applyMat(t.mat, { x: finite(anchor.x, 0.5) * size.w, y: finite(anchor.y, 0.5) * size.h })
          return innermostZone(zones, t.pageId, p, true)
        }
      }
      const local = isObject(arrow.props[terminal]) ? (arrow.props[terminal] as Record<string, unknown>) : {}
      return innermostZone(zones, pageId, applyMat(mat, { x: finite(local.x), y: finite(local.y) }), true)
    }
    // The item an end is on: the shape it is bound to, or the smallest item under a free end.
    const endItem = (terminal: 'start' | 'end'): FoundItem | undefined => {
      const binding = arrowEnds.get(arrow.id)?.[terminal]
      if (binding) return itemById.get(binding.toId as string)
      const local = isObject(arrow.props[terminal]) ? (arrow.props[terminal] as Record<string, unknown>) : {}
      const p = applyMat(mat, { x: finite(local.x), y: finite(local.y) })
      let best: FoundItem | undefined
      for (const it of items) {
        if (it.pageId !== pageId || Math.abs(p.x - it.cx) > it.w / 2 || Math.abs(p.y - it.cy) > it.h / 2) continue
        if (!best || it.w * it.h < best.w * best.h) best = it
      }
      return best
    }
    const label = clip((arrow.props.richText !== undefined ? richTextToPlain(arrow.props.richText) : str(arrow.props.text)).trim())
    const fromItem = endItem('start')
    const toItem = endItem('end')
    if (
      fromItem?.zone &&
      toItem?.zone &&
      fromItem !== toItem &&
      fromItem.zone.templateId === toItem.zone.templateId &&
      fromItem.zone.instanceId === toItem.zone.instanceId
    ) {
      instanceOf(fromItem.zone).links.push({
        fromItem: fromItem.shape.id,
        toItem: toItem.shape.id,
        fromZoneId: fromItem.zone.zoneId,
        toZoneId: toItem.zone.zoneId,
        label,
        shapeId: arrow.id,
      })
    }
    const from = endZone('start')
    const to = endZone('end')
    if (!from || !to || from.templateId !== to.templateId || from.instanceId !== to.instanceId) continue
    const inst = instanceOf(from)
    const present = new Set(inst.zones.map((z) => z.zoneId))
    const group = (zoneId: string) => {
      const head = zoneId.split('.')[0]
      return head !== zoneId && present.has(head) ? head : zoneId
    }
    const fromZoneId = group(from.zoneId)
    const toZoneId = group(to.zoneId)
    if (fromZoneId === toZoneId) continue
    inst.bridges.push({
      fromZoneId,
      toZoneId,
      label,
      shapeId: arrow.id,
      ...(fromItem ? { fromItem: fromItem.shape.id } : {}),
      ...(toItem ? { toItem: toItem.shape.id } : {}),
    })
  }

  // Sections, in reading order of the instances (page by page).
  const ordered = [...instances.values()].sort((a, b) => a.pageOrder - b.pageOrder)
  const sortedInstances: Instance[] = []
  for (const rank of [...new Set(ordered.map((i) => i.pageOrder))]) {
    const onPage = ordered.filter((i) => i.pageOrder === rank)
    sortedInstances.push(
      ...readingOrder(onPage.map((i) => ({ i, cx: i.left, cy: i.top, h: i.bottom - i.top, tie: i.instanceId }))).map((o) => o.i),
    )
  }
  const seenCount = new Map<string, number>()
  const sections: PlanSection[] = sortedInstances.map((inst) => {
    const def = getTemplate(inst.templateId)
    const name = def?.name ?? inst.templateId
    const n = (seenCount.get(name) ?? 0) + 1
    seenCount.set(name, n)
    const title = n === 1 ? name : `${name} (${n})`
    const zoneById = new Map(inst.zones.map((z) => [z.zoneId, z]))
    const defaults = new Map((def?.zones() ?? []).map((z) => [z.id, z.label]))
    const entries = (zoneId: string) => inst.entries.get(zoneId) ?? []
    const reader: SectionReader = {
      instanceId: inst.instanceId,
      title,
      label: (zoneId) => zoneById.get(zoneId)?.label ?? defaults.get(zoneId) ?? zoneId,
      entries,
      items: (zoneId) => entries(zoneId).map((e): PlanItem => ({ text: e.text, shapeId: e.shapeId })),
      actions: (zoneId) =>
        entries(zoneId).map((e): PlanAction => ({ ...(e.action ?? parseActionText(e.text, ref)), shapeId: e.shapeId })),
      zoneIds: () => inst.zones.map((z) => z.zoneId),
      bridges: inst.bridges,
      links: inst.links,
    }
    const section = def ? def.toSection(reader) : genericSection(inst, reader, inst.templateId)
    return addVotes(section, votes)
  })

  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    board: { name: clip(boardName), exportedAt: now.toISOString() },
    ...(sessionDate ? { sessionDate } : {}),
    ...(reviewDate ? { reviewDate } : {}),
    ...(participants.length ? { participants } : {}),
    sections,
    elsewhere: addVotes(readingOrder(elsewhere).map((f) => ({ text: f.text, shapeId: f.shape.id })), votes),
  }
}

/** Dots a shape got in a dot vote: `meta.votes`, written by the relay at the reveal (META_VOTES). */
export function shapeVotes(s: LooseShape | undefined): number | undefined {
  const v = s?.meta[META_VOTES]
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1_000_000 ? v : undefined
}

/**
 * Puts `votes` on every item, action, offer and enrol entry of a section whose shape has vote
 * results (`votes`: shape id → dots), whatever template built it (so a new template gets votes
 * without code of its own).
 * Order and everything else stay as they are.
 */
function addVotes<T>(value: T, votes: ReadonlyMap<string, number>): T {
  // Most boards have had no dot vote: nothing to walk.
  if (votes.size === 0) return value
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) visit(x)
      return
    }
    if (!isObject(v)) return
    if (typeof v.shapeId === 'string' && !('from' in v)) {
      const n = votes.get(v.shapeId)
      if (n !== undefined) v.votes = n
    }
    for (const x of Object.values(v)) if (typeof x === 'object' && x !== null) visit(x)
  }
  visit(value)
  return value
}

/** A template we do not know (made by a newer Circleboard, or a generic one): every zone, in reading order. */
function genericSection(inst: Instance, r: SectionReader, templateId: string): GenericSection {
  const zones = readingOrder(
    inst.zones
      .filter((z) => z.kind !== 'decoration')
      .map((z) => {
        const c = applyMat(z.mat, { x: z.w / 2, y: z.h / 2 })
        return { z, cx: c.x, cy: c.y, h: z.h, tie: z.zoneId }
      }),
  ).map((o) => o.z)
  return {
    template: 'generic',
    templateId,
    instanceId: inst.instanceId,
    title: r.title,
    zones: zones.map((z) => ({
      zoneId: z.zoneId,
      label: z.label,
      kind: z.kind === 'actions' ? 'actions' : 'items',
      items: z.kind === 'actions' ? [] : r.items(z.zoneId),
      actions: z.kind === 'actions' ? r.actions(z.zoneId) : [],
    })),
  }
}
