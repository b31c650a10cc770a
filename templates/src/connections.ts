/**
 * Connections: people, places and opportunities (Imagineer, support brokerage).
 *
 * The person in the middle; who they know on the left, where they go on the right, what they are
 * interested in under the person; "connections to make" (actions) along the bottom. Arrows drawn
 * from one note to the next are relationship chains (the bus driver → the pub → the quiz team →
 * the rugby club) and go into the plan as chains, in order.
 */
import type { Chain, ChainStep, ConnectionsSection } from '@circleboard/shared'
import { PALETTE } from './poster'
import { NOTE_ROOM, fitted, textHeight, withSizes } from './kit'
import type { SectionLayout, SectionReader, TemplateDef, WalkStep, ZoneDef, ZoneFillEntry } from './types'

/** Zones whose notes a chain may join. */
export const CHAIN_ZONES = ['person', 'people', 'places', 'interests'] as const

const SIDE_W = 1240
const MIDDLE_W = 1120
const GAP = 40
const COLUMN_H = 1560
const PERSON_H = 600
const W = 2 * SIDE_W + MIDDLE_W + 2 * GAP
const TO_MAKE = {
  label: 'Connections to make',
  prompt: 'Draw arrows from note to note to show a chain (bus driver → pub → quiz). Then: who will introduce whom? what @who by when',
}

const zones = () =>
  fitted((s) => {
    const stripH = textHeight(TO_MAKE.label, TO_MAKE.prompt, s, W, 'link') + NOTE_ROOM + 20
    return withSizes(
      [
        {
          id: 'people', label: 'People: who I know', prompt: 'Family, friends, neighbours, the bus driver… and who do they know?',
          kind: 'items', geometry: 'rect', x: 0, y: 0, w: SIDE_W, h: COLUMN_H,
          color: PALETTE.lightBlue.semi, accent: PALETTE.blue.solid, decoration: 'people',
        },
        {
          id: 'person', label: 'The person', prompt: 'Who is at the centre?',
          kind: 'items', geometry: 'ellipse', x: SIDE_W + GAP, y: 0, w: MIDDLE_W, h: PERSON_H,
          color: '#fff6d5', accent: PALETTE.yellow.solid, decoration: 'person',
        },
        {
          id: 'interests', label: 'Interests: what I care about', prompt: 'What do they love doing? Who shares it?',
          kind: 'items', geometry: 'rect', x: SIDE_W + GAP, y: PERSON_H + GAP, w: MIDDLE_W, h: COLUMN_H - PERSON_H - GAP,
          color: PALETTE.lightRed.semi, accent: PALETTE.red.solid, decoration: 'heart',
        },
        {
          id: 'places', label: 'Places: where I go', prompt: 'Café, bus, pub, park, club… and who do they bump into there?',
          kind: 'items', geometry: 'rect', x: SIDE_W + MIDDLE_W + 2 * GAP, y: 0, w: SIDE_W, h: COLUMN_H,
          color: PALETTE.lightGreen.semi, accent: PALETTE.green.solid, decoration: 'house',
        },
        {
          id: 'toMake', label: TO_MAKE.label, prompt: TO_MAKE.prompt,
          kind: 'actions', geometry: 'rect', x: 0, y: COLUMN_H + GAP, w: W, h: stripH,
          color: PALETTE.orange.semi, accent: PALETTE.orange.solid, decoration: 'link',
        },
      ] satisfies ZoneDef[],
      s,
    )
  })
const ZONES = zones()

/**
 * Arrows between notes as chains: each chain starts at a note no arrow points to (in the order
 * arrows were drawn) and follows the first arrow not yet used out of each note; arrows left over
 * (a branch, a loop) start further chains. Every arrow is in exactly one chain.
 */
