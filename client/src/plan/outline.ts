/**
 * The plan as the side panel shows it: sections with headings and entries, the same headings the
 * Markdown/HTML exports use, flattened so the panel is one simple loop (and testable without React).
 */
import { ASSET_HEADINGS, PATH_ACTION_HEADINGS, TREASURE_HEADINGS, formatPlanDate, sectionAsZones } from '@circleboard/shared'
import type { Offer, Plan, PlanAction, PlanItem, PlanSection } from '@circleboard/shared'

export type OutlineEntry =
  | { kind: 'item'; text: string; shapeId?: string; offeredBy?: string; votes?: number }
  | { kind: 'action'; action: PlanAction }
  | { kind: 'enrol'; person: string; asks: string; shapeId?: string; votes?: number }
  | { kind: 'bridge'; from: string; to: string; label: string; shapeId?: string }

export interface OutlineGroup {
  /** 3 = a step / key / silo; 4 = a band inside one (7 Keys "Working"). */
  level: 3 | 4
  heading: string
  entries: OutlineEntry[]
  /** What to say when there is nothing yet; undefined = the group is only a heading. */
  empty?: string
  /** A zone whose label is the heading and may be renamed from the panel (silo names). */
  renameZone?: { instanceId: string; zoneId: string }
  /** The zone these entries come from, so the panel can add a note to it ("Add" for keyboard users). */
  addTo?: { instanceId: string; zoneId: string }
}

export interface OutlineSection {
  instanceId: string
  title: string
  groups: OutlineGroup[]
}

export interface PlanOutline {
  sections: OutlineSection[]
  elsewhere: OutlineEntry[]
  counts: { items: number; actions: number }
}

const items = (list: PlanItem[]): OutlineEntry[] => list.map((i) => ({ kind: 'item', text: i.text, shapeId: i.shapeId, votes: i.votes }))
const offers = (list: Offer[]): OutlineEntry[] =>
  list.map((o) => ({ kind: 'item', text: o.text, shapeId: o.shapeId, offeredBy: o.offeredBy, votes: o.votes }))
const actions = (list: PlanAction[]): OutlineEntry[] => list.map((action) => ({ kind: 'action', action }))

const NOTHING = 'Nothing yet'
const NO_ACTIONS = 'No actions yet'

