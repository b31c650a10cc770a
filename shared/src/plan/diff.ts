/**
 * "What changed": two plans of one board (the version saved at the session, and today's) compared
 * for the review at 3 and 6 months — what got done, what is past its date, what is new, what was
 * dropped, and what people added, removed or reworded. Pure; see docs/plan-format.md.
 *
 * How things are matched, so an edit reads as an edit and not as "removed + added":
 * - Sections by `instanceId`; inside a section, each list (a zone, a key's "working", a silo's
 *   barriers…) by its place in the template (`key`), never by its heading, so renaming a silo keeps
 *   its notes matched.
 * - Entries first by `shapeId` (same sticky: a changed text is an edit), then — for entries with no
 *   shape id, or whose shape was replaced — by their text, compared without case, extra spaces or
 *   trailing punctuation. Duplicates pair up in plan order.
 * - Actions across the whole section (first by shape, then by `what`), so an action moved from
 *   "Next month" to "First step" is one action that moved, not one dropped and one new.
 * Everything is done with maps in one or two passes: a 5,000-item plan compares in milliseconds.
 *
 * The comparison is itself versioned JSON (`circleboard-plan-comparison`), so it can be saved or
 * sent beside the plan; `parseComparison` refuses a newer version instead of guessing.
 */
import { z } from 'zod'
import { formatEnrolText, formatMentions, isIsoDate } from './actions'
import {
  ASSET_HEADINGS,
  CONNECTIONS_HEADINGS,
  GIFTS_HEADINGS,
  INTEREST_HEADINGS,
  PATH_ACTION_HEADINGS,
  PLAN_FORMAT,
  PlanActionSchema,
  TFWB_HEADINGS,
  TFWB_QUADRANTS,
  TREASURE_HEADINGS,
  chainText,
  formatIssuePath,
  interestRowHeading,
  moveText,
} from './model'
import type { Plan, PlanAction, PlanSection, PlanSectionTemplate } from './model'

export const COMPARISON_FORMAT = 'circleboard-plan-comparison' as const
export const COMPARISON_VERSION = 1 as const

// ---------------------------------------------------------------------------------------------
// The comparison's shape (zod first, types inferred, as in model.ts).

/**
 * Caps like the plan's, set so that whatever comparePlans makes from two valid plans parses again:
 * a list holds at most a plan list's 10,000 entries; a section's actions at most 500 zones' worth.
 */
const MAX_TEXT = 200_000
const MAX_LIST = 10_000
const MAX_ACTIONS = 500 * MAX_LIST

const text = z.string().max(MAX_TEXT)
const key = z.string().max(1_000)
const shapeId = z.string().max(200).optional()
const isoDate = z.string().refine(isIsoDate, { message: 'expected a date written YYYY-MM-DD' })
const votes = z.number().min(0).max(1_000_000)

/**
 * Something written in a list. For offers and enrol entries `text` is written the way a sticky
 * says it (`Knows the café owner @Sam`, `The bus driver (ask: Dad)`); for bridges `From → To: label`.
 */
export const ComparedEntrySchema = z.object({ text, shapeId, votes: votes.optional() })
export const EntryEditSchema = z.object({ before: ComparedEntrySchema, after: ComparedEntrySchema })
export const VoteChangeSchema = z.object({ text, shapeId, before: votes, after: votes })

/** What changed in one list of a section (only lists with a change are reported). */
export const ListChangeSchema = z.object({
  /** Where the list sits in the template, e.g. `gettingStronger`, `keys.money.working`, `silos.silo1.offers`. */
  key,
  /** Its heading, as the plan renderers write it (from the newer plan when it is in both). */
  zone: text,
  added: z.array(ComparedEntrySchema).max(MAX_LIST),
  removed: z.array(ComparedEntrySchema).max(MAX_LIST),
  edited: z.array(EntryEditSchema).max(MAX_LIST),
  votes: z.array(VoteChangeSchema).max(MAX_LIST),
})

/**
 * A piece of prose or a name that changed: PATH's dream, goal and now; the name of a silo, key or
 * zone. `before` missing: it is new; `after` missing: it is gone.
 */
export const TextChangeSchema = z.object({
  key,
  zone: text,
  before: text.optional(),
  after: text.optional(),
})

/** An action with the heading of the zone it sits in. */
export const ComparedActionSchema = PlanActionSchema.extend({ zone: text, zoneKey: key })
export const ActionChangeSchema = z.object({ before: ComparedActionSchema, after: ComparedActionSchema })
const actionList = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_ACTIONS)

