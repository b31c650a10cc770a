import { describe, expect, it } from 'vitest'
import { localContains } from './geometry'
import { isValidIndexKey } from './indexKeys'
import { getTemplateBounds, templateToShapes } from './place'
import { TEMPLATE_IDS, getTemplate, templates } from './registry'
import type { ZoneDef } from './types'

function overlapsWithoutNesting(a: ZoneDef, b: ZoneDef): boolean {
  const x0 = Math.max(a.x, b.x)
  const x1 = Math.min(a.x + a.w, b.x + b.w)
  const y0 = Math.max(a.y, b.y)
  const y1 = Math.min(a.y + a.h, b.y + b.h)
  if (x0 >= x1 || y0 >= y1) return false
  const contains = (o: ZoneDef, i: ZoneDef) => i.x >= o.x && i.y >= o.y && i.x + i.w <= o.x + o.w && i.y + i.h <= o.y + o.h
  if (contains(a, b) || contains(b, a)) return false
  for (let x = x0 + 5; x < x1; x += 20) {
    for (let y = y0 + 5; y < y1; y += 20) {
      const inA = localContains(a.geometry, a.w, a.h, { x: x - a.x, y: y - a.y })
      const inB = localContains(b.geometry, b.w, b.h, { x: x - b.x, y: y - b.y })
      if (inA && inB) return true
    }
  }
  return false
}

describe('template definitions', () => {
  it('registers the thirteen methods, the CLI offers them all', () => {
    const all = ['path', '7keys', 'community', 'silos', 'maps', 'onePageProfile', 'circleOfSupport', 'connections', 'gifts', 'goodDays', 'interestToAction', 'communitySpaces', 'toForWithBy']
    expect(templates.map((t) => t.id)).toEqual(all)
    expect(TEMPLATE_IDS).toEqual(all)
    expect(getTemplate('nope')).toBeUndefined()
  })

  for (const t of templates) {
    describe(t.id, () => {
      const zones = t.zones()
      it('has unique, well-formed zone ids and labels', () => {
        const ids = zones.map((z) => z.id)
        expect(new Set(ids).size).toBe(ids.length)
        for (const z of zones) {
          expect(z.id).toMatch(/^[a-zA-Z0-9_-]+(\.[a-zA-Z0-9_-]+)?$/)
          if (z.kind !== 'decoration') expect(z.label.length).toBeGreaterThan(0)
          expect(z.w).toBeGreaterThan(0)
          expect(z.h).toBeGreaterThan(0)
          expect(z.color).toMatch(/^#[0-9a-f]{6}$/)
        }
      })
      it('has zones that are either apart or nested, never half-overlapping', () => {
        for (let i = 0; i < zones.length; i++) {
          for (let j = i + 1; j < zones.length; j++) {
            expect(overlapsWithoutNesting(zones[i], zones[j]), `${zones[i].id} / ${zones[j].id}`).toBe(false)
          }
        }
      })
      it('is big enough for a projector', () => {
        const b = getTemplateBounds(t.id)
        expect(Math.max(b.w, b.h)).toBeGreaterThanOrEqual(2400)
        for (const z of zones.filter((z) => z.kind !== 'decoration')) expect(Math.min(z.w, z.h)).toBeGreaterThanOrEqual(180)
      })
    })
  }

  it('PATH reads as the sketch: Now far left, the star top right, goal just past the arrow under it, steps inside the arrow', () => {
    const z = Object.fromEntries(getTemplate('path')!.zones().map((d) => [d.id, d]))
    expect(z.now.x).toBeLessThan(Math.min(z.firstStep.x, z.enrol.x))
    expect(z.firstStep.x).toBeLessThan(z.oneMonth.x)
    expect(z.oneMonth.x).toBeLessThan(z.threeMonths.x)
    expect(z.threeMonths.x).toBeLessThan(z.stronger.x)
    // "A circle or star, top right": a circle with a star drawn in it, so notes count anywhere inside.
    expect(z.dream.geometry).toBe('ellipse')
    expect(z.dream.decoration).toBe('star')
    expect(z.dream.y + z.dream.h).toBeLessThanOrEqual(z.goal.y)
    expect(z.dream.x + z.dream.w).toBeGreaterThanOrEqual(Math.max(...Object.values(z).map((d) => d.x + d.w)))
    expect(z.goal.x).toBeGreaterThan(z.arrow.x + z.arrow.w)
    expect(z.goal.x).toBeGreaterThan(z.stronger.x + z.stronger.w)
    for (const id of ['now', 'firstStep', 'oneMonth', 'threeMonths', 'stronger', 'enrol']) {
      const s = z[id]
      for (const [cx, cy] of [[s.x, s.y], [s.x + s.w, s.y + s.h]]) {
        expect(localContains('arrow', z.arrow.w, z.arrow.h, { x: cx - z.arrow.x, y: cy - z.arrow.y }), id).toBe(true)
      }
    }
  })

  it('silos take a count and keep the person band under all columns', () => {
    const zones = getTemplate('silos')!.zones({ count: 4 })
    expect(zones.filter((z) => /^silo\d+$/.test(z.id)).map((z) => z.label)).toEqual(['Health', 'Social care', 'Housing', 'Benefits'])
    const band = zones.find((z) => z.id === 'person')!
    const last = zones.find((z) => z.id === 'silo4')!
    expect(band.x + band.w).toBe(last.x + last.w)
    expect(getTemplate('silos')!.zones({ count: 99 }).filter((z) => /^silo\d+$/.test(z.id))).toHaveLength(8)
  })
})

describe('templateToShapes', () => {
  it('makes locked cb-zone records with valid ascending index keys, outer zones first', () => {
    const shapes = templateToShapes('community', { x: 100, y: -50, instanceId: 'abc', parentId: 'page:p2', startIndex: 'a3' })
    const def = getTemplate('community')!.zones()
    expect(shapes).toHaveLength(def.length)
    expect(shapes[0].index).toBe('a3')
    for (let i = 0; i < shapes.length; i++) {
      const s = shapes[i]
      expect(s).toMatchObject({ typeName: 'shape', type: 'cb-zone', isLocked: true, parentId: 'page:p2', rotation: 0, opacity: 1 })
      expect(s.id.startsWith('shape:')).toBe(true)
      expect(isValidIndexKey(s.index)).toBe(true)
      if (i) expect(s.index > shapes[i - 1].index).toBe(true)
      const d = def.find((z) => z.id === s.props.zoneId)!
      expect([s.x, s.y]).toEqual([100 + d.x, -50 + d.y])
      expect(s.props).toMatchObject({ templateId: 'community', instanceId: 'abc', label: d.label, kind: d.kind, geometry: d.geometry })
    }
    const order = shapes.map((s) => s.props.zoneId)
    expect(order.indexOf('the')).toBeLessThan(order.indexOf('our'))
    expect(order.indexOf('our')).toBeLessThan(order.indexOf('my'))
    expect(order.indexOf('my')).toBeLessThan(order.indexOf('person'))
  })

  it('renames zones and rejects unknown templates', () => {
    const shapes = templateToShapes('silos', { x: 0, y: 0, instanceId: 'i', parentId: 'page:page', labels: { silo1: 'GP surgery' } })
    expect(shapes.find((s) => s.props.zoneId === 'silo1')!.props.label).toBe('GP surgery')
    expect(() => templateToShapes('fromTheFuture', { x: 0, y: 0, instanceId: 'i', parentId: 'page:page' })).toThrow(/Unknown template "fromTheFuture"/)
  })
})
