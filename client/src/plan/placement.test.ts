import { describe, expect, it } from 'vitest'
import { boxesOverlap, fitCamera, placeBeside, PLACEMENT_GAP, visibleRect } from './placement'

const viewport = { x: -500, y: -300, w: 1000, h: 600 }
const size = { w: 3000, h: 1200 }

describe('placeBeside', () => {
  it('centres in the viewport on an empty page', () => {
    expect(placeBeside(viewport, undefined, size)).toEqual({ x: -1500, y: -600 })
  })
  it('centres when existing content is elsewhere', () => {
    const far = { x: 10_000, y: 10_000, w: 200, h: 200 }
    expect(placeBeside(viewport, far, size)).toEqual({ x: -1500, y: -600 })
  })
  it('goes to the right of existing content it would cover, top-aligned', () => {
    const content = { x: 0, y: 100, w: 3100, h: 1300 }
    const at = placeBeside(viewport, content, size)
    expect(at).toEqual({ x: 3100 + PLACEMENT_GAP, y: 100 })
    expect(boxesOverlap({ ...at, ...size }, content)).toBe(false)
  })
  it('ignores content bounds that are not finite', () => {
    expect(placeBeside(viewport, { x: NaN, y: 0, w: 1, h: 1 }, size)).toEqual({ x: -1500, y: -600 })
  })
})

describe('boxesOverlap', () => {
  it('touching edges do not overlap', () => {
    expect(boxesOverlap({ x: 0, y: 0, w: 10, h: 10 }, { x: 10, y: 0, w: 10, h: 10 })).toBe(false)
    expect(boxesOverlap({ x: 0, y: 0, w: 10, h: 10 }, { x: 9, y: 9, w: 10, h: 10 })).toBe(true)
  })
})

describe('visibleRect', () => {
  const area = { x: 0, y: 0, w: 1000, h: 800 }
  it('is the whole area with nothing over it', () => {
    expect(visibleRect(area, [])).toEqual(area)
  })
  it('cuts a bottom toolbar from the bottom and a tall right panel from the right', () => {
    const toolbar = { x: 300, y: 740, w: 400, h: 60 }
    const stylePanel = { x: 840, y: 8, w: 150, h: 400 }
    expect(visibleRect(area, [toolbar, stylePanel])).toEqual({ x: 0, y: 0, w: 840, h: 740 })
  })
  it('keeps the canvas above a bottom sheet', () => {
    expect(visibleRect(area, [{ x: 0, y: 320, w: 1000, h: 480 }])).toEqual({ x: 0, y: 0, w: 1000, h: 320 })
  })
  it('ignores obstacles elsewhere, and one that covers everything', () => {
    expect(visibleRect(area, [{ x: 2000, y: 0, w: 10, h: 10 }, { x: -10, y: -10, w: 2000, h: 2000 }])).toEqual(area)
  })
})

describe('fitCamera', () => {
  const toScreen = (cam: { x: number; y: number; z: number }, p: { x: number; y: number }) => ({ x: (p.x + cam.x) * cam.z, y: (p.y + cam.y) * cam.z })
  it('puts the whole content inside the visible rectangle, centred', () => {
    const content = { x: 5000, y: -200, w: 4000, h: 2000 }
    const visible = { x: 0, y: 0, w: 840, h: 700 }
    const cam = fitCamera(content, visible, { padding: 20 })
    const tl = toScreen(cam, content)
    const br = toScreen(cam, { x: content.x + content.w, y: content.y + content.h })
    expect(tl.x).toBeGreaterThanOrEqual(20 - 1e-6)
    expect(br.x).toBeLessThanOrEqual(820 + 1e-6)
    expect(tl.y).toBeGreaterThanOrEqual(visible.y)
    expect(br.y).toBeLessThanOrEqual(visible.y + visible.h)
    expect((tl.x + br.x) / 2).toBeCloseTo(420)
    expect((tl.y + br.y) / 2).toBeCloseTo(350)
  })
  it('does not zoom in past 100% on a small board', () => {
    expect(fitCamera({ x: 0, y: 0, w: 200, h: 200 }, { x: 0, y: 0, w: 1000, h: 800 }).z).toBe(1)
  })
})