export function readChains(r: SectionReader): Chain[] {
  const entries = new Map<string, { text: string; zoneId: string }>()
  for (const zoneId of CHAIN_ZONES) for (const e of r.entries(zoneId)) entries.set(e.shapeId, { text: e.text, zoneId })
  const links = r.links.filter((l) => entries.has(l.fromItem) && entries.has(l.toItem))
  // Linear in the arrows (a hostile board may hold thousands): out-lists with a cursor past used arrows.
  const out = new Map<string, { list: number[]; next: number }>()
  const indegree = new Map<string, number>()
  const seen = new Set<string>()
  links.forEach((l, i) => {
    const o = out.get(l.fromItem)
    if (o) o.list.push(i)
    else out.set(l.fromItem, { list: [i], next: 0 })
    indegree.set(l.toItem, (indegree.get(l.toItem) ?? 0) + 1)
    seen.add(l.fromItem)
    seen.add(l.toItem)
  })
  const firstSeen = [...seen]
  const used = new Set<number>()
  const nextArrow = (id: string): number | undefined => {
    const o = out.get(id)
    if (!o) return undefined
    while (o.next < o.list.length && used.has(o.list[o.next])) o.next++
    return o.next < o.list.length ? o.list[o.next] : undefined
  }
  const chains: Chain[] = []
  const step = (id: string, via?: (typeof links)[number]): ChainStep => {
    const e = entries.get(id)!
    const st: ChainStep = { text: e.text, zoneId: e.zoneId, shapeId: id }
    if (via) {
      st.label = via.label
      st.arrowShapeId = via.shapeId
    }
    return st
  }
  const walk = (start: string) => {
    while (nextArrow(start) !== undefined) {
      const steps: ChainStep[] = [step(start)]
      let cur = start
      for (let next = nextArrow(cur); next !== undefined; next = nextArrow(cur)) {
        used.add(next)
        cur = links[next].toItem
        steps.push(step(cur, links[next]))
      }
      chains.push({ steps })
    }
  }
  for (const id of firstSeen) if (!indegree.get(id)) walk(id)
  for (const id of firstSeen) walk(id)
  return chains
}

/** Chains back to arrows between the notes of `fills` (found by shape id, else by text; added when missing). */
export function chainLinks(chains: Chain[], fills: Record<string, ZoneFillEntry[]>): NonNullable<SectionLayout['links']> {
  const byShape = new Map<string, { zoneId: string; index: number }>()
  for (const [zoneId, list] of Object.entries(fills)) {
    list.forEach((e, index) => {
      if (e.shapeId && !byShape.has(e.shapeId)) byShape.set(e.shapeId, { zoneId, index })
    })
  }
  const indexOf = (st: ChainStep): { zoneId: string; index: number } => {
    const known = st.shapeId ? byShape.get(st.shapeId) : undefined
    if (known) return known
    const zoneId = st.zoneId && (CHAIN_ZONES as readonly string[]).includes(st.zoneId) ? st.zoneId : 'people'
    const list = (fills[zoneId] ??= [])
    const i = list.findIndex((e) => 'text' in e && e.text.trim() === st.text.trim())
    if (i >= 0) return { zoneId, index: i }
    list.push({ text: st.text, shapeId: st.shapeId })
    if (st.shapeId) byShape.set(st.shapeId, { zoneId, index: list.length - 1 })
    return { zoneId, index: list.length - 1 }
  }
  return chains.flatMap((c) => {
    const at = c.steps.map(indexOf)
    return c.steps.slice(1).map((st, i) => ({ from: at[i], to: at[i + 1], label: st.label ?? '', shapeId: st.arrowShapeId }))
  })
}

function steps(): WalkStep[] {
  return [
    { title: 'The person', prompt: 'Who is at the centre? What do people like about them?', zoneIds: ['person'] },
    { title: 'People', prompt: 'Who do they know? Family, friends, neighbours, the bus driver… and who do those people know?', zoneIds: ['people'] },
    { title: 'Places', prompt: 'Where do they go? Who do they bump into there?', zoneIds: ['places'] },
    { title: 'Interests', prompt: 'What are they interested in? Who shares it?', zoneIds: ['interests'] },
    {
      title: 'Chains',
      prompt: 'Follow the chains: draw arrows from note to note. The bus driver → the pub → the quiz team → the rugby club.',
      zoneIds: ['people', 'places', 'interests'],
    },
    { title: 'Connections to make', prompt: 'Who will introduce whom? What, who, by when.', zoneIds: ['toMake'] },
  ]
}

export const connectionsTemplate: TemplateDef<ConnectionsSection> = {
  id: 'connections',
  name: 'Connections: people, places and opportunities',
  description: 'Who they know, where they go, what they love; arrows between notes become chains of connection.',
  section: 'connections',
  group: 'strengths',
  zones: () => ZONES.map((z) => ({ ...z })),
  steps,
  toSection(r) {
    return {
      template: 'connections',
      instanceId: r.instanceId,
      title: r.title,
      person: r.items('person'),
      people: r.items('people'),
      places: r.items('places'),
      interests: r.items('interests'),
      chains: readChains(r),
      toMake: r.actions('toMake'),
    }
  },
  fromSection(s) {
    const fills: Record<string, ZoneFillEntry[]> = {
      person: [...s.person],
      people: [...s.people],
      places: [...s.places],
      interests: [...s.interests],
      toMake: s.toMake.map(({ shapeId, ...action }) => ({ action, shapeId })),
    }
    const links = chainLinks(s.chains, fills)
    return { fills, links }
  },
}
