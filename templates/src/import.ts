/**
 * Plan -> board: re-inserts each section's template and places its items as notes (actions as
 * cb-action cards) inside their zones, so that `boardToPlan(planToShapes(plan))` gives back the same
 * plan (apart from shape ids and the export time) for any plan boardToPlan produced.
 *
 * Placement uses the same membership rule as extraction (membership.ts): items are laid on a grid
 * inside the zone's own area (not in a nested zone, clear of the label), shrunk until they all fit,
 * in reading order.
 */
import { sectionEntryCount } from '@circleboard/shared'
import type { Plan, PlanSection } from '@circleboard/shared'
import { indexKeys } from './indexKeys'
import { Transforms, innermostZone, toLooseShape, toPlacedZone } from './membership'
import type { PlacedZone } from './membership'
import {
  ACTION_CARD_H,
  ACTION_CARD_W,
  DEFAULT_PAGE_ID,
  NOTE_SIZE,
  makeActionCard,
  makeArrow,
  makeDocument,
  makeNote,
  makePage,
} from './records'
import type { ShapeRecord } from './records'
import { getTemplateBounds, templateToShapes } from './place'
import { templateForSection } from './registry'
import type { SectionLayout, ZoneFillEntry } from './types'

export interface PlanToBoardOptions {
  /** Page to put everything on. Default 'page:page'. */
  pageId?: string
  /** Emit the tldraw document record (board name, session/review dates in meta) and the page record. Default true. */
  withDocumentAndPage?: boolean
  /** Top-left of the first section. Default 0,0. */
  x?: number
  y?: number
  /** Space between sections. Default 400. */
  gap?: number
  /** Index key of the first shape. Default 'a1'. */
  startIndex?: string
  /**
   * Makes ids for new instances and shapes (e.g. nanoid). Default: deterministic ids derived from the
   * plan; pass a generator when importing into a board that may already hold the same plan.
   */
  newId?: () => string
}

export interface PlanToBoardResult {
  records: Array<{ id: string; typeName: string }>
  /** Things that could not be placed faithfully, one sentence each. */
  warnings: string[]
}

const NOTE_CELL = 240 // a 200 note + margin
const CARD_CELL_W = 330
const CARD_CELL_H = 200
const MIN_SCALE = 0.12
/** Items stay clear of the zone's label (drawn at the top). */
const LABEL_BAND = 110
const PAD = 12

interface Slot {
  cx: number
  cy: number
  scale: number
}

/** Grid slots inside `zone` whose centre and corners all belong to it, reading order; shrinks until `n` fit. */
function slotsFor(zone: PlacedZone, zones: PlacedZone[], n: number, cards: boolean): Slot[] {
  const ox = zone.mat.e
  const oy = zone.mat.f
  const belongs = (x: number, y: number) => innermostZone(zones, zone.pageId, { x, y }) === zone
  const attempt = (scale: number, strict: boolean): Slot[] | undefined => {
    const cw = (cards ? CARD_CELL_W : NOTE_CELL) * scale
    const ch = (cards ? CARD_CELL_H : NOTE_CELL) * scale
    const iw = (cards ? ACTION_CARD_W : NOTE_SIZE) * scale
    const ih = (cards ? ACTION_CARD_H : NOTE_SIZE) * scale
    // Below the zone's label and prompt as drawn (legacy zones: their old ~110-unit heading).
    const top = strict ? Math.min(Math.max(LABEL_BAND, zone.textBottom + PAD), zone.h * 0.6) : 0
    const slots: Slot[] = []
    for (let cy = oy + top + ch / 2; cy <= oy + zone.h - PAD - ch / 2 + 1e-6 && slots.length < n; cy += ch) {
      for (let cx = ox + PAD + cw / 2; cx <= ox + zone.w - PAD - cw / 2 + 1e-6 && slots.length < n; cx += cw) {
        if (!belongs(cx, cy)) continue
        if (
          strict &&
          ![
            [-1, -1],
            [1, -1],
            [-1, 1],
            [1, 1],
          ].every(([dx, dy]) => belongs(cx + (dx * iw) / 2, cy + (dy * ih) / 2))
        )
          continue
        slots.push({ cx, cy, scale })
      }
    }
    return slots.length >= n ? slots : undefined
  }
  for (const strict of [true, false]) {
    for (let scale = 1; scale >= MIN_SCALE; scale *= 0.85) {
      const s = attempt(scale, strict)
      if (s) return s
    }
  }
  // Nowhere near enough room (thousands of items): stack them on the zone's centre; reading order
  // then falls back to the index keys, which ascend in plan order.
  const c = { cx: ox + zone.w / 2, cy: oy + zone.h / 2, scale: MIN_SCALE }
  return Array.from({ length: n }, () => c)
}

