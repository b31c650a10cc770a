/**
 * The hand-drawn look of template zones: wobbly marker outlines (deterministic per zone, so every
 * participant and every export sees the same line) and a small set of pictograms a graphic
 * facilitator would draw (person, house, heart, key, star, bus…). Pure SVG, no tldraw runtime.
 */
import type { ReactElement } from 'react'
import type { Pictogram, Point } from '@circleboard/templates'

/** A small deterministic PRNG (mulberry32) seeded from a string: same zone, same wobble everywhere. */
export function seededRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353)
    h = (h << 13) | (h >>> 19)
  }
  let a = h >>> 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const fmt = (n: number) => (Math.round(n * 10) / 10).toString()

/**
 * A closed outline through `points`, each edge split into short runs nudged sideways by up to `amp`
 * units and joined with smooth curves: the line a marker pen makes, not a ruler.
 */
export function inkyPath(points: Point[], seed: string, amp: number, segment = 90): string {
  const rnd = seededRandom(seed)
  const pts: Point[] = []
  for (let i = 0; i < points.length; i++) {
    const a = points[i]
    const b = points[(i + 1) % points.length]
    const len = Math.hypot(b.x - a.x, b.y - a.y)
    const n = Math.max(1, Math.round(len / segment))
    const nx = len ? -(b.y - a.y) / len : 0
    const ny = len ? (b.x - a.x) / len : 0
    for (let k = 0; k < n; k++) {
      const t = k / n
      // Corners stay put (k === 0) so shapes keep their silhouette; the runs in between wander.
      const off = k === 0 ? 0 : (rnd() * 2 - 1) * amp
      pts.push({ x: a.x + (b.x - a.x) * t + nx * off, y: a.y + (b.y - a.y) * t + ny * off })
    }
  }
  if (pts.length < 3) return ''
  const mid = (p: Point, q: Point) => ({ x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 })
  const start = mid(pts[pts.length - 1], pts[0])
  let d = `M ${fmt(start.x)} ${fmt(start.y)}`
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]
    const m = mid(p, pts[(i + 1) % pts.length])
    d += ` Q ${fmt(p.x)} ${fmt(p.y)} ${fmt(m.x)} ${fmt(m.y)}`
  }
  return `${d} Z`
}

/** Points around an ellipse filling w×h (for inkyPath). */
export function ellipsePoints(w: number, h: number, n = 48): Point[] {
  return Array.from({ length: n }, (_, i) => {
    const a = (i / n) * Math.PI * 2
    return { x: w / 2 + (Math.cos(a) * w) / 2, y: h / 2 + (Math.sin(a) * h) / 2 }
  })
}

/** A rectangle with rounded corners as points (radius r; `top` only rounds the top corners). */
export function roundedRectPoints(w: number, h: number, r: number, topOnly = false): Point[] {
  const pts: Point[] = []
  const arc = (cx: number, cy: number, from: number) => {
    for (let k = 0; k <= 4; k++) {
      const a = from + (k / 4) * (Math.PI / 2)
      pts.push({ x: cx + Math.cos(a) * r, y: cy + Math.sin(a) * r })
    }
  }
  const rb = topOnly ? 0 : r
  arc(r, r, Math.PI)
  arc(w - r, r, -Math.PI / 2)
  if (rb) arc(w - rb, h - rb, 0)
  else pts.push({ x: w, y: h })
  if (rb) arc(rb, h - rb, Math.PI / 2)
  else pts.push({ x: 0, y: h })
  return pts
}

function starPath(cx: number, cy: number, r: number, inner = 0.45): string {
  const pts: string[] = []
  for (let i = 0; i < 10; i++) {
    const rr = i % 2 === 0 ? r : r * inner
    const a = -Math.PI / 2 + (i * Math.PI) / 5
    pts.push(`${fmt(cx + Math.cos(a) * rr)} ${fmt(cy + Math.sin(a) * rr)}`)
  }
  return `M ${pts.join(' L ')} Z`
}

