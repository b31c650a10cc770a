/**
 * Silos: tall columns, one per department or service, with the person or community in a band
 * underneath. Each column has a name plate (the column zone's label IS the silo's name: rename the
 * zone to rename the silo), "what it offers" above and "where people get stuck" below. Bridges are
 * arrows drawn between columns (or to the person band), labelled with what would connect them.
 */
import type { SilosSection } from '@circleboard/shared'
import { PALETTE, fitZoom, unitsFor } from './poster'
import { NOTE_SIZE } from './records'
import type { TemplateDef, TemplateOptions, WalkStep, ZoneDef } from './types'
import { zoneTextLayout } from './zoneText'

export const DEFAULT_SILO_NAMES = [
  'Health',
  'Social care',
  'Housing',
  'Benefits',
  'Education',
  'Voluntary and community sector',
] as const
export const MIN_SILOS = 1
export const MAX_SILOS = 8

const COL_W = 480
const GAP = 40
const INSET = 12
const BAND_GAP = 50
const NOTE_ROOM = NOTE_SIZE + 30
const SILO_COLOURS = [PALETTE.blue, PALETTE.green, PALETTE.red, PALETTE.yellow, PALETTE.violet, PALETTE.orange, PALETTE.lightBlue, PALETTE.lightRed]
const OFFERS = { label: 'What it offers', prompt: 'What does it do? What can people get here?' }
const BARRIERS = { label: 'Where people get stuck', prompt: 'Barriers, gaps, waiting lists' }
const PERSON = {
  label: 'The person / community',
  prompt: 'Draw bridges: arrows between silos or to here, labelled with what would connect them',
}

export function siloCount(options?: TemplateOptions): number {
  const n = Math.round(options?.count ?? DEFAULT_SILO_NAMES.length)
  return Number.isFinite(n) ? Math.min(MAX_SILOS, Math.max(MIN_SILOS, n)) : DEFAULT_SILO_NAMES.length
}

const textHeight = (label: string, prompt: string, labelSize: number, promptSize: number, w: number, decoration = 'none') =>
  Math.ceil(zoneTextLayout({ w, h: 10_000, geometry: 'rect', label, prompt, labelSize, promptSize, decoration }).bottom)

/**
 * Sizes for n silos. The row of columns sets the fit zoom (more silos, smaller zoom), so text is
 * sized from it: silo names about 24 px, headings 17.5 px, prompts 12.8 px at "fit the template".
 * Heights follow from the text; when the template becomes taller than the screen's shape the zoom
 * is recomputed and the text grows to match (a few rounds settle it).
 */
function layout(n: number) {
  const w = n * COL_W + (n - 1) * GAP
  let zoom = fitZoom(w, w / 2)
  let out = { name: 0, label: 0, prompt: 0, plate: 0, offers: 0, barriers: 0, colH: 0, personH: 0, w }
  for (let round = 0; round < 4; round++) {
    const name = unitsFor(24, zoom)
    const label = unitsFor(17.5, zoom)
    const prompt = unitsFor(12.8, zoom)
    const names = [...DEFAULT_SILO_NAMES.slice(0, n), 'Silo 8']
    const plate = Math.max(...names.map((s) => textHeight(s, '', name, prompt, COL_W, 'none'))) + 10
    const inner = COL_W - 2 * INSET
    const offers = textHeight(OFFERS.label, OFFERS.prompt, label, prompt, inner) + NOTE_ROOM
    const barriers = textHeight(BARRIERS.label, BARRIERS.prompt, label, prompt, inner) + NOTE_ROOM
    const colH = plate + offers + INSET + barriers + INSET
    const personH = textHeight(PERSON.label, PERSON.prompt, label, prompt, w, 'people') + NOTE_ROOM
    out = { name, label, prompt, plate, offers, barriers, colH, personH, w }
    const next = fitZoom(w, colH + BAND_GAP + personH)
    if (Math.abs(next - zoom) < 1e-4) break
    zoom = next
  }
  return out
}

