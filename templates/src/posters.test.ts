/**
 * Templates a facilitator would draw: legible when the whole template is fitted to a 1440×900
 * screen, names of steps / keys / silos the largest text of their group, room for sticky notes
 * under every label, and no text running outside its zone or under a nested zone.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseBoardFile } from '@circleboard/shared'
import { localContains } from './geometry'
import { FIT_VIEW, MIN_LABEL_PX, MIN_PROMPT_PX, fitZoom } from './poster'
import { getTemplateBounds, templateToShapes } from './place'
import { NOTE_SIZE } from './records'
import type { ZoneShapeRecord } from './records'
import { fillZones } from './import'
import { templates } from './registry'
import type { TemplateOptions } from './types'
import { estimateTextWidth, textLeft, zoneTextLayout } from './zoneText'
import type { ZoneTextLayout } from './zoneText'

/** Two notes side by side need this much width (a small gap between them). */
const TWO_NOTES_W = 2 * NOTE_SIZE + 10
const NOTE_H = NOTE_SIZE

interface Z {
  id: string
  kind: string
  x: number
  y: number
  w: number
  h: number
  geometry: ZoneShapeRecord['props']['geometry']
  area: number
  shape: ZoneShapeRecord
  text: ZoneTextLayout
}

function zonesOf(templateId: string, options?: TemplateOptions): Z[] {
  return toZ(templateToShapes(templateId, { x: 0, y: 0, instanceId: 'i', parentId: 'page:page', options }))
}

function toZ(shapes: ZoneShapeRecord[]): Z[] {
  return shapes.map((s) => ({
    id: s.props.zoneId,
    kind: s.props.kind,
    x: s.x,
    y: s.y,
    w: s.props.w,
    h: s.props.h,
    geometry: s.props.geometry,
    area: s.props.w * s.props.h,
    shape: s,
    text: zoneTextLayout(s.props),
  }))
}

const contains = (z: Z, px: number, py: number) => localContains(z.geometry, z.w, z.h, { x: px - z.x, y: py - z.y })

/** The innermost zone (decoration included) holding a page point, as an item's centre would be judged plus frames. */
function innermost(zones: Z[], px: number, py: number, includeDecoration: boolean): Z | undefined {
  let best: Z | undefined
  for (const z of zones) {
    if (!includeDecoration && z.kind === 'decoration') continue
    if (contains(z, px, py) && (!best || z.area < best.area)) best = z
  }
  return best
}

/** The page rectangles of a zone's text lines (estimated widths, as the renderer draws them). */
function textRects(z: Z): Array<{ x0: number; y0: number; x1: number; y1: number }> {
  const t = z.text
  const rects: Array<{ x0: number; y0: number; x1: number; y1: number }> = []
  const line = (s: string, size: number, top: number, lh: number, bold: boolean) => {
    const w = estimateTextWidth(s, size, bold)
    const left = t.align === 'middle' ? t.x - w / 2 : t.x
    rects.push({ x0: z.x + left, y0: z.y + top, x1: z.x + left + w, y1: z.y + top + size * lh })
  }
  t.labelLines.forEach((s, i) => line(s, t.labelSize, t.y + i * t.labelSize * 1.15, 1.15, true))
  t.promptLines.forEach((s, i) => line(s, t.promptSize, t.promptY + i * t.promptSize * 1.25, 1.25, false))
  return rects
}

/** Is there a place for two notes side by side (one note tall) inside the zone, below/clear of its text? */
function roomForTwoNotes(zones: Z[], z: Z): boolean {
  const text = { x0: z.x + textLeft(z.text), y0: z.y + z.text.y, x1: z.x + textLeft(z.text) + z.text.width, y1: z.y + z.text.bottom }
  const step = 10
  for (let y = z.y; y + NOTE_H <= z.y + z.h; y += step) {
    for (let x = z.x; x + TWO_NOTES_W <= z.x + z.w; x += step) {
      const clearOfText = x + TWO_NOTES_W <= text.x0 || x >= text.x1 || y + NOTE_H <= text.y0 || y >= text.y1
      if (!clearOfText) continue
      let ok = true
      for (let sx = 0; sx <= TWO_NOTES_W && ok; sx += TWO_NOTES_W / 8) {
        for (let sy = 0; sy <= NOTE_H && ok; sy += NOTE_H / 4) {
          if (innermost(zones, x + sx, y + sy, true) !== z) ok = false
        }
      }
      if (ok) return true
    }
  }
  return false
}

/** Everything about a template's zones that a facilitator at the back of the room would object to. */
function problems(zones: Z[]): { small: string[]; hierarchy: string[]; cramped: string[]; hidden: string[]; zoom: number } {
  const minX = Math.min(...zones.map((z) => z.x))
  const minY = Math.min(...zones.map((z) => z.y))
  const zoom = fitZoom(Math.max(...zones.map((z) => z.x + z.w)) - minX, Math.max(...zones.map((z) => z.y + z.h)) - minY)
  const small: string[] = []
  const hierarchy: string[] = []
  const cramped: string[] = []
  const hidden: string[] = []
  for (const z of zones) {
    const { label, prompt } = z.shape.props
    if (label && z.text.labelSize * zoom < MIN_LABEL_PX) small.push(`${z.id} label ${(z.text.labelSize * zoom).toFixed(1)} px`)
    if (prompt && z.text.promptSize * zoom < MIN_PROMPT_PX) small.push(`${z.id} prompt ${(z.text.promptSize * zoom).toFixed(1)} px`)
    if (label && prompt && z.text.labelSize <= z.text.promptSize) hierarchy.push(`${z.id}: label not larger than its prompt`)
    if (z.kind === 'decoration' && label) {
      const members = zones.filter((m) => m !== z && m.x >= z.x && m.y >= z.y && m.x + m.w <= z.x + z.w && m.y + m.h <= z.y + z.h)
      for (const m of members) if (z.text.labelSize <= m.text.labelSize) hierarchy.push(`${z.id} (${z.text.labelSize}) not larger than ${m.id} (${m.text.labelSize})`)
    }
    if (z.kind !== 'decoration' && !roomForTwoNotes(zones, z)) cramped.push(z.id)
    for (const r of textRects(z)) {
      for (const [px, py] of [[r.x0, r.y0], [r.x1, r.y0], [r.x0, r.y1], [r.x1, r.y1], [(r.x0 + r.x1) / 2, r.y1]]) {
        const top = innermost(zones, px, py, true)
        if (!contains(z, px, py)) hidden.push(`${z.id}: text at ${Math.round(px)},${Math.round(py)} outside the zone`)
        else if (top !== z) hidden.push(`${z.id}: text at ${Math.round(px)},${Math.round(py)} under ${top?.id}`)
      }
    }
  }
  return { small, hierarchy, cramped, hidden, zoom }
}

