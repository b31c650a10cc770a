/**
 * Small helpers the later templates share: text sizes that are legible at "fit the template", the
 * height a zone's text takes, and the generic plan section read from / written back to the zones.
 * A template stays one file; this only saves each file the same ten lines.
 */
import { formatMentions, splitMentions } from '@circleboard/shared'
import type { GenericSection, Offer } from '@circleboard/shared'
import { MIN_LABEL_PX, MIN_PROMPT_PX, fitZoom, unitsFor } from './poster'
import { NOTE_SIZE } from './records'
import type { SectionLayout, SectionReader, ZoneDef, ZoneFillEntry } from './types'
import { zoneTextLayout } from './zoneText'

/** Room for one row of sticky notes under a zone's text. */
export const NOTE_ROOM = NOTE_SIZE + 30

/** Canvas-unit text sizes: zone labels, prompts, and the names of groups (larger than any label inside). */
export interface TextSizes {
  label: number
  prompt: number
  group: number
}

/** The height of a zone's text block as drawn (zoneText.ts). */
export function textHeight(label: string, prompt: string, s: { label: number; prompt: number }, w: number, decoration = 'none'): number {
  return Math.ceil(zoneTextLayout({ w, h: 10_000, geometry: 'rect', label, prompt, labelSize: s.label, promptSize: s.prompt, decoration }).bottom)
}

/**
 * Builds a layout whose zone heights follow from its text: the text is sized for the zoom the
 * finished template fits at on a 1440×900 screen (labels about 18 px, prompts 13 px, group names
 * 23 px), the layout rebuilt until the sizes are enough for the zoom it gives (sizes only grow, so
 * a few rounds settle it).
 */
export function fitted(build: (s: TextSizes) => ZoneDef[]): ZoneDef[] {
  let s: TextSizes = { label: 40, prompt: 30, group: 52 }
  let zones = build(s)
  for (let round = 0; round < 12; round++) {
    // (Not place.ts's zonesBounds: place.ts imports the registry, which imports this file.)
    const w = Math.max(...zones.map((z) => z.x + z.w)) - Math.min(...zones.map((z) => z.x))
    const h = Math.max(...zones.map((z) => z.y + z.h)) - Math.min(...zones.map((z) => z.y))
    const zoom = fitZoom(w, h)
    const need: TextSizes = {
      label: Math.max(s.label, unitsFor(MIN_LABEL_PX + 2, zoom)),
      prompt: Math.max(s.prompt, unitsFor(MIN_PROMPT_PX + 1, zoom)),
      group: Math.max(s.group, unitsFor(MIN_LABEL_PX + 7, zoom)),
    }
    if (need.label === s.label && need.prompt === s.prompt && need.group === s.group) break
    s = need
    zones = build(s)
  }
  return zones
}

/** Fills a list of zones' defaults with sizes (zones that set their own keep them). */
export function withSizes(zones: ZoneDef[], s: TextSizes): ZoneDef[] {
  return zones.map((z) => ({ labelSize: s.label, promptSize: s.prompt, ...z }))
}

/** The generic section of a one-file template: its zones in the method's order (`order`), those on the board. */
export function readGeneric(r: SectionReader, templateId: string, order: readonly string[], actionZones: readonly string[]): GenericSection {
  const present = new Set(r.zoneIds())
  return {
    template: 'generic',
    templateId,
    instanceId: r.instanceId,
    title: r.title,
    zones: order
      .filter((id) => present.has(id))
      .map((id) => {
        const actions = actionZones.includes(id)
        return { zoneId: id, label: r.label(id), kind: actions ? 'actions' : 'items', items: actions ? [] : r.items(id), actions: actions ? r.actions(id) : [] }
      }),
  }
}

/** The board for a generic section: its items and actions in their zones, renamed zones renamed. */
export function writeGeneric(s: GenericSection): SectionLayout {
  return {
    labels: Object.fromEntries(s.zones.map((z) => [z.zoneId, z.label])),
    fills: Object.fromEntries(
      s.zones.map((z) => [z.zoneId, [...z.items, ...z.actions.map(({ shapeId, ...action }): ZoneFillEntry => ({ action, shapeId }))]]),
    ),
  }
}

/** Offers read from notes: `Knows the café owner @Sam` → text + offeredBy. */
export function readOffers(r: SectionReader, zoneId: string): Offer[] {
  return r.entries(zoneId).map((e) => {
    const { text, names } = splitMentions(e.text)
    return names.length ? { text, offeredBy: names.join(', '), shapeId: e.shapeId } : { text, shapeId: e.shapeId }
  })
}

/** Offers written back as note text with `@name`. */
export function offerFills(list: Offer[]): ZoneFillEntry[] {
  return list.map((o) => ({ text: [o.text.trim(), o.offeredBy ? formatMentions(o.offeredBy) : ''].filter(Boolean).join(' '), shapeId: o.shapeId }))
}
