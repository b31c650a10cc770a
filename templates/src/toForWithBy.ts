/**
 * TO / FOR / WITH / BY (Centre for Welfare Reform, after ABCD).
 *
 * Two bands: service-led (doing TO, doing FOR) above people-led (doing WITH, done BY), each quadrant
 * with its voice as the prompt. Initiatives are notes placed in a quadrant; an arrow from a note
 * (or a quadrant) into another quadrant is an intended move, read into the plan as
 * "from quadrant → to quadrant: initiative".
 */
import { TFWB_QUADRANTS } from '@circleboard/shared'
import type { Move, ToForWithBySection } from '@circleboard/shared'
import { PALETTE } from './poster'
import { NOTE_ROOM, fitted, textHeight, withSizes } from './kit'
import type { SectionLayout, TemplateDef, WalkStep, ZoneDef, ZoneFillEntry } from './types'

export const QUADRANTS = [
  {
    id: 'to', label: 'Doing TO', decoration: 'building', colour: PALETTE.red,
    prompt: '“I know what’s best for you.” Needs analysis, commissioning, statutory services, the medical model',
  },
  {
    id: 'for', label: 'Doing FOR', decoration: 'gift', colour: PALETTE.orange,
    prompt: '“I’m here to help you, but my focus is on your needs and deficits.” Charities, crisis advocacy',
  },
  {
    id: 'with', label: 'Doing WITH', decoration: 'people', colour: PALETTE.lightBlue,
    prompt: '“Let’s look at this together — what’s strong?” Co-production, brokerage, peer advocacy',
  },
  {
    id: 'by', label: 'Done BY', decoration: 'star', colour: PALETTE.green,
    prompt: '“We are strong — let’s do this for ourselves.” ABCD, user-led and community-led groups',
  },
] as const

const GROUPS = [
  { id: 'serviceLed', label: 'Service-led', prompt: 'The focus is on needs and deficits', members: ['to', 'for'], colour: PALETTE.grey },
  {
    id: 'peopleLed', label: 'People-led',
    prompt: 'Starting from what’s strong. Draw arrows from an initiative to where it should move',
    members: ['with', 'by'], colour: PALETTE.green,
  },
] as const

const Q_W = 1500
const INSET = 18
const GAP = 50
const G_W = 2 * Q_W + 3 * INSET

const ZONES = fitted((s) => {
  const zones: ZoneDef[] = []
  const header = Math.max(...GROUPS.map((g) => textHeight(g.label, g.prompt, { label: s.group, prompt: s.prompt }, G_W))) + 10
  const qText = Math.max(...QUADRANTS.map((q) => textHeight(q.label, q.prompt, s, Q_W, q.decoration)))
  const qH = qText + 2 * NOTE_ROOM + 20
  const gH = header + qH + INSET
  GROUPS.forEach((g, gi) => {
    const y = gi * (gH + GAP)
    zones.push({
      id: g.id, label: g.label, prompt: g.prompt, kind: 'decoration', geometry: 'rect', x: 0, y, w: G_W, h: gH,
      color: g.colour.semi, accent: g.colour.solid, labelSize: s.group,
    })
    g.members.forEach((id, i) => {
      const q = QUADRANTS.find((x) => x.id === id)!
      zones.push({
        id: q.id, label: q.label, prompt: q.prompt, kind: 'items', geometry: 'rect',
        x: INSET + i * (Q_W + INSET), y: y + header, w: Q_W, h: qH,
        color: '#ffffff', accent: q.colour.solid, decoration: q.decoration,
      })
    })
  })
  return withSizes(zones, s)
})

const QUADRANT_IDS: readonly string[] = TFWB_QUADRANTS

function steps(): WalkStep[] {
  return [
    ...QUADRANTS.map((q) => ({ title: q.label, prompt: `${q.prompt}. Which of our initiatives sit here?`, zoneIds: [q.id] })),
    {
      title: 'Moves',
      prompt: 'Where should each initiative move? Draw an arrow from it towards WITH or BY, and say how.',
      zoneIds: ['serviceLed', 'peopleLed', ...QUADRANT_IDS],
    },
  ]
}

export const toForWithByTemplate: TemplateDef<ToForWithBySection> = {
  id: 'toForWithBy',
  name: 'TO / FOR / WITH / BY',
  description: 'Service-led or people-led? Place initiatives in a quadrant and draw the moves towards WITH and BY.',
  section: 'toForWithBy',
  group: 'community',
  zones: () => ZONES.map((z) => ({ ...z })),
  steps,
  toSection(r) {
    const text = new Map(QUADRANT_IDS.flatMap((q) => r.entries(q).map((e) => [e.shapeId, e.text] as const)))
    const moves: Move[] = r.bridges
      .filter((b) => QUADRANT_IDS.includes(b.fromZoneId) && QUADRANT_IDS.includes(b.toZoneId))
      .map((b) => {
        const item = b.fromItem !== undefined ? text.get(b.fromItem) : undefined
        return {
          from: r.label(b.fromZoneId),
          to: r.label(b.toZoneId),
          initiative: item ?? b.label,
          label: b.label,
          fromZoneId: b.fromZoneId,
          toZoneId: b.toZoneId,
          ...(item !== undefined ? { itemShapeId: b.fromItem } : {}),
          shapeId: b.shapeId,
        }
      })
    return { template: 'toForWithBy', instanceId: r.instanceId, title: r.title, to: r.items('to'), for: r.items('for'), with: r.items('with'), by: r.items('by'), moves }
  },
  fromSection(s) {
    const fills: Record<string, ZoneFillEntry[]> = { to: [...s.to], for: [...s.for], with: [...s.with], by: [...s.by] }
    const byName = (name: string) => QUADRANTS.find((q) => q.label.toLowerCase() === name.trim().toLowerCase())?.id
    const links: NonNullable<SectionLayout['links']> = []
    const bridges: NonNullable<SectionLayout['bridges']> = []
    for (const m of s.moves) {
      const from = m.fromZoneId && QUADRANT_IDS.includes(m.fromZoneId) ? m.fromZoneId : byName(m.from)
      const to = m.toZoneId && QUADRANT_IDS.includes(m.toZoneId) ? m.toZoneId : byName(m.to)
      if (!from || !to) continue
      const list = fills[from]
      let index = m.itemShapeId ? list.findIndex((e) => e.shapeId === m.itemShapeId) : -1
      if (index < 0 && m.itemShapeId) index = list.findIndex((e) => 'text' in e && e.text.trim() === m.initiative.trim())
      if (index >= 0) links.push({ from: { zoneId: from, index }, to: { zoneId: to }, label: m.label, shapeId: m.shapeId })
      else bridges.push({ fromZoneId: from, toZoneId: to, label: m.label || m.initiative, shapeId: m.shapeId })
    }
    return { fills, links, bridges }
  },
}
