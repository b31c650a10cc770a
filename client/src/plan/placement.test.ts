import { describe, expect, it } from 'vitest'
import { boxesOverlap, placeBeside, PLACEMENT_GAP } from './placement'

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