/** Pictograms in a 100×100 box: strokes in the zone's accent, a light fill where it helps. */
const PICTOGRAM_PATHS: Record<Pictogram, Array<{ d: string; fill?: boolean }>> = {
  person: [{ d: 'M50 12 a14 14 0 1 0 0.1 0 Z', fill: true }, { d: 'M22 92 C22 62 34 48 50 48 C66 48 78 62 78 92' }],
  people: [
    { d: 'M34 22 a11 11 0 1 0 0.1 0 Z', fill: true },
    { d: 'M12 86 C12 62 20 50 34 50 C48 50 56 62 56 86' },
    { d: 'M68 30 a11 11 0 1 0 0.1 0 Z', fill: true },
    { d: 'M48 92 C48 70 56 58 68 58 C82 58 90 70 90 92' },
  ],
  star: [{ d: starPath(50, 52, 42), fill: true }],
  heart: [{ d: 'M50 86 C20 64 8 46 14 30 C20 14 42 14 50 32 C58 14 80 14 86 30 C92 46 80 64 50 86 Z', fill: true }],
  house: [{ d: 'M12 48 L50 14 L88 48' }, { d: 'M22 40 L22 88 L78 88 L78 40', fill: true }, { d: 'M42 88 L42 64 L58 64 L58 88' }],
  key: [{ d: 'M30 34 a16 16 0 1 0 0.1 0 Z', fill: true }, { d: 'M46 50 L92 50 M80 50 L80 66 M90 50 L90 62' }],
  flag: [{ d: 'M24 92 L24 10' }, { d: 'M24 14 C40 4 54 24 78 14 L78 52 C54 62 40 42 24 52 Z', fill: true }],
  foot: [
    { d: 'M36 92 C22 92 22 72 26 58 C30 44 48 44 50 58 C52 74 48 92 36 92 Z', fill: true },
    { d: 'M66 62 C54 62 54 44 58 32 C62 20 78 20 80 32 C82 46 78 62 66 62 Z', fill: true },
  ],
  calendar: [{ d: 'M14 24 L86 24 L86 88 L14 88 Z', fill: true }, { d: 'M14 40 L86 40 M32 12 L32 30 M68 12 L68 30 M34 62 L46 74 L68 52' }],
  tick: [{ d: 'M16 54 L40 78 L86 24' }],
  cross: [{ d: 'M22 22 L78 78 M78 22 L22 78' }],
  next: [{ d: 'M12 50 L82 50 M60 26 L86 50 L60 74' }],
  bus: [
    { d: 'M14 20 L86 20 L86 78 L14 78 Z', fill: true },
    { d: 'M14 46 L86 46 M38 20 L38 46 M62 20 L62 46' },
    { d: 'M30 78 a8 8 0 1 0 0.1 0 Z M70 78 a8 8 0 1 0 0.1 0 Z' },
  ],
  chest: [
    { d: 'M10 48 L90 48 L90 88 L10 88 Z', fill: true },
    { d: 'M10 48 C10 20 90 20 90 48' },
    { d: 'M44 44 L56 44 L56 60 L44 60 Z M28 28 L28 88 M72 28 L72 88' },
  ],
  bulb: [{ d: 'M50 10 C28 10 20 30 30 48 C36 58 38 62 38 70 L62 70 C62 62 64 58 70 48 C80 30 72 10 50 10 Z', fill: true }, { d: 'M40 80 L60 80 M44 90 L56 90' }],
  book: [{ d: 'M50 24 C40 14 24 14 10 18 L10 82 C24 78 40 78 50 88 C60 78 76 78 90 82 L90 18 C76 14 60 14 50 24 Z', fill: true }, { d: 'M50 24 L50 88' }],
  gift: [
    { d: 'M16 44 L84 44 L84 90 L16 90 Z', fill: true },
    { d: 'M10 30 L90 30 L90 44 L10 44 Z M50 30 L50 90' },
    { d: 'M50 30 C40 10 22 18 34 30 M50 30 C60 10 78 18 66 30' },
  ],
  link: [
    { d: 'M44 62 L30 76 C22 84 8 72 16 62 L34 46 C42 38 54 42 56 50' },
    { d: 'M56 38 L70 24 C78 16 92 28 84 38 L66 54 C58 62 46 58 44 50' },
  ],
  sun: [{ d: 'M50 30 a20 20 0 1 0 0.1 0 Z', fill: true }, { d: 'M50 6 L50 18 M50 82 L50 94 M6 50 L18 50 M82 50 L94 50 M19 19 L27 27 M73 73 L81 81 M19 81 L27 73 M73 27 L81 19' }],
  building: [{ d: 'M14 40 L50 14 L86 40 Z', fill: true }, { d: 'M14 88 L86 88 M22 88 L22 44 L78 44 L78 88 M36 50 L36 82 M50 50 L50 82 M64 50 L64 82' }],
}

/** A pictogram at (x, y), `size` units square. */
export function PictogramSvg({ name, x, y, size, stroke, fill, opacity = 1 }: { name: Pictogram; x: number; y: number; size: number; stroke: string; fill: string; opacity?: number }): ReactElement {
  const s = size / 100
  return (
    <g transform={`translate(${fmt(x)} ${fmt(y)}) scale(${s})`} opacity={opacity} data-pictogram={name}>
      {PICTOGRAM_PATHS[name].map((p, i) => (
        <path key={i} d={p.d} fill={p.fill ? fill : 'none'} stroke={stroke} strokeWidth={7} strokeLinecap="round" strokeLinejoin="round" />
      ))}
    </g>
  )
}

/** A big five-pointed star inside a w×h circle (the PATH North Star). */
export function starInCircle(w: number, h: number): string {
  return starPath(w / 2, h / 2 + Math.min(w, h) * 0.03, Math.min(w, h) * 0.47, 0.5)
}