export const ActionsComparisonSchema = z.object({
  /** Status became done since the older plan. */
  done: actionList(ActionChangeSchema),
  /** In the newer plan: due before `today` and not done (whether or not anything else changed). */
  slipped: actionList(ComparedActionSchema),
  /** In the newer plan only. */
  new: actionList(ComparedActionSchema),
  /** In the older plan only. */
  dropped: actionList(ComparedActionSchema),
  /** Any other change of status (to do → doing, done → to do …). Becoming done is in `done`. */
  statusChanged: actionList(ActionChangeSchema),
  /** What, who, when, due date or zone changed (an action can also be in `done` or `statusChanged`). */
  edited: actionList(ActionChangeSchema),
})

const SECTION_TEMPLATES = ['path', '7keys', 'community', 'silos', 'connections', 'toForWithBy', 'gifts', 'interestToAction', 'generic'] as const satisfies readonly PlanSectionTemplate[]
/** Fails to compile when the plan gains a section type this list (and the JSON) does not know. */
const everyTemplateListed: [Exclude<PlanSectionTemplate, (typeof SECTION_TEMPLATES)[number]>] extends [never] ? true : never = true
void everyTemplateListed

export const SectionComparisonSchema = z.object({
  instanceId: z.string().min(1).max(200),
  template: z.enum(SECTION_TEMPLATES),
  /** The newer title (the older one for a removed section). */
  title: text,
  /** The older title, when it differs. */
  titleBefore: text.optional(),
  /** `added`: only in the newer plan; `removed`: only in the older one; `kept`: in both. */
  change: z.enum(['added', 'removed', 'kept']),
  texts: z.array(TextChangeSchema).max(2_000),
  lists: z.array(ListChangeSchema).max(2_000),
  actions: ActionsComparisonSchema,
})

/** Which plan a side of the comparison is. */
export const ComparedPlanSchema = z.object({
  boardName: text,
  exportedAt: z.string().max(20_000),
  sessionDate: isoDate.optional(),
  reviewDate: isoDate.optional(),
  /** The saved version's name ("After the first session"), when it has one. */
  label: z.string().max(500).optional(),
})

/**
 * Present when the comparison was made in review mode (the facilitator went through the actions of a
 * saved version one by one): which version was reviewed. The next review date is `after.reviewDate`.
 * Added after version 1 shipped; optional, so older readers drop it and older files still read.
 */
export const ReviewInfoSchema = z.object({
  /** The version reviewed against, as the facilitator knows it ("After the first session"). */
  against: z.object({
    title: z.string().max(500),
    /** When that version was saved (an ISO date-time), when known. */
    savedAt: z.string().max(100).optional(),
  }),
})

export const PlanComparisonSchema = z.object({
  format: z.literal(COMPARISON_FORMAT),
  version: z.literal(COMPARISON_VERSION),
  /** The day "past its date" was judged on. */
  today: isoDate,
  before: ComparedPlanSchema,
  after: ComparedPlanSchema,
  /** People who took part in the newer session but not the older one, and the other way round. */
  participants: z.object({ added: z.array(z.string().max(500)).max(500), removed: z.array(z.string().max(500)).max(500) }),
  /** Sections in the newer plan's order, then those only in the older plan, in its order. */
  sections: z.array(SectionComparisonSchema).max(1_000),
  /** Changes to the items outside every template (`elsewhere`), when there are any. */
  elsewhere: ListChangeSchema.optional(),
  /** Review mode: the version reviewed (optional; see ReviewInfoSchema). */
  review: ReviewInfoSchema.optional(),
})

export type ComparedEntry = z.infer<typeof ComparedEntrySchema>
export type EntryEdit = z.infer<typeof EntryEditSchema>
export type VoteChange = z.infer<typeof VoteChangeSchema>
export type ListChange = z.infer<typeof ListChangeSchema>
export type TextChange = z.infer<typeof TextChangeSchema>
export type ComparedAction = z.infer<typeof ComparedActionSchema>
export type ActionChange = z.infer<typeof ActionChangeSchema>
export type ActionsComparison = z.infer<typeof ActionsComparisonSchema>
export type SectionComparison = z.infer<typeof SectionComparisonSchema>
export type ComparedPlan = z.infer<typeof ComparedPlanSchema>
export type PlanComparison = z.infer<typeof PlanComparisonSchema>
export type ReviewInfo = z.infer<typeof ReviewInfoSchema>

