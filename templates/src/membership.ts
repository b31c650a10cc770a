/**
 * Which zone a point belongs to. Shared by boardToPlan (reading a board) and planToShapes (placing
 * items so that reading them back gives the same plan), so both agree by construction.
 */
import { IDENTITY, applyMat, invert, localArea, localContains, multiply, shapeLocalTransform } from './geometry'
import type { Mat, Point, ZoneGeometry } from './geometry'
import { ZONE_GEOMETRIES } from './geometry'
import { ZONE_KINDS, ZONE_SHAPE_TYPE } from './types'
import { LEGACY_LABEL_SIZE, LEGACY_PROMPT_SIZE, zoneTextLayout } from './zoneText'
import type { ZoneKind } from './types'

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
export function finite(v: unknown, fallback = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback
}
export function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback
}

/** A shape record after the minimal checks we need (junk never gets this far). */
export interface LooseShape {
  id: string
  type: string
  x: number
  y: number
  rotation: number
  parentId: string
  index: string
  props: Record<string, unknown>
  meta: Record<string, unknown>
}

export function toLooseShape(r: unknown): LooseShape | undefined {
  if (!isObject(r) || r.typeName !== 'shape' || typeof r.id !== 'string' || typeof r.type !== 'string') return undefined
  return {
    id: r.id,
    type: r.type,
    x: finite(r.x),
    y: finite(r.y),
    rotation: finite(r.rotation),
    parentId: str(r.parentId),
    index: str(r.index),
    props: isObject(r.props) ? r.props : {},
    meta: isObject(r.meta) ? r.meta : {},
  }
}

/** Page transforms of shapes through their parent chains (frames, groups), memoised, cycle-safe. */
export class Transforms {
  private readonly cache = new Map<string, { mat: Mat; pageId: string | undefined }>()
  constructor(private readonly shapes: ReadonlyMap<string, LooseShape>) {}

  get(id: string): { mat: Mat; pageId: string | undefined } {
    return this.resolve(id, null)
  }

  /** `visiting` is made only for shapes inside others (most shapes sit on a page: no allocation). */
  private resolve(id: string, visiting: Set<string> | null): { mat: Mat; pageId: string | undefined } {
    const cached = this.cache.get(id)
    if (cached) return cached
    const shape = this.shapes.get(id)
    if (!shape) return { mat: IDENTITY, pageId: undefined }
    const local = shapeLocalTransform(shape.x, shape.y, shape.rotation)
    let result: { mat: Mat; pageId: string | undefined }
    if (shape.parentId.startsWith('page:')) {
      result = { mat: local, pageId: shape.parentId }
    } else if (shape.parentId.startsWith('shape:') && this.shapes.has(shape.parentId) && !visiting?.has(id)) {
      visiting ??= new Set()
      visiting.add(id)
      const parent = this.resolve(shape.parentId, visiting)
      result = { mat: multiply(parent.mat, local), pageId: parent.pageId }
    } else {
      // Orphan or cycle: keep its own position, on no known page (it ends up "elsewhere").
      result = { mat: local, pageId: undefined }
    }
    this.cache.set(id, result)
    return result
  }
}

export interface PlacedZone {
  shapeId: string
  pageId: string | undefined
  templateId: string
  instanceId: string
  zoneId: string
  label: string
  prompt: string
  kind: ZoneKind
  geometry: ZoneGeometry
  w: number
  h: number
  mat: Mat
  inv: Mat
  area: number
  index: string
  /** Bottom of the zone's label and prompt (zone-local y): imported notes go below it. */
  textBottom: number
}

/** Reads a cb-zone shape; undefined when it is not one or is too broken to use. */
export function toPlacedZone(shape: LooseShape, transforms: Transforms): PlacedZone | undefined {
  if (shape.type !== ZONE_SHAPE_TYPE) return undefined
  const p = shape.props
  const templateId = str(p.templateId)
  const instanceId = str(p.instanceId)
  const zoneId = str(p.zoneId)
  const w = finite(p.w)
  const h = finite(p.h)
  if (!templateId || !instanceId || !zoneId || !(w > 0) || !(h > 0)) return undefined
  const geometry = (ZONE_GEOMETRIES as readonly string[]).includes(str(p.geometry)) ? (p.geometry as ZoneGeometry) : 'rect'
  const kind = (ZONE_KINDS as readonly string[]).includes(str(p.kind)) ? (p.kind as ZoneKind) : 'items'
  const { mat, pageId } = transforms.get(shape.id)
  const inv = invert(mat)
  if (!inv) return undefined
  return {
    shapeId: shape.id,
    pageId,
    templateId,
    instanceId,
    zoneId,
    label: str(p.label),
    prompt: str(p.prompt),
    kind,
    geometry,
    w,
    h,
    mat,
    inv,
    area: localArea(geometry, w, h) * Math.abs(mat.a * mat.d - mat.b * mat.c),
    index: shape.index,
    textBottom: zoneTextLayout({
      w, h, geometry, label: str(p.label), prompt: str(p.prompt),
      labelSize: finite(p.labelSize, LEGACY_LABEL_SIZE), promptSize: finite(p.promptSize, LEGACY_PROMPT_SIZE), decoration: str(p.decoration),
    }).bottom,
  }
}

export function zoneContains(z: PlacedZone, p: Point): boolean {
  return localContains(z.geometry, z.w, z.h, applyMat(z.inv, p))
}

/**
 * The innermost zone containing `p` on `pageId`: the smallest by area (so the My ring beats the Our
 * ring around it); on equal areas, the one drawn on top. Decoration zones are skipped unless
 * `includeDecoration` (bridges may end on a silo's name plate).
 */
export function innermostZone(
  zones: readonly PlacedZone[],
  pageId: string | undefined,
  p: Point,
  includeDecoration = false,
): PlacedZone | undefined {
  let best: PlacedZone | undefined
  for (const z of zones) {
    if (z.pageId !== pageId || pageId === undefined) continue
    if (!includeDecoration && z.kind === 'decoration') continue
    if (!zoneContains(z, p)) continue
    if (!best || z.area < best.area || (z.area === best.area && z.index > best.index)) best = z
  }
  return best
}
