/**
 * Plane geometry for zones and items: zone outlines (shared with the client's renderer so what you
 * see is what membership uses), point containment, 2D affine transforms for parent chains.
 * Pure functions, no tldraw runtime.
 */

export type ZoneGeometry = 'rect' | 'ellipse' | 'arrow' | 'star'
export const ZONE_GEOMETRIES = ['rect', 'ellipse', 'arrow', 'star'] as const

export interface Point {
  x: number
  y: number
}

/** Fraction of the outer radius where a star's inner corners sit: fat, so there is room to write. */
export const STAR_INNER_RATIO = 0.55

/** The arrow's head is at most this fraction of its height long (and at most 30% of its width). */
export const ARROW_HEAD_RATIO = 0.35

/**
 * The outline of a right-pointing arrow filling a w×h box: a body of 80% of the height and a head
 * of up to 30% of the width and ARROW_HEAD_RATIO of the height (a short head leaves the width to
 * the steps). The arrow is decoration, so its head's length never changes which zone owns a note.
 */
export function arrowOutline(w: number, h: number): Point[] {
  const head = Math.min(w * 0.3, h * ARROW_HEAD_RATIO)
  const top = h * 0.1
  const bottom = h * 0.9
  return [
    { x: 0, y: top },
    { x: w - head, y: top },
    { x: w - head, y: 0 },
    { x: w, y: h / 2 },
    { x: w - head, y: h },
    { x: w - head, y: bottom },
    { x: 0, y: bottom },
  ]
}

/** A five-pointed star filling a w×h box, first point straight up. */
export function starOutline(w: number, h: number): Point[] {
  const cx = w / 2
  const cy = h / 2
  const pts: Point[] = []
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? 1 : STAR_INNER_RATIO
    const a = -Math.PI / 2 + (i * Math.PI) / 5
    pts.push({ x: cx + Math.cos(a) * r * (w / 2), y: cy + Math.sin(a) * r * (h / 2) })
  }
  return pts
}

/** Polygon outline for polygonal geometries; undefined for rect and ellipse (drawn natively). */
export function zoneOutline(geometry: ZoneGeometry, w: number, h: number): Point[] | undefined {
  if (geometry === 'arrow') return arrowOutline(w, h)
  if (geometry === 'star') return starOutline(w, h)
  return undefined
}

export function pointInPolygon(p: Point, poly: Point[]): boolean {
  let inside = false
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i]
    const b = poly[j]
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside
  }
  return inside
}

function polygonArea(poly: Point[]): number {
  let s = 0
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) s += poly[j].x * poly[i].y - poly[i].x * poly[j].y
  return Math.abs(s) / 2
}

/** Is a point in zone-local coordinates inside a w×h zone of this geometry? Edges count as inside. */
export function localContains(geometry: ZoneGeometry, w: number, h: number, p: Point): boolean {
  if (!(w > 0 && h > 0)) return false
  switch (geometry) {
    case 'ellipse': {
      const dx = (p.x - w / 2) / (w / 2)
      const dy = (p.y - h / 2) / (h / 2)
      return dx * dx + dy * dy <= 1
    }
    case 'arrow':
    case 'star':
      return pointInPolygon(p, zoneOutline(geometry, w, h)!)
    default:
      return p.x >= 0 && p.x <= w && p.y >= 0 && p.y <= h
  }
}

export function localArea(geometry: ZoneGeometry, w: number, h: number): number {
  if (geometry === 'ellipse') return (Math.PI * w * h) / 4
  const outline = zoneOutline(geometry, w, h)
  return outline ? polygonArea(outline) : w * h
}

/** 2D affine matrix [a c e; b d f] (same layout as DOMMatrix / tldraw's Mat). */
export interface Mat {
  a: number
  b: number
  c: number
  d: number
  e: number
  f: number
}

export const IDENTITY: Mat = { a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 }

export function multiply(m: Mat, n: Mat): Mat {
  return {
    a: m.a * n.a + m.c * n.b,
    b: m.b * n.a + m.d * n.b,
    c: m.a * n.c + m.c * n.d,
    d: m.b * n.c + m.d * n.d,
    e: m.a * n.e + m.c * n.f + m.e,
    f: m.b * n.e + m.d * n.f + m.f,
  }
}

/** The local transform of a tldraw shape: translate to (x, y), then rotate around that corner. */
export function shapeLocalTransform(x: number, y: number, rotation: number): Mat {
  const cos = Math.cos(rotation)
  const sin = Math.sin(rotation)
  return { a: cos, b: sin, c: -sin, d: cos, e: x, f: y }
}

export function applyMat(m: Mat, p: Point): Point {
  return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f }
}

export function invert(m: Mat): Mat | undefined {
  const det = m.a * m.d - m.b * m.c
  if (!det || !Number.isFinite(det)) return undefined
  return {
    a: m.d / det,
    b: -m.b / det,
    c: -m.c / det,
    d: m.a / det,
    e: (m.c * m.f - m.d * m.e) / det,
    f: (m.b * m.e - m.a * m.f) / det,
  }
}

export interface Ordered {
  /** Centre of the item, page space. */
  cx: number
  cy: number
  /** Height of the item (for the row tolerance). */
  h: number
  /** Final tie-break (e.g. the tldraw index key, then id) so equal positions sort the same every time. */
  tie: string
}

/** Smallest row tolerance, in canvas units. */
export const MIN_ROW_TOLERANCE = 20

/**
 * Reading order: top-to-bottom, left-to-right. Items are grouped into rows: sorted by centre y,
 * an item joins the current row when its centre is within half the smaller height (at least
 * MIN_ROW_TOLERANCE) of the row's first item; rows are then read left to right. So stickies placed
 * roughly side by side read as a row even when not perfectly aligned.
 */
export function readingOrder<T extends Ordered>(list: readonly T[]): T[] {
  const byY = [...list].sort((p, q) => p.cy - q.cy || p.cx - q.cx || cmp(p.tie, q.tie))
  const rows: T[][] = []
  for (const item of byY) {
    const row = rows[rows.length - 1]
    const anchor = row?.[0]
    if (anchor && item.cy - anchor.cy <= Math.max(MIN_ROW_TOLERANCE, 0.5 * Math.min(anchor.h, item.h))) row.push(item)
    else rows.push([item])
  }
  return rows.flatMap((row) => row.sort((p, q) => p.cx - q.cx || p.cy - q.cy || cmp(p.tie, q.tie)))
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