const CASES: Array<{ id: string; options?: TemplateOptions; name: string }> = [
  ...templates.map((t) => ({ id: t.id, name: t.id })),
  { id: 'silos', options: { count: 4 }, name: 'silos ×4' },
  { id: 'silos', options: { count: 8 }, name: 'silos ×8' },
  { id: 'interestToAction', options: { count: 1 }, name: 'interestToAction ×1' },
  { id: 'interestToAction', options: { count: 6 }, name: 'interestToAction ×6' },
]

describe('templates at "fit the template" on a 1440×900 screen', () => {
  for (const c of CASES) {
    describe(c.name, () => {
      const zones = zonesOf(c.id, c.options)
      const p = problems(zones)
      const b = getTemplateBounds(c.id, c.options)
      it(`every label ≥ ${MIN_LABEL_PX} px and every prompt ≥ ${MIN_PROMPT_PX} px (fit zoom ${p.zoom.toFixed(3)})`, () => {
        expect(p.zoom).toBeCloseTo(fitZoom(b.w, b.h), 6)
        expect(p.small.join("\n")).toBe("")
      })
      it('a zone’s label is larger than its prompt, and a group’s name larger than anything in the group', () => {
        expect(p.hierarchy.join("\n")).toBe("")
      })
      it('every zone that takes notes holds two notes side by side and one in height, clear of its text', () => {
        expect(p.cramped.join("\n")).toBe("")
      })
      it('no text runs outside its zone or under a zone drawn on top of it', () => {
        expect(p.hidden.join("\n")).toBe("")
      })
      it('is not dot-sized at fit', () => {
        expect(p.zoom).toBeGreaterThan(0.2)
        expect(FIT_VIEW.w).toBe(1440)
      })
    })
  }
})

describe('plan import', () => {
  it('places notes under each zone’s label and prompt, never over them', () => {
    let n = 0
    for (const t of templates) {
      const shapes = templateToShapes(t.id, { x: 0, y: 0, instanceId: 'i', parentId: 'page:page' })
      const zones = toZ(shapes)
      const fills = Object.fromEntries(t.zones().filter((z) => z.kind !== 'decoration').map((z) => [z.id, [{ text: 'one' }, { text: 'two' }]]))
      const placed = fillZones(shapes, [{ title: t.name, instanceId: 'i', layout: { fills } }], {
        pageId: 'page:page', shapeId: () => `shape:n${++n}`, actionsAsNotes: true,
      }).shapes
      expect(placed.length).toBe(Object.keys(fills).length * 2)
      for (const note of placed) {
        const zone = innermost(zones, note.x + NOTE_SIZE / 2, note.y + NOTE_SIZE / 2, false)!
        expect(note.y, `${t.id} ${zone.id}`).toBeGreaterThanOrEqual(zone.y + zone.text.bottom)
      }
    }
  })
})

describe('the checks would have caught the earlier templates', () => {
  // The boards written by the templates before this redesign (legacy.test.ts): the same checks on
  // their zones must complain, or the checks above prove nothing.
  const parsed = parseBoardFile(readFileSync(new URL('./fixtures/legacy-templates.circleboard', import.meta.url), 'utf8'))
  if (!parsed.ok) throw new Error(parsed.error)
  const legacyZones = parsed.file.records.filter((r) => r.typeName === 'shape' && r.type === 'cb-zone') as unknown as ZoneShapeRecord[]
  const byInstance = (id: string) => toZ(legacyZones.filter((z) => z.props.templateId === id))
  it('PATH: prompts about 10 px, no room for two notes under the star’s text', () => {
    const p = problems(byInstance('path'))
    expect(p.small.some((s) => s.includes('prompt'))).toBe(true)
  })
  it('7 Keys: tiny prompts, bands shorter than a note, key names no bigger than bands, prompts under bands', () => {
    const p = problems(byInstance('7keys'))
    expect(p.small.length).toBeGreaterThan(0)
    expect(p.cramped).toContain('meaning.working')
    expect(p.hierarchy.some((s) => s.startsWith('meaning '))).toBe(true)
    expect(p.hidden.some((s) => s.startsWith('help:'))).toBe(true)
  })
  it('Community: everything tiny at fit', () => {
    const p = problems(byInstance('community'))
    expect(p.small.length).toBeGreaterThan(10)
  })
  it('Silos: silo names smaller than their sub-headings', () => {
    expect(problems(byInstance('silos')).hierarchy.some((s) => s.startsWith('silo1 '))).toBe(true)
  })
})