function sectionGroups(s: PlanSection): OutlineGroup[] {
  // `zoneId` is the template zone the group reads (templates/src/<template>.ts), for "Add".
  const g = (heading: string, entries: OutlineEntry[], zoneId?: string, empty = NOTHING, level: 3 | 4 = 3): OutlineGroup => ({
    level,
    heading,
    entries,
    empty,
    ...(zoneId ? { addTo: { instanceId: s.instanceId, zoneId } } : {}),
  })
  switch (s.template) {
    case 'path':
      return [
        g('1. North Star — the Dream', items(s.dream.items), 'dream'),
        g('2. The Goal (a year from now)', items(s.goal.items), 'goal'),
        g('3. Now', items(s.now.items), 'now'),
        g(
          '4. Enrol — who we need, and who will ask them',
          s.enrol.map((e) => ({ kind: 'enrol', person: e.person, asks: e.asks, shapeId: e.shapeId, votes: e.votes })),
          'enrol',
          'Nobody yet',
        ),
        g('5. Getting stronger', items(s.gettingStronger), 'stronger'),
        g(`6. ${PATH_ACTION_HEADINGS.threeMonths}`, actions(s.actions.threeMonths), 'threeMonths', NO_ACTIONS),
        g(`7. ${PATH_ACTION_HEADINGS.oneMonth}`, actions(s.actions.oneMonth), 'oneMonth', NO_ACTIONS),
        g(`8. ${PATH_ACTION_HEADINGS.firstStep}`, actions(s.actions.firstStep), 'firstStep', NO_ACTIONS),
      ]
    case '7keys':
      return [
        g('The person', items(s.person), 'person'),
        ...s.keys.flatMap((k) => [
          { level: 3 as const, heading: k.label, entries: [] },
          g('Working', items(k.working), `${k.key}.working`, NOTHING, 4),
          g('Not working', items(k.notWorking), `${k.key}.notWorking`, NOTHING, 4),
          g('Next steps', actions(k.nextSteps), `${k.key}.nextSteps`, NO_ACTIONS, 4),
        ]),
      ]
    case 'community':
      return [
        g('The person', items(s.person), 'person'),
        g(ASSET_HEADINGS.my, items(s.assets.my), 'my'),
        g(ASSET_HEADINGS.our, items(s.assets.our), 'our'),
        g(ASSET_HEADINGS.the, items(s.assets.the), 'the'),
        g('Bumping spaces', items(s.bumpingSpaces), 'bumping'),
        { level: 3, heading: 'Community treasure chest', entries: [] },
        ...(Object.keys(TREASURE_HEADINGS) as Array<keyof typeof TREASURE_HEADINGS>).map((k) =>
          g(TREASURE_HEADINGS[k], offers(s.treasure[k]), k, NOTHING, 4),
        ),
        g('Share / swap / give', offers(s.shareSwapGive), 'shareSwapGive'),
        g('Connections to make', actions(s.connections), 'connections', NO_ACTIONS),
      ]
    case 'silos':
      return [
        ...s.silos.flatMap((silo) => [
          { level: 3 as const, heading: silo.name || '(unnamed silo)', entries: [], renameZone: { instanceId: s.instanceId, zoneId: silo.id } },
          g('What it offers', items(silo.offers), `${silo.id}.offers`, NOTHING, 4),
          g('Where people get stuck', items(silo.barriers), `${silo.id}.barriers`, NOTHING, 4),
        ]),
        g('The person / community', items(s.person), 'person'),
        g(
          'Bridges',
          s.bridges.map((b) => ({ kind: 'bridge', from: b.from, to: b.to, label: b.label, shapeId: b.shapeId })),
          undefined,
          'No bridges yet: draw an arrow between two silos',
        ),
      ]
    case 'generic':
      return s.zones.map((z) =>
        z.kind === 'actions'
          ? g(z.label || '(unnamed)', actions(z.actions), z.zoneId, NO_ACTIONS)
          : g(z.label || '(unnamed)', items(z.items), z.zoneId),
      )
    default: // the later templates' sections (connections, TO/FOR/WITH/BY, gifts, interest to action), read as zones
      return sectionGroups({ template: 'generic', templateId: s.template, instanceId: s.instanceId, title: s.title, zones: sectionAsZones(s) })
  }
}

export function planOutline(plan: Plan): PlanOutline {
  const sections = plan.sections.map((s) => ({ instanceId: s.instanceId, title: s.title, groups: sectionGroups(s) }))
  const elsewhere = items(plan.elsewhere ?? [])
  let itemCount = elsewhere.length
  let actionCount = 0
  for (const s of sections)
    for (const g of s.groups)
      for (const e of g.entries) {
        if (e.kind === 'action') actionCount++
        else itemCount++
      }
  return { sections, elsewhere, counts: { items: itemCount, actions: actionCount } }
}

const STATUS_TEXT = { todo: 'to do', doing: 'in progress', done: 'done' } as const

export const ACTION_STATUS_TEXT = STATUS_TEXT

/** One line for an action, as read aloud and shown: `Call the café owner — Liz — by Friday (15 January 2027) — to do`. */
export function describeAction(a: PlanAction, locale?: string): { what: string; who: string; when: string; status: string } {
  const due = a.dueDate ? formatPlanDate(a.dueDate, locale) : ''
  const when = a.when ? (a.dueDate && a.dueDate !== a.when ? `${a.when} (${due})` : a.dueDate ? due : a.when) : due
  return { what: a.what || '(no description)', who: a.who, when, status: STATUS_TEXT[a.status] }
}