/**
 * The most a plan import adds to a board at once. A real session has tens to a few hundred items;
 * the schema alone lets a 20 MB file through with about a million, and every import is one store
 * write and one undo step that travels to everyone in the room, so a plan far beyond any session
 * is refused before anything is built (audit F14).
 */
export const MAX_IMPORT_ITEMS = 5_000
/** Template instances per import: each is 10-40 locked zones. */
export const MAX_IMPORT_SECTIONS = 50

/** Everything a plan import would place as a shape: items, actions, enrol entries, offers, bridges. */
export function planEntryCount(plan: Plan): number {
  return plan.sections.reduce((n, s) => n + sectionEntryCount(s), plan.elsewhere?.length ?? 0)
}

/** Why a plan is too big to import, in words for the person importing it, or undefined when it fits. */
export function planImportTooBig(plan: Plan): string | undefined {
  const fmt = (x: number) => x.toLocaleString('en-GB')
  if (plan.sections.length > MAX_IMPORT_SECTIONS) {
    return `This plan has ${fmt(plan.sections.length)} templates; Circleboard imports at most ${MAX_IMPORT_SECTIONS} at once. Split it into smaller plan files and import them one by one`
  }
  const n = planEntryCount(plan)
  if (n > MAX_IMPORT_ITEMS) {
    return `This plan has ${fmt(n)} items; Circleboard imports at most ${fmt(MAX_IMPORT_ITEMS)} at once (a session rarely has more than a few hundred). Split it into smaller plan files and import them one by one`
  }
  return undefined
}

/** Builds the board for a plan. See PlanToBoardResult. Throws (building nothing) when the plan is too big to import. */
export function planToBoard(plan: Plan, opts: PlanToBoardOptions = {}): PlanToBoardResult {
  const tooBig = planImportTooBig(plan)
  if (tooBig) throw new Error(tooBig)
  const pageId = opts.pageId ?? DEFAULT_PAGE_ID
  const gap = opts.gap ?? 400
  const warnings: string[] = []
  const records: PlanToBoardResult['records'] = []
  if (opts.withDocumentAndPage ?? true) {
    const doc = makeDocument({ name: plan.board.name, sessionDate: plan.sessionDate, reviewDate: plan.reviewDate })
    // The people who took part live beside the dates in the document meta (read by boardToPlan).
    const meta: Record<string, unknown> = doc.meta
    if (plan.participants?.length) meta.participants = [...plan.participants]
    records.push(doc)
    records.push(makePage({ id: pageId }))
  }
  let counter = 0
  const newId = opts.newId ?? (() => `imp${++counter}`)
  const usedIds = new Set<string>()
  const shapeId = () => {
    let id = `shape:${newId()}`
    while (usedIds.has(id)) id = `shape:${newId()}`
    usedIds.add(id)
    return id
  }

  // 1. Zones, one instance per section, left to right.
  let x = opts.x ?? 0
  const y = opts.y ?? 0
  let bottom = y
  const sectionZones: Array<{ section: PlanSection; layout: SectionLayout; instanceId: string; zones: ShapeRecord[] }> = []
  const zoneRecords: ShapeRecord[] = []
  const leftovers: ZoneFillEntry[] = []
  for (const section of plan.sections) {
    const def = templateForSection(section)
    if (!def) {
      warnings.push(`"${section.title}" uses a template this Circleboard does not have; its items were put below the board.`)
      if (section.template === 'generic') {
        for (const z of section.zones) leftovers.push(...z.items, ...z.actions.map(({ shapeId: id, ...action }) => ({ action, shapeId: id })))
      }
      continue
    }
    const layout = def.fromSection(section)
    const instanceId = opts.newId ? newId() : section.instanceId
    const bounds = getTemplateBounds(def.id, layout.options)
    const zones = templateToShapes(def.id, {
      x: x - bounds.x,
      y: y - bounds.y,
      instanceId,
      parentId: pageId,
      options: layout.options,
      labels: layout.labels,
    })
    for (const z of zones) usedIds.add(z.id)
    sectionZones.push({ section, layout, instanceId, zones })
    zoneRecords.push(...zones)
    x += bounds.w + gap
    bottom = Math.max(bottom, y + bounds.h)
  }

  const { shapes: items, arrows, warnings: fillWarnings, leftovers: notPlaced } = fillZones(
    zoneRecords,
    sectionZones.map(({ section, layout, instanceId }) => ({ title: section.title, instanceId, layout })),
    { pageId, shapeId },
  )
  warnings.push(...fillWarnings)
  leftovers.push(...notPlaced)

  // Everything else, in rows below the board.
  const below: ShapeRecord[] = []
  const elsewhere: ZoneFillEntry[] = [...leftovers, ...(plan.elsewhere ?? [])]
  const perRow = 10
  elsewhere.forEach((entry, i) => {
    const cx = (opts.x ?? 0) + (i % perRow) * NOTE_CELL + NOTE_SIZE / 2
    const cy = bottom + 300 + Math.floor(i / perRow) * NOTE_CELL + NOTE_SIZE / 2
    if ('action' in entry) {
      below.push(makeActionCard({ id: shapeId(), parentId: pageId, index: 'a1', x: cx - ACTION_CARD_W / 2, y: cy - ACTION_CARD_H / 2, action: entry.action }))
    } else if (entry.text.trim()) {
      below.push(makeNote({ id: shapeId(), parentId: pageId, index: 'a1', x: cx - NOTE_SIZE / 2, y: cy - NOTE_SIZE / 2, text: entry.text }))
    }
  })

  // Index keys: zones at the bottom (outermost first, as templateToShapes ordered them), then items, then arrows.
  const all = [...zoneRecords, ...items, ...below, ...arrows]
  const keys = indexKeys(all.length, opts.startIndex ?? 'a1')
  all.forEach((r, i) => (r.index = keys[i]))
  records.push(...all)
  return { records, warnings }
}