function buildZones(options?: TemplateOptions): ZoneDef[] {
  const n = siloCount(options)
  const L = layout(n)
  const zones: ZoneDef[] = []
  for (let i = 0; i < n; i++) {
    const id = `silo${i + 1}`
    const x = i * (COL_W + GAP)
    const colour = SILO_COLOURS[i % SILO_COLOURS.length]
    const common = { kind: 'items' as const, geometry: 'rect' as const, color: colour.semi, accent: colour.solid, labelSize: L.label, promptSize: L.prompt }
    zones.push({
      id, label: DEFAULT_SILO_NAMES[i] ?? `Silo ${i + 1}`, prompt: '', // the name plate holds just the name (rename it freely)
      kind: 'decoration', geometry: 'rect', x, y: 0, w: COL_W, h: L.colH, color: colour.semi, accent: colour.solid,
      labelSize: L.name, promptSize: L.prompt, decoration: 'silo',
    })
    zones.push({
      id: `${id}.offers`, label: OFFERS.label, prompt: OFFERS.prompt, ...common,
      x: x + INSET, y: L.plate, w: COL_W - 2 * INSET, h: L.offers, color: '#ffffff',
    })
    zones.push({
      id: `${id}.barriers`, label: BARRIERS.label, prompt: BARRIERS.prompt, ...common,
      x: x + INSET, y: L.plate + L.offers + INSET, w: COL_W - 2 * INSET, h: L.barriers, color: '#fbfbfb',
    })
  }
  zones.push({
    id: 'person', label: PERSON.label, prompt: PERSON.prompt,
    kind: 'items', geometry: 'rect', x: 0, y: L.colH + BAND_GAP, w: L.w, h: L.personH,
    color: PALETTE.grey.semi, accent: PALETTE.black.solid, labelSize: L.label, promptSize: L.prompt, decoration: 'people',
  })
  return zones
}

function silosSteps(options?: TemplateOptions): WalkStep[] {
  const n = siloCount(options)
  const columns = Array.from({ length: n }, (_, i) => `silo${i + 1}`)
  return [
    ...columns.map((id, i) => ({
      title: DEFAULT_SILO_NAMES[i] ?? `Silo ${i + 1}`,
      prompt: 'What does this service offer? Where do people get stuck?',
      zoneIds: [id, `${id}.offers`, `${id}.barriers`],
    })),
    {
      title: 'Bridges',
      prompt: 'What would connect them? Draw arrows between silos, or to the person, and label them.',
      zoneIds: ['person', ...columns],
    },
  ]
}

export const silosTemplate: TemplateDef<SilosSection> = {
  id: 'silos',
  name: 'Silos',
  description: 'One column per service: what it offers, where people get stuck, and bridges between them.',
  section: 'silos',
  group: 'community',
  zones: buildZones,
  steps: silosSteps,
  toSection(r) {
    const present = new Set(r.zoneIds())
    const ids = [...present]
      .filter((id) => /^silo\d+$/.test(id))
      .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)))
    return {
      template: 'silos',
      instanceId: r.instanceId,
      title: r.title,
      silos: ids.map((id) => ({
        id,
        name: r.label(id),
        offers: r.items(`${id}.offers`),
        barriers: r.items(`${id}.barriers`),
      })),
      person: r.items('person'),
      bridges: r.bridges.map((b) => ({
        from: r.label(b.fromZoneId),
        to: r.label(b.toZoneId),
        label: b.label,
        fromZoneId: b.fromZoneId,
        toZoneId: b.toZoneId,
        shapeId: b.shapeId,
      })),
    }
  },
  fromSection(s) {
    // Columns are rebuilt as silo1..siloN in plan order; map the plan's zone ids onto them.
    const newId = new Map<string, string>()
    const byName = new Map<string, string>()
    const labels: Record<string, string> = {}
    const fills: Record<string, Array<{ text: string; shapeId?: string }>> = { person: s.person }
    s.silos.slice(0, MAX_SILOS).forEach((silo, i) => {
      const id = `silo${i + 1}`
      newId.set(silo.id, id)
      if (!byName.has(silo.name)) byName.set(silo.name, id)
      labels[id] = silo.name
      fills[`${id}.offers`] = silo.offers
      fills[`${id}.barriers`] = silo.barriers
    })
    newId.set('person', 'person')
    const resolve = (zoneId: string | undefined, name: string) =>
      (zoneId !== undefined ? newId.get(zoneId) : undefined) ?? byName.get(name) ?? (name === 'The person / community' ? 'person' : undefined)
    const bridges = s.bridges.flatMap((b) => {
      const fromZoneId = resolve(b.fromZoneId, b.from)
      const toZoneId = resolve(b.toZoneId, b.to)
      return fromZoneId && toZoneId ? [{ fromZoneId, toZoneId, label: b.label, shapeId: b.shapeId }] : []
    })
    return { options: { count: Math.max(MIN_SILOS, Math.min(MAX_SILOS, s.silos.length)) }, labels, fills, bridges }
  },
}