export interface ComparePlansOptions {
  /** The day to judge "past its date" against, YYYY-MM-DD (the reader's calendar day). */
  today: string
  /** Names of the two versions ("After the first session"), shown in the report's title. */
  beforeLabel?: string
  afterLabel?: string
  /** Review mode: the version reviewed, copied into the comparison's `review` (title trimmed to 500 characters). */
  review?: ReviewInfo
}

// ---------------------------------------------------------------------------------------------
// Every section type read as the same three things: prose/names, lists of entries, actions.

interface Entry {
  /** What the entry is matched on when shapes do not match (normalised later). */
  match: string
  out: ComparedEntry
}
interface ViewText {
  key: string
  zone: string
  text: string
  /** The name of a container (silo, key, zone): reported only when renamed, added or removed inside a kept section. */
  isName: boolean
}
interface ViewList {
  key: string
  zone: string
  entries: Entry[]
}
interface ViewAction {
  zoneKey: string
  zone: string
  action: PlanAction
}
interface SectionView {
  texts: ViewText[]
  lists: ViewList[]
  actions: ViewAction[]
}

/** `votes` is being added to items; read it without depending on the type having it. */
function votesOf(x: object): number | undefined {
  const v = (x as { votes?: unknown }).votes
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.min(v, 1_000_000) : undefined
}

function entry(x: { text: string; shapeId?: string }, shown = x.text, match = x.text): Entry {
  const out: ComparedEntry = { text: shown }
  if (x.shapeId) out.shapeId = x.shapeId
  const v = votesOf(x)
  if (v !== undefined) out.votes = v
  return { match, out }
}

