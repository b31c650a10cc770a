/**
 * What a template is: data (zones in template-local coordinates) plus two small functions that map
 * the zones' contents to a plan section and back. Adding a template = adding one file like path.ts
 * and one line in registry.ts (docs/templates.md).
 */
import type { PlanAction, PlanItem, PlanSection } from '@circleboard/shared'
import type { ZoneGeometry } from './geometry'
import type { Decoration } from './poster'

export const ZONE_KINDS = ['items', 'actions', 'decoration'] as const
export type ZoneKind = (typeof ZONE_KINDS)[number]

/** The custom shape types the client registers (see client/src/shapes). */
export const ZONE_SHAPE_TYPE = 'cb-zone' as const
export const ACTION_SHAPE_TYPE = 'cb-action' as const

export interface ZoneDef {
  /**
   * Stable within the template; part of the zone shape's props. Use [a-zA-Z0-9_-], plus one '.' for
   * a sub-zone: 'silo1.offers' is part of 'silo1', so a bridge arrow ending in it ends at 'silo1'.
   */
  id: string
  /** Big heading drawn on the zone (facilitators can rename some, e.g. silo names). */
  label: string
  /** Smaller prompt under the label: the question participants answer here. */
  prompt: string
  /**
   * `items`: what is written here becomes plan items; `actions`: becomes actions (who/what/when);
   * `decoration`: drawn only (the PATH arrow, a silo's column, a key's frame) and never owns items.
   */
  kind: ZoneKind
  geometry: ZoneGeometry
  /** Template-local position and size (canvas units; the template's top-left is 0,0). */
  x: number
  y: number
  w: number
  h: number
  /** CSS colour of the zone (light: notes on top must stay readable). */
  color: string
  /** Outline, pictogram and label colour (a tldraw palette colour); default a dark grey. */
  accent?: string
  /**
   * Text sizes in canvas units. Default: what makes the whole template legible at "fit the template"
   * on a 1440×900 screen (see poster.ts). Group names (a key, a silo) are given larger sizes.
   */
  labelSize?: number
  promptSize?: number
  /** A pictogram drawn beside the label, or a frame style ('silo', 'chest'): see poster.ts. */
  decoration?: Decoration
}

/** One step of walking a template: what it is called, the question to show large, its zones. */
export interface WalkStep {
  /** Short name of the step (buttons, plan panel). */
  title: string
  /** The question put to the room, shown large in the step banner. */
  prompt: string
  /** Zones the step covers (template zone ids). */
  zoneIds: string[]
}

/** Options some templates take (silos: how many columns). */
export interface TemplateOptions {
  /** Number of silos (silos, 1-8, default 6) or of interest rows (interestToAction, 1-6, default 4). */
  count?: number
}

/** One thing found in a zone, already in reading order. */
export interface ZoneEntry {
  text: string
  shapeId: string
  /** Set for cb-action cards, and for every entry of an `actions` zone (text parsed leniently). */
  action?: Omit<PlanAction, 'shapeId'>
}

/** What a template's `toSection` gets: the contents of its zones on the board. */
export interface SectionReader {
  instanceId: string
  /** Section heading (the template name, numbered when a board has several instances). */
  title: string
  /** The zone's current label on the board (a renamed silo), or the template's default. */
  label(zoneId: string): string
  /** Items in a zone, reading order; cb-action cards appear as their text. */
  items(zoneId: string): PlanItem[]
  /** Actions in a zone, reading order (cards, or text parsed with parseActionText). */
  actions(zoneId: string): PlanAction[]
  /** Raw entries, for templates that parse text their own way (enrol, offers). */
  entries(zoneId: string): ZoneEntry[]
  /** Zone ids present on the board for this instance (a deleted zone is missing). */
  zoneIds(): string[]
  /**
   * Arrows between zones of this instance, an end in 'a.b' counts as 'a' when zone 'a' exists; creation (z) order.
   * `fromItem` / `toItem`: the item (note, text…) an end is on, when it is on one.
   */
  bridges: Array<{ fromZoneId: string; toZoneId: string; label: string; shapeId: string; fromItem?: string; toItem?: string }>
  /**
   * Arrows from one item to another (both in zones of this instance, same zone or not): relationship
   * chains. Items by shape id (as in `entries`), zones as they are (no grouping); creation (z) order.
   */
  links: Array<{ fromItem: string; toItem: string; fromZoneId: string; toZoneId: string; label: string; shapeId: string }>
}

/** One thing to place in a zone when a plan is imported. */
export type ZoneFillEntry =
  | { text: string; shapeId?: string }
  | { action: Omit<PlanAction, 'shapeId'>; shapeId?: string }

/** What a template's `fromSection` returns: how to rebuild the board for a plan section. */
export interface SectionLayout {
  options?: TemplateOptions
  /** Zone labels that differ from the template's (renamed silos). */
  labels?: Record<string, string>
  fills: Record<string, ZoneFillEntry[]>
  bridges?: Array<{ fromZoneId: string; toZoneId: string; label: string; shapeId?: string }>
  /**
   * Arrows that start on an entry of `fills` (its zone and its place in that zone's list) and end on
   * another entry, or, without `index`, in a zone (clear of its notes). Chains and moves.
   */
  links?: Array<{ from: { zoneId: string; index: number }; to: { zoneId: string; index?: number }; label: string; shapeId?: string }>
}

export const TEMPLATE_GROUPS = [
  { id: 'person', label: 'Planning with a person' },
  { id: 'strengths', label: 'Strengths and connections' },
  { id: 'community', label: 'Community and services' },
] as const
export type TemplateGroup = (typeof TEMPLATE_GROUPS)[number]['id']

export interface TemplateDef<S extends PlanSection = PlanSection> {
  /** Stored in every zone's props.templateId: never change it once boards exist. */
  id: string
  /** Name shown in the picker and as the plan section title. */
  name: string
  /** One line for the template picker. */
  description: string
  /** The plan section type this template produces. */
  section: S['template']
  /**
   * Where the template gallery lists it: planning with a person, strengths and connections, or
   * community and services. Optional: a template without one is listed under "More".
   */
  group?: TemplateGroup
  /** The zones, outermost first. `options` only matters for templates that take them. */
  zones(options?: TemplateOptions): ZoneDef[]
  /**
   * The method's order for walking the room through the template (templates/src/walk.ts): every
   * zone that holds items is in some step. Optional: a template without it cannot be walked.
   */
  steps?(options?: TemplateOptions): WalkStep[]
  toSection(reader: SectionReader): S
  fromSection(section: S): SectionLayout
}
