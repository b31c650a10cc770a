/**
 * Template -> tldraw shape records (cb-zone), as the app inserts them and the CLI writes them.
 */
import { indexKeys } from './indexKeys'
import { DEFAULT_ACCENT, MIN_LABEL_PX, MIN_PROMPT_PX, fitZoom, unitsFor } from './poster'
import { makeZoneShape, zoneShapeId } from './records'
import type { ZoneShapeRecord } from './records'
import { getTemplate, templates } from './registry'
import type { TemplateOptions, ZoneDef } from './types'

export interface TemplateToShapesOptions {
  /** Page-space position of the template's top-left corner. */
  x: number
  y: number
  /** Distinguishes this instance from other instances of the same template (e.g. a nanoid). Use [a-zA-Z0-9_-]. */
  instanceId: string
  /** The page (or frame) to put the zones on, e.g. 'page:page'. */
  parentId: string
  /**
   * Index key of the first (bottom-most) zone; the rest go above it. Default 'a1'. Pass a free key,
   * e.g. `editor.getHighestIndexForParent(pageId)`, to draw on top of what is there already.
   */
  startIndex?: string
  /** Template options (silos: `{ count }`). */
  options?: TemplateOptions
  /** Zone labels to use instead of the template's (e.g. silo names). */
  labels?: Record<string, string>
}

/** Zones sorted so that outer (bigger) zones are drawn first, under the inner ones. */
export function zonesInDrawOrder(zones: readonly ZoneDef[]): ZoneDef[] {
  return zones
    .map((z, i) => ({ z, i }))
    .sort((a, b) => b.z.w * b.z.h - a.z.w * a.z.h || a.i - b.i)
    .map(({ z }) => z)
}

/** Bounding box of a list of zones. */
export function zonesBounds(zones: readonly ZoneDef[]): { x: number; y: number; w: number; h: number } {
  const minX = Math.min(...zones.map((z) => z.x))
  const minY = Math.min(...zones.map((z) => z.y))
  const maxX = Math.max(...zones.map((z) => z.x + z.w))
  const maxY = Math.max(...zones.map((z) => z.y + z.h))
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY }
}

/**
 * Text sizes for zones that do not set their own: legible (a little above the minimums) when the
 * whole template is fitted to a 1440×900 screen. A new template gets these for free.
 */
export function defaultTextSizes(zones: readonly ZoneDef[]): { label: number; prompt: number } {
  const b = zonesBounds(zones)
  const zoom = fitZoom(b.w, b.h)
  return { label: unitsFor(MIN_LABEL_PX + 2, zoom), prompt: unitsFor(MIN_PROMPT_PX + 1, zoom) }
}

/** The template's bounding box in template-local units (its top-left is always 0,0 or close). */
export function getTemplateBounds(templateId: string, options?: TemplateOptions): { x: number; y: number; w: number; h: number } {
  const def = getTemplate(templateId)
  if (!def) throw new Error(`Unknown template "${templateId}"`)
  return zonesBounds(def.zones(options))
}

/**
 * The cb-zone shape records for one template instance: locked, valid tldraw 3.15 records with
 * ascending index keys, outermost first. Throws on an unknown template id (a programming error).
 */
export function templateToShapes(templateId: string, opts: TemplateToShapesOptions): ZoneShapeRecord[] {
  const def = getTemplate(templateId)
  if (!def) throw new Error(`Unknown template "${templateId}". Known: ${templates.map((t) => t.id).join(', ')}.`)
  const defs = def.zones(opts.options)
  const sizes = defaultTextSizes(defs)
  const zones = zonesInDrawOrder(defs)
  const keys = indexKeys(zones.length, opts.startIndex ?? 'a1')
  return zones.map((z, i) =>
    makeZoneShape({
      id: zoneShapeId(opts.instanceId, z.id),
      parentId: opts.parentId,
      index: keys[i],
      x: opts.x + z.x,
      y: opts.y + z.y,
      props: {
        w: z.w,
        h: z.h,
        templateId: def.id,
        instanceId: opts.instanceId,
        zoneId: z.id,
        label: opts.labels?.[z.id] ?? z.label,
        prompt: z.prompt,
        kind: z.kind,
        geometry: z.geometry,
        color: z.color,
        accent: z.accent ?? DEFAULT_ACCENT,
        labelSize: z.labelSize ?? sizes.label,
        promptSize: z.promptSize ?? sizes.prompt,
        decoration: z.decoration ?? 'none',
      },
    }),
  )
}