function sectionView(s: PlanSection): SectionView {
  const view: SectionView = { texts: [], lists: [], actions: [] }
  const items = (k: string, zone: string, list: Array<{ text: string; shapeId?: string }>) =>
    view.lists.push({ key: k, zone, entries: list.map((i) => entry(i)) })
  const offers = (k: string, zone: string, list: Array<{ text: string; offeredBy?: string; shapeId?: string }>) =>
    view.lists.push({
      key: k,
      zone,
      // Matched on what is offered; who offers it shows as an edit.
      entries: list.map((o) => entry(o, [o.text.trim(), o.offeredBy ? formatMentions(o.offeredBy) : ''].filter(Boolean).join(' '))),
    })
  const actions = (zoneKey: string, zone: string, list: PlanAction[]) => {
    for (const action of list) view.actions.push({ zoneKey, zone, action })
  }
  const prose = (k: string, zone: string, t: string) => view.texts.push({ key: k, zone, text: t, isName: false })
  const name = (k: string, zone: string, t: string) => view.texts.push({ key: k, zone, text: t, isName: true })
  switch (s.template) {
    case 'path':
      prose('dream', 'North Star — the Dream', s.dream.text)
      prose('goal', 'The Goal', s.goal.text)
      prose('now', 'Now', s.now.text)
      view.lists.push({
        key: 'enrol',
        zone: 'Enrol — who we need, and who will ask them',
        entries: s.enrol.map((e) => entry({ text: e.person, shapeId: e.shapeId, ...pickVotes(e) }, formatEnrolText(e))),
      })
      items('gettingStronger', 'Getting stronger', s.gettingStronger)
      actions('actions.threeMonths', PATH_ACTION_HEADINGS.threeMonths, s.actions.threeMonths)
      actions('actions.oneMonth', PATH_ACTION_HEADINGS.oneMonth, s.actions.oneMonth)
      actions('actions.firstStep', PATH_ACTION_HEADINGS.firstStep, s.actions.firstStep)
      break
    case '7keys':
      items('person', 'The person', s.person)
      for (const k of s.keys) {
        name(`keys.${k.key}.label`, 'Key', k.label)
        items(`keys.${k.key}.working`, `${k.label}: working`, k.working)
        items(`keys.${k.key}.notWorking`, `${k.label}: not working`, k.notWorking)
        actions(`keys.${k.key}.nextSteps`, `${k.label}: next steps`, k.nextSteps)
      }
      break
    case 'community':
      items('person', 'The person', s.person)
      for (const a of Object.keys(ASSET_HEADINGS) as Array<keyof typeof ASSET_HEADINGS>) {
        items(`assets.${a}`, ASSET_HEADINGS[a], s.assets[a])
      }
      items('bumpingSpaces', 'Bumping spaces', s.bumpingSpaces)
      for (const t of Object.keys(TREASURE_HEADINGS) as Array<keyof typeof TREASURE_HEADINGS>) {
        offers(`treasure.${t}`, `Treasure chest: ${TREASURE_HEADINGS[t]}`, s.treasure[t])
      }
      offers('shareSwapGive', 'Share / swap / give', s.shareSwapGive)
      actions('connections', 'Connections to make', s.connections)
      break
    case 'silos':
      for (const silo of s.silos) {
        name(`silos.${silo.id}.name`, 'Silo', silo.name)
        items(`silos.${silo.id}.offers`, `${silo.name}: what it offers`, silo.offers)
        items(`silos.${silo.id}.barriers`, `${silo.name}: where people get stuck`, silo.barriers)
      }
      items('person', 'The person / community', s.person)
      view.lists.push({
        key: 'bridges',
        zone: 'Bridges',
        entries: s.bridges.map((b) => {
          const shown = `${b.from.trim() || '?'} → ${b.to.trim() || '?'}${b.label.trim() ? `: ${b.label.trim()}` : ''}`
          // Zone ids when known, so a renamed silo does not turn its bridges into new ones.
          const ends = `${b.fromZoneId ?? b.from}\u0000${b.toZoneId ?? b.to}\u0000${b.label}`
          return entry({ text: shown, shapeId: b.shapeId, ...pickVotes(b) }, shown, ends)
        }),
      })
      break
    case 'connections':
      items('person', CONNECTIONS_HEADINGS.person, s.person)
      items('people', CONNECTIONS_HEADINGS.people, s.people)
      items('places', CONNECTIONS_HEADINGS.places, s.places)
      items('interests', CONNECTIONS_HEADINGS.interests, s.interests)
      view.lists.push({
        key: 'chains',
        zone: CONNECTIONS_HEADINGS.chains,
        // Matched on the entries' texts in order (a chain has no shape of its own); a relabelled arrow shows as an edit.
        entries: s.chains.map((c) => {
          const shown = chainText(c)
          return entry({ text: shown, shapeId: c.steps[1]?.arrowShapeId }, shown, c.steps.map((st) => st.text.trim()).join('\u0000'))
        }),
      })
      actions('toMake', CONNECTIONS_HEADINGS.toMake, s.toMake)
      break
    case 'toForWithBy':
      for (const q of TFWB_QUADRANTS) items(q, TFWB_HEADINGS[q], s[q])
      view.lists.push({
        key: 'moves',
        zone: TFWB_HEADINGS.moves,
        entries: s.moves.map((m) => {
          const shown = moveText(m)
          const ends = `${m.fromZoneId ?? m.from}\u0000${m.toZoneId ?? m.to}\u0000${m.initiative}`
          return entry({ text: shown, shapeId: m.shapeId }, shown, ends)
        }),
      })
      break
    case 'gifts':
      items('person', GIFTS_HEADINGS.person, s.person)
      offers('head', GIFTS_HEADINGS.head, s.head)
      offers('heart', GIFTS_HEADINGS.heart, s.heart)
      offers('hands', GIFTS_HEADINGS.hands, s.hands)
      actions('share', GIFTS_HEADINGS.share, s.share)
      break
    case 'interestToAction':
      s.rows.forEach((r, i) => {
        const heading = interestRowHeading(r, i)
        items(`rows.${r.row}.interest`, `${heading}: ${INTEREST_HEADINGS.interest}`, r.interest)
        for (const k of ['group', 'support', 'member', 'partner'] as const) items(`rows.${r.row}.${k}`, `${heading}: ${INTEREST_HEADINGS[k]}`, r[k])
        actions(`rows.${r.row}.actions`, `${heading}: ${INTEREST_HEADINGS.actions}`, r.actions)
      })
      break
    case 'generic':
      for (const zone of s.zones) {
        name(`zones.${zone.zoneId}.label`, 'Zone', zone.label)
        items(`zones.${zone.zoneId}.items`, zone.label, zone.items)
        actions(`zones.${zone.zoneId}.actions`, zone.label, zone.actions)
      }
      break
    default: {
      // A new section type must be taught to the comparison, not silently skipped.
      const unknown: never = s
      throw new Error(`comparePlans: unknown section template ${(unknown as { template: string }).template}`)
    }
  }
  return view
}

function pickVotes(x: object): { votes?: number } {
  const v = votesOf(x)
  return v === undefined ? {} : { votes: v }
}

// ---------------------------------------------------------------------------------------------
// Matching.

/** Text as people mean it: case, spacing, width variants and trailing punctuation do not count. */
export function normaliseForMatch(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.,;:!?…]+$/u, '')
}

