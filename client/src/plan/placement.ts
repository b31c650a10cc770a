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
