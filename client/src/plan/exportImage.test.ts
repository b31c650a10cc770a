import { describe, expect, it } from 'vitest'
import { SAFE_CANVAS_AREA, pngPixelRatio } from './boardActions'

// tldraw's getSvgAsImage probes the browser's largest canvas (seconds without a GPU) whenever the
// scaled picture is over 8192 a side or 4096² in area; a PNG export must stay under both.
const fits = (w: number, h: number, r: number) => w * r <= 8192 && h * r <= 8192 && w * r * (h * r) <= SAFE_CANVAS_AREA

describe('pngPixelRatio', () => {
  it('keeps small boards sharp (2×)', () => {
    expect(pngPixelRatio(1200, 800)).toBe(2)
  })

  it('keeps a PATH-sized board under the area tldraw would probe past', () => {
    // E.g. a PATH with notes around it: 2× would be 6128×3728, 22.8 M pixels.
    const r = pngPixelRatio(3064, 1864)
    expect(r).toBeLessThan(2)
    expect(r).toBeGreaterThan(1)
    expect(fits(3064, 1864, r)).toBe(true)
  })

  it('bounds the longest side by maxSide and very long boards by 8192', () => {
    expect(pngPixelRatio(1800, 100, 1800)).toBeCloseTo(1, 5)
    const r = pngPixelRatio(40_000, 500, 100_000)
    expect(40_000 * r).toBeLessThanOrEqual(8192)
  })

  it('fits any board', () => {
    for (const [w, h] of [[100, 100], [5000, 5000], [20_000, 300], [300, 20_000], [9000, 7000], [1, 1]]) {
      const r = pngPixelRatio(w, h)
      expect(fits(w, h, r) || r === 0.1).toBe(true)
    }
  })
})