interface Queue {
  list: number[]
  next: number
}
function enqueue(map: Map<string, Queue>, k: string, i: number) {
  const q = map.get(k)
  if (q) q.list.push(i)
  else map.set(k, { list: [i], next: 0 })
}
function take(map: Map<string, Queue>, k: string, used: Uint8Array): number {
  const q = map.get(k)
  if (!q) return -1
  while (q.next < q.list.length) {
    const i = q.list[q.next++]
    if (!used[i]) return i
  }
  return -1
}

/**
 * Pairs the entries of two lists: by shape id, then by normalised text among the rest.
 * Returns, for each `after` index, the `before` index it matches or -1; and which `before` were used.
 * O(n) with maps; duplicates pair up in order.
 */
function matchEntries<T>(
  before: readonly T[],
  after: readonly T[],
  shapeOf: (x: T) => string | undefined,
  textOf: (x: T) => string,
): { beforeOf: Int32Array; used: Uint8Array } {
  const beforeOf = new Int32Array(after.length).fill(-1)
  const used = new Uint8Array(before.length)
  const byShape = new Map<string, Queue>()
  before.forEach((b, i) => {
    const s = shapeOf(b)
    if (s) enqueue(byShape, s, i)
  })
  after.forEach((a, j) => {
    const s = shapeOf(a)
    if (!s) return
    const i = take(byShape, s, used)
    if (i >= 0) {
      beforeOf[j] = i
      used[i] = 1
    }
  })
  const byText = new Map<string, Queue>()
  before.forEach((b, i) => {
    if (!used[i]) enqueue(byText, normaliseForMatch(textOf(b)), i)
  })
  after.forEach((a, j) => {
    if (beforeOf[j] >= 0) return
    const i = take(byText, normaliseForMatch(textOf(a)), used)
    if (i >= 0) {
      beforeOf[j] = i
      used[i] = 1
    }
  })
  return { beforeOf, used }
}

function compareList(key: string, zone: string, before: Entry[], after: Entry[]): ListChange | undefined {
  const { beforeOf, used } = matchEntries(before, after, (e) => e.out.shapeId, (e) => e.match)
  const change: ListChange = { key, zone, added: [], removed: [], edited: [], votes: [] }
  after.forEach((a, j) => {
    const i = beforeOf[j]
    if (i < 0) {
      change.added.push(a.out)
      return
    }
    const b = before[i]
    if (!sameText(b.out.text, a.out.text)) change.edited.push({ before: b.out, after: a.out })
    const vb = b.out.votes ?? 0
    const va = a.out.votes ?? 0
    if (vb !== va) {
      const vc: VoteChange = { text: a.out.text, before: vb, after: va }
      if (a.out.shapeId) vc.shapeId = a.out.shapeId
      change.votes.push(vc)
    }
  })
  before.forEach((b, i) => {
    if (!used[i]) change.removed.push(b.out)
  })
  const empty = !change.added.length && !change.removed.length && !change.edited.length && !change.votes.length
  return empty ? undefined : change
}

function comparedAction(v: ViewAction): ComparedAction {
  return { ...v.action, zone: v.zone, zoneKey: v.zoneKey }
}

/** Same text as people mean it (the quick check first: most entries did not change). */
function sameText(x: string, y: string): boolean {
  return x === y || normaliseForMatch(x) === normaliseForMatch(y)
}

function actionEdited(b: ViewAction, a: ViewAction): boolean {
  const x = b.action
  const y = a.action
  return (
    !sameText(x.what, y.what) ||
    !sameText(x.who, y.who) ||
    !sameText(x.when, y.when) ||
    (x.dueDate ?? '') !== (y.dueDate ?? '') ||
    b.zoneKey !== a.zoneKey
  )
}

function compareActions(before: ViewAction[], after: ViewAction[], today: string): ActionsComparison {
  const out: ActionsComparison = { done: [], slipped: [], new: [], dropped: [], statusChanged: [], edited: [] }
  const { beforeOf, used } = matchEntries(before, after, (v) => v.action.shapeId, (v) => v.action.what)
  after.forEach((a, j) => {
    const ca = comparedAction(a)
    if (a.action.status !== 'done' && a.action.dueDate !== undefined && a.action.dueDate < today) out.slipped.push(ca)
    const i = beforeOf[j]
    if (i < 0) {
      out.new.push(ca)
      return
    }
    const b = before[i]
    const pair = { before: comparedAction(b), after: ca }
    if (b.action.status !== a.action.status) {
      if (a.action.status === 'done') out.done.push(pair)
      else out.statusChanged.push(pair)
    }
    if (actionEdited(b, a)) out.edited.push(pair)
  })
  before.forEach((b, i) => {
    if (!used[i]) out.dropped.push(comparedAction(b))
  })
  return out
}