/**
 * Places entries in the zones of template instances already built with templateToShapes: notes for
 * text, cb-action cards for actions (and for text in an actions zone unless `actionsAsNotes`, which
 * keeps them as sticky text such as `Call Sam @Liz by Friday`), arrows for bridges. Shapes get index
 * 'a1'; the caller assigns real index keys. Entries for zones that do not exist come back in `leftovers`.
 */
export function fillZones(
  zoneRecords: ShapeRecord[],
  instances: Array<{ title: string; instanceId: string; layout: Pick<SectionLayout, 'fills' | 'bridges' | 'links'> }>,
  opts: { pageId: string; shapeId: () => string; actionsAsNotes?: boolean },
): { shapes: ShapeRecord[]; arrows: ShapeRecord[]; warnings: string[]; leftovers: ZoneFillEntry[] } {
  const { pageId, shapeId } = opts
  const warnings: string[] = []
  const leftovers: ZoneFillEntry[] = []
  // Membership as extraction will see it.
  const loose = new Map(zoneRecords.map((r) => [r.id, toLooseShape(r)!]))
  const transforms = new Transforms(loose)
  const placed = [...loose.values()].flatMap((s) => toPlacedZone(s, transforms) ?? [])

  const items: ShapeRecord[] = []
  /** Where each placed entry went: centre and half-size, for arrows that start or end on it. */
  interface Spot {
    cx: number
    cy: number
    hw: number
    hh: number
  }
  const place = (entries: ZoneFillEntry[], slots: Slot[], cards: boolean): Spot[] =>
    entries.map((entry, i) => {
      const { cx, cy, scale } = slots[i]
      if ('action' in entry) {
        const w = ACTION_CARD_W * scale
        const h = ACTION_CARD_H * scale
        items.push(makeActionCard({ id: shapeId(), parentId: pageId, index: 'a1', x: cx - w / 2, y: cy - h / 2, w, h, action: entry.action }))
        return { cx, cy, hw: w / 2, hh: h / 2 }
      }
      const size = NOTE_SIZE * scale
      items.push(
        makeNote({ id: shapeId(), parentId: pageId, index: 'a1', x: cx - size / 2, y: cy - size / 2, text: entry.text, scale, color: cards ? 'light-green' : 'yellow' }),
      )
      return { cx, cy, hw: size / 2, hh: size / 2 }
    })
  const arrows: ShapeRecord[] = []
  for (const { title, layout, instanceId } of instances) {
    const mine = placed.filter((z) => z.instanceId === instanceId)
    /** zone id → for each entry of its fill list, where it went (undefined: blank, not placed). */
    const spots = new Map<string, Array<Spot | undefined>>()
    for (const [zoneId, entries] of Object.entries(layout.fills)) {
      const liveIndex = entries.flatMap((e, i) => (('action' in e ? true : e.text.trim() !== '') ? [i] : []))
      const live = liveIndex.map((i) => entries[i])
      if (!live.length) continue
      const zone = mine.find((z) => z.zoneId === zoneId)
      if (!zone || zone.kind === 'decoration') {
        warnings.push(`"${title}": no zone "${zoneId}" to put ${live.length} item(s) in; they were put below the board.`)
        leftovers.push(...live)
        continue
      }
      const cards = zone.kind === 'actions' && !opts.actionsAsNotes
      // In an actions zone everything is an action; elsewhere a card would become text anyway.
      const normalised = live.map((e): ZoneFillEntry => (cards && !('action' in e) ? { action: { what: e.text, who: '', when: '', status: 'todo' } } : e))
      const where = place(normalised, slotsFor(zone, placed, normalised.length, cards), cards)
      const byIndex: Array<Spot | undefined> = []
      liveIndex.forEach((i, k) => (byIndex[i] = where[k]))
      spots.set(zoneId, byIndex)
    }
    // Bridges: arrows between name plates (or the top of the band), bent apart when several join the same pair.
    const pairCount = new Map<string, number>()
    for (const b of layout.bridges ?? []) {
      const from = mine.find((z) => z.zoneId === b.fromZoneId)
      const to = mine.find((z) => z.zoneId === b.toZoneId)
      if (!from || !to || from === to) {
        warnings.push(`"${title}": a bridge between "${b.fromZoneId}" and "${b.toZoneId}" has no zones to join and was left out.`)
        continue
      }
      const key = [b.fromZoneId, b.toZoneId].sort().join('>')
      const k = pairCount.get(key) ?? 0
      pairCount.set(key, k + 1)
      const anchor = (z: PlacedZone) => ({ x: z.mat.e + z.w / 2, y: z.mat.f + Math.min(65, z.h / 2) })
      const bend = k === 0 ? 0 : (k % 2 ? 1 : -1) * 60 * Math.ceil(k / 2)
      arrows.push(makeArrow({ id: shapeId(), parentId: pageId, index: 'a1', from: anchor(from), to: anchor(to), text: b.label, bend }))
    }
    // Links: arrows from a placed entry to another (a chain) or into a zone (a move). Their ends lie
    // just inside the entries' edges, facing each other, so extraction finds the same entries.
    for (const l of layout.links ?? []) {
      const a = spots.get(l.from.zoneId)?.[l.from.index]
      const toZone = mine.find((z) => z.zoneId === l.to.zoneId)
      const b = l.to.index === undefined ? undefined : spots.get(l.to.zoneId)?.[l.to.index]
      if (!a || (l.to.index === undefined ? !toZone : !b)) {
        warnings.push(`"${title}": an arrow from "${l.from.zoneId}" to "${l.to.zoneId}" has nothing to join and was left out.`)
        continue
      }
      const target = b ?? { cx: toZone!.mat.e + toZone!.w / 2, cy: toZone!.mat.f + Math.min(65, toZone!.h / 2), hw: 0, hh: 0 }
      const edge = (s: Spot, toward: { cx: number; cy: number }) => {
        const dx = toward.cx - s.cx
        const dy = toward.cy - s.cy
        const k = Math.max(Math.abs(dx) / (s.hw * 0.8 || 1), Math.abs(dy) / (s.hh * 0.8 || 1), 1e-9)
        return s.hw ? { x: s.cx + dx / Math.max(k, 1), y: s.cy + dy / Math.max(k, 1) } : { x: s.cx, y: s.cy }
      }
      arrows.push(makeArrow({ id: shapeId(), parentId: pageId, index: 'a1', from: edge(a, target), to: edge(target, a), text: l.label }))
    }
  }
  return { shapes: items, arrows, warnings, leftovers }
}

/** `planToBoard(plan, opts).records`: the records of a board showing this plan. */
export function planToShapes(plan: Plan, opts: PlanToBoardOptions = {}): PlanToBoardResult['records'] {
  return planToBoard(plan, opts).records
}
