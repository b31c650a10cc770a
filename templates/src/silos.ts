/**
 * Silos: tall columns, one per department or service, with the person or community in a band
 * underneath. Each column has a name plate (the column zone's label IS the silo's name: rename the
 * zone to rename the silo), "what it offers" above and "where people get stuck" below. Bridges are
 * arrows drawn between columns (or to the person band), labelled with what would connect them.
 */
import type { SilosSection } from '@circleboard/shared'
import type { TemplateDef, TemplateOptions, ZoneDef } from './types'

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

const COL_W = 420
const GAP = 40
const COL_H = 1300
const PLATE = 130
const INSET = 10
const SILO_COLORS = ['#e3f0fb', '#dcf5e3', '#fde2e1', '#fff3c4', '#efe6fa', '#ffe4cc', '#e0f4f4', '#fce4f1']

export function siloCount(options?: TemplateOptions): number {
  const n = Math.round(options?.count ?? DEFAULT_SILO_NAMES.length)
  return Number.isFinite(n) ? Math.min(MAX_SILOS, Math.max(MIN_SILOS, n)) : DEFAULT_SILO_NAMES.length
}

function buildZones(options?: TemplateOptions): ZoneDef[] {
  const n = siloCount(options)
  const zones: ZoneDef[] = []
  for (let i = 0; i < n; i++) {
    const id = `silo${i + 1}`
    const x = i * (COL_W + GAP)
    const color = SILO_COLORS[i % SILO_COLORS.length]
    zones.push({
      id, label: DEFAULT_SILO_NAMES[i] ?? `Silo ${i + 1}`, prompt: '', // the name plate holds just the name (rename it freely)
      kind: 'decoration', geometry: 'rect', x, y: 0, w: COL_W, h: COL_H, color,
    })
    zones.push({
      id: `${id}.offers`, label: 'What it offers', prompt: 'What does it do? What can people get here?',
      kind: 'items', geometry: 'rect', x: x + INSET, y: PLATE, w: COL_W - 2 * INSET, h: 570, color,
    })
    zones.push({
      id: `${id}.barriers`, label: 'Where people get stuck', prompt: 'Barriers, gaps, waiting lists',
      kind: 'items', geometry: 'rect', x: x + INSET, y: PLATE + 580, w: COL_W - 2 * INSET, h: COL_H - PLATE - 580 - INSET, color,
    })
  }
  zones.push({
    id: 'person', label: 'The person / community', prompt: 'Draw bridges: arrows between silos or to here, labelled with what would connect them',
    kind: 'items', geometry: 'rect', x: 0, y: COL_H + 60, w: n * COL_W + (n - 1) * GAP, h: 420, color: '#f4f4f5',
  })
  return zones
}

export const silosTemplate: TemplateDef<SilosSection> = {
  id: 'silos',
  name: 'Silos',
  description: 'One column per service: what it offers, where people get stuck, and bridges between them.',
  section: 'silos',
  zones: buildZones,
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