const EMPTY_VIEW: SectionView = { texts: [], lists: [], actions: [] }

function compareSections(before: PlanSection | undefined, after: PlanSection | undefined, today: string): SectionComparison {
  const s = (after ?? before) as PlanSection
  const change = !before ? 'added' : !after ? 'removed' : 'kept'
  const vb = before ? sectionView(before) : EMPTY_VIEW
  const va = after ? sectionView(after) : EMPTY_VIEW
  const out: SectionComparison = {
    instanceId: s.instanceId,
    template: s.template,
    title: s.title,
    change,
    texts: [],
    lists: [],
    actions: compareActions(vb.actions, va.actions, today),
  }
  if (before && after && before.title.trim() !== after.title.trim()) out.titleBefore = before.title

  // Prose and names, in the newer plan's order, then those gone.
  const textsBefore = new Map(vb.texts.map((t) => [t.key, t]))
  const seen = new Set<string>()
  for (const t of va.texts) {
    seen.add(t.key)
    const b = textsBefore.get(t.key)
    // A whole section added or removed: its silo/key/zone names are not news.
    if (t.isName && change !== 'kept') continue
    const was = b?.text.trim() ?? ''
    const now = t.text.trim()
    if (was === now) continue
    const tc: TextChange = { key: t.key, zone: t.zone }
    if (b && was) tc.before = b.text
    if (now) tc.after = t.text
    out.texts.push(tc)
  }
  for (const b of vb.texts) {
    if (seen.has(b.key) || (b.isName && change !== 'kept') || !b.text.trim()) continue
    out.texts.push({ key: b.key, zone: b.zone, before: b.text })
  }

  const listsBefore = new Map(vb.lists.map((l) => [l.key, l]))
  const listed = new Set<string>()
  for (const l of va.lists) {
    listed.add(l.key)
    const c = compareList(l.key, l.zone, listsBefore.get(l.key)?.entries ?? [], l.entries)
    if (c) out.lists.push(c)
  }
  for (const l of vb.lists) {
    if (listed.has(l.key)) continue
    const c = compareList(l.key, l.zone, l.entries, [])
    if (c) out.lists.push(c)
  }
  return out
}

function comparedPlan(p: Plan, label: string | undefined): ComparedPlan {
  const out: ComparedPlan = { boardName: p.board.name, exportedAt: p.board.exportedAt }
  if (p.sessionDate) out.sessionDate = p.sessionDate
  if (p.reviewDate) out.reviewDate = p.reviewDate
  if (label?.trim()) out.label = label.trim().slice(0, 500)
  return out
}

function participantChanges(before: string[] | undefined, after: string[] | undefined) {
  const clean = (l: string[] | undefined) => (l ?? []).map((p) => p.trim()).filter(Boolean)
  const b = clean(before)
  const a = clean(after)
  const bk = new Set(b.map(normaliseForMatch))
  const ak = new Set(a.map(normaliseForMatch))
  return { added: a.filter((p) => !bk.has(normaliseForMatch(p))), removed: b.filter((p) => !ak.has(normaliseForMatch(p))) }
}

/**
 * Which section of the older plan each section of the newer one is: same `instanceId` and template
 * (the first of duplicates). Newer sections in order (unpaired: `[undefined, s]`), then older
 * sections nobody paired with (`[s, undefined]`).
 */
function pairSections(before: Plan, after: Plan): Array<[PlanSection | undefined, PlanSection | undefined]> {
  const beforeById = new Map<string, PlanSection>()
  for (const s of before.sections) if (!beforeById.has(s.instanceId)) beforeById.set(s.instanceId, s)
  const pairedBefore = new Set<PlanSection>()
  const out: Array<[PlanSection | undefined, PlanSection | undefined]> = []
  const afterIds = new Set<string>()
  for (const s of after.sections) {
    if (afterIds.has(s.instanceId)) {
      // Two sections with one id cannot both pair with the same older section.
      out.push([undefined, s])
      continue
    }
    afterIds.add(s.instanceId)
    const b = beforeById.get(s.instanceId)
    if (b && b.template === s.template) {
      pairedBefore.add(b)
      out.push([b, s])
    } else {
      // Same id, different template: not the same thing any more.
      out.push([undefined, s])
    }
  }
  for (const b of before.sections) if (!pairedBefore.has(b)) out.push([b, undefined])
  return out
}

