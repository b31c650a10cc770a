/**
 * Where a new template (or an imported plan) goes: centred in what the person is looking at, unless
 * that would land on top of what is already on the board — then just to the right of it, top-aligned,
 * so nobody's notes end up under a fresh set of zones.
 */
export interface BoxLike {
  x: number
  y: number
  w: number
  h: number
}

/** Space left between existing content and what is placed beside it (canvas units). */
export const PLACEMENT_GAP = 300

export function boxesOverlap(a: BoxLike, b: BoxLike): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/**
 * Top-left corner for something of `size`.
 *
 * @param viewport - the viewport in page space (editor.getViewportPageBounds())
 * @param content - bounds of everything on the page, or undefined on an empty page
 * @param size - width and height of what is placed
 */
export function placeBeside(viewport: BoxLike, content: BoxLike | undefined, size: { w: number; h: number }, gap = PLACEMENT_GAP): { x: number; y: number } {
  const centred = {
    x: Math.round(viewport.x + viewport.w / 2 - size.w / 2),
    y: Math.round(viewport.y + viewport.h / 2 - size.h / 2),
  }
  if (!content || !isFiniteBox(content) || !boxesOverlap({ ...centred, ...size }, content)) return centred
  return { x: Math.round(content.x + content.w + gap), y: Math.round(content.y) }
}

function isFiniteBox(b: BoxLike): boolean {
  return [b.x, b.y, b.w, b.h].every(Number.isFinite)
}

/**
 * The part of `area` that is not covered by any of `obstacles` (toolbars, panels and sheets drawn
 * over the canvas), as one rectangle: each obstacle that overlaps is cut away from whichever side
 * keeps the most room. An obstacle that covers everything is ignored rather than leaving nothing.
 */
export function visibleRect(area: BoxLike, obstacles: BoxLike[]): BoxLike {
  let r = { ...area }
  const sorted = obstacles.filter((o) => isFiniteBox(o) && o.w > 0 && o.h > 0).sort((a, b) => b.w * b.h - a.w * a.h)
  for (const o of sorted) {
    if (!boxesOverlap(r, o)) continue
    const right = r.x + r.w
    const bottom = r.y + r.h
    const candidates: BoxLike[] = [
      { x: r.x, y: o.y + o.h, w: r.w, h: bottom - (o.y + o.h) },
      { x: r.x, y: r.y, w: r.w, h: o.y - r.y },
      { x: o.x + o.w, y: r.y, w: right - (o.x + o.w), h: r.h },
      { x: r.x, y: r.y, w: o.x - r.x, h: r.h },
    ].filter((b) => b.w > 0 && b.h > 0)
    if (!candidates.length) continue
    r = candidates.reduce((best, b) => (b.w * b.h > best.w * best.h ? b : best))
  }
  return r
}

/**
 * The camera (tldraw's: screen = (page + camera) × z) that shows `content` whole and centred in
 * `visible`, a rectangle in the canvas container's own coordinates. Never zooms in past `maxZoom`
 * (a single sticky should not fill a projector) nor out past `minZoom` (tldraw's own limit).
 */
export function fitCamera(
  content: BoxLike,
  visible: BoxLike,
  { padding = 24, maxZoom = 1, minZoom = 0.1 }: { padding?: number; maxZoom?: number; minZoom?: number } = {},
): { x: number; y: number; z: number } {
  const w = Math.max(1, visible.w - 2 * padding)
  const h = Math.max(1, visible.h - 2 * padding)
  const fit = Math.min(w / Math.max(1, content.w), h / Math.max(1, content.h))
  const z = Math.min(maxZoom, Math.max(minZoom, fit))
  const cx = visible.x + visible.w / 2
  const cy = visible.y + visible.h / 2
  return { x: cx / z - (content.x + content.w / 2), y: cy / z - (content.y + content.h / 2), z }
}