/** One action of the older plan and what became of it, or one only in the newer plan. */
export interface ActionPair {
  /** Missing: new since the older plan. */
  before?: ComparedAction
  /** Missing: no longer on the board (dropped). */
  after?: ComparedAction
}

/** The actions of one section, paired the way comparePlans pairs them. */
export interface SectionActionPairs {
  instanceId: string
  template: PlanSectionTemplate
  /** The newer title (the older one for a section no longer there). */
  title: string
  change: 'added' | 'removed' | 'kept'
  /** The older plan's actions in its order (each with its match, if any), then the new ones in the newer plan's order. */
  pairs: ActionPair[]
}

/**
 * Every action of two plans paired exactly as comparePlans pairs them (sections by id, then actions
 * by shape, then by `what`), for a review that walks through the older plan's actions one by one.
 * Sections in comparePlans' order; sections without actions on either side are left out.
 */
export function pairPlanActions(before: Plan, after: Plan): SectionActionPairs[] {
  const out: SectionActionPairs[] = []
  for (const [b, a] of pairSections(before, after)) {
    const s = (a ?? b) as PlanSection
    const vb = b ? sectionView(b).actions : []
    const va = a ? sectionView(a).actions : []
    if (!vb.length && !va.length) continue
    const { beforeOf } = matchEntries(vb, va, (v) => v.action.shapeId, (v) => v.action.what)
    const afterOf = new Int32Array(vb.length).fill(-1)
    beforeOf.forEach((i, j) => {
      if (i >= 0) afterOf[i] = j
    })
    const pairs: ActionPair[] = vb.map((v, i) => (afterOf[i] >= 0 ? { before: comparedAction(v), after: comparedAction(va[afterOf[i]]) } : { before: comparedAction(v) }))
    va.forEach((v, j) => {
      if (beforeOf[j] < 0) pairs.push({ after: comparedAction(v) })
    })
    out.push({ instanceId: s.instanceId, template: s.template, title: s.title, change: !b ? 'added' : !a ? 'removed' : 'kept', pairs })
  }
  return out
}

/**
 * Compares two plans of one board: `before` (a saved version) and `after` (usually today's).
 * Throws a RangeError when `opts.today` is not a date written YYYY-MM-DD.
 */
export function comparePlans(before: Plan, after: Plan, opts: ComparePlansOptions): PlanComparison {
  if (!isIsoDate(opts.today)) throw new RangeError(`comparePlans: "today" must be a date written YYYY-MM-DD, got ${JSON.stringify(String(opts.today).slice(0, 40))}`)
  const sections = pairSections(before, after).map(([b, a]) => compareSections(b, a, opts.today))
  const cmp: PlanComparison = {
    format: COMPARISON_FORMAT,
    version: COMPARISON_VERSION,
    today: opts.today,
    before: comparedPlan(before, opts.beforeLabel),
    after: comparedPlan(after, opts.afterLabel),
    participants: participantChanges(before.participants, after.participants),
    sections,
  }
  if (opts.review) {
    const against: ReviewInfo['against'] = { title: opts.review.against.title.trim().slice(0, 500) }
    const at = opts.review.against.savedAt
    if (at && !Number.isNaN(Date.parse(at))) against.savedAt = at.slice(0, 100)
    cmp.review = { against }
  }
  const elsewhere = compareList(
    'elsewhere',
    'Elsewhere on the board',
    (before.elsewhere ?? []).map((i) => entry(i)),
    (after.elsewhere ?? []).map((i) => entry(i)),
  )
  if (elsewhere) cmp.elsewhere = elsewhere
  return cmp
}

/** Totals over every section, for a one-line summary. */
export interface ComparisonCounts {
  done: number
  slipped: number
  newActions: number
  dropped: number
  statusChanged: number
  actionsEdited: number
  added: number
  removed: number
  edited: number
  textsChanged: number
  sectionsAdded: number
  sectionsRemoved: number
}

export function comparisonCounts(cmp: PlanComparison): ComparisonCounts {
  const n: ComparisonCounts = {
    done: 0, slipped: 0, newActions: 0, dropped: 0, statusChanged: 0, actionsEdited: 0,
    added: 0, removed: 0, edited: 0, textsChanged: 0, sectionsAdded: 0, sectionsRemoved: 0,
  }
  const lists = (l: ListChange) => {
    n.added += l.added.length
    n.removed += l.removed.length
    n.edited += l.edited.length
  }
  for (const s of cmp.sections) {
    if (s.change === 'added') n.sectionsAdded++
    if (s.change === 'removed') n.sectionsRemoved++
    n.done += s.actions.done.length
    n.slipped += s.actions.slipped.length
    n.newActions += s.actions.new.length
    n.dropped += s.actions.dropped.length
    n.statusChanged += s.actions.statusChanged.length
    n.actionsEdited += s.actions.edited.length
    n.textsChanged += s.texts.length
    s.lists.forEach(lists)
  }
  if (cmp.elsewhere) lists(cmp.elsewhere)
  return n
}

// ---------------------------------------------------------------------------------------------
// JSON.

/** The comparison as pretty JSON (ends with a newline). */
export function comparisonToJson(cmp: PlanComparison): string {
  return JSON.stringify(cmp, null, 2) + '\n'
}

export type ParseComparisonResult = { ok: true; comparison: PlanComparison } | { ok: false; error: string }

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Validates an untrusted value as a comparison; like parsePlan, a newer version is refused plainly. */
export function parseComparison(value: unknown): ParseComparisonResult {
  if (!isObject(value)) return { ok: false, error: 'This is not a Circleboard comparison: expected a JSON object.' }
  if (value.format !== COMPARISON_FORMAT) {
    if (value.format === PLAN_FORMAT) {
      return { ok: false, error: 'This is a Circleboard plan, not a comparison of two plans. Open it as a plan instead.' }
    }
    return {
      ok: false,
      error: `This is not a Circleboard comparison: expected "format": "${COMPARISON_FORMAT}"${
        typeof value.format === 'string' ? `, found "${value.format.slice(0, 60)}"` : ''
      }.`,
    }
  }
  const version = value.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, error: 'This comparison has no valid "version" number, so it cannot be read safely.' }
  }
  if (version > COMPARISON_VERSION) {
    return {
      ok: false,
      error: `This comparison was saved by a newer Circleboard (comparison format version ${version}); this one reads version ${COMPARISON_VERSION}. Update Circleboard to open it.`,
    }
  }
  const result = PlanComparisonSchema.safeParse(value)
  if (result.success) return { ok: true, comparison: result.data }
  const issues = result.error.issues
  const shown = issues.slice(0, 5).map((i) => `${formatIssuePath(i.path)}: ${i.message}`)
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : ''
  return { ok: false, error: `This comparison is not valid: ${shown.join('; ')}${more}.` }
}

/**
 * The plan data saved at the end of a review: the plan as usual, plus the review's comparison as an
 * optional top-level `review` member. parsePlan drops the member (readers ignore what they do not
 * know), so the file opens, imports and compares like any plan; readPlanReview reads the review back.
 */
export function planWithReviewToJson(plan: Plan, cmp: PlanComparison): string {
  return JSON.stringify({ ...plan, review: cmp }, null, 2) + '\n'
}

/** The review kept in a plan file (see planWithReviewToJson); undefined when it has none. */
export function readPlanReview(value: unknown): ParseComparisonResult | undefined {
  if (!isObject(value) || value.review === undefined) return undefined
  return parseComparison(value.review)
}

/** Parses comparison JSON text. */
export function parseComparisonText(textValue: string): ParseComparisonResult {
  let value: unknown
  try {
    value = JSON.parse(textValue)
  } catch {
    return { ok: false, error: 'This file is not valid JSON, so it cannot be a Circleboard comparison.' }
  }
  return parseComparison(value)
}


// ---------------------------------------------------------------------------------------------
// The same reading for other renderers.

/** One section read as prose, lists and actions with their headings (used by the easy-read plan). */
export interface SectionParts {
  texts: { key: string; heading: string; text: string }[]
  lists: { key: string; heading: string; entries: string[] }[]
  actions: { key: string; heading: string; action: PlanAction }[]
}

/** Every section type read the way the comparison reads it (names of containers left out). */
export function sectionParts(s: PlanSection): SectionParts {
  const v = sectionView(s)
  return {
    texts: v.texts.filter((t) => !t.isName).map((t) => ({ key: t.key, heading: t.zone, text: t.text })),
    lists: v.lists.map((l) => ({ key: l.key, heading: l.zone, entries: l.entries.map((e) => e.out.text) })),
    actions: v.actions.map((a) => ({ key: a.zoneKey, heading: a.zone, action: a.action })),
  }
}
