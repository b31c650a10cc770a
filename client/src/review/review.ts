/**
 * Review mode, the pure part: the actions of a saved version (the "base" plan) beside the board as
 * it is now, one row per action, and the review report's figures. The pairing is the comparison's
 * own (pairPlanActions in shared/src/plan/diff.ts: sections by id, actions by shape, then by
 * normalised `what`), so what the panel shows and what the report says can never disagree.
 */
import {
  PATH_ACTION_HEADINGS,
  comparePlans,
  pairPlanActions,
  resolveWhen,
  type ActionStatus,
  type ComparedAction,
  type Plan,
  type PlanComparison,
} from '@circleboard/shared'

/** What a row shows: the action's status on the board now, or that it is no longer there. */
export type ReviewState = ActionStatus | 'gone'

export interface ReviewRow {
  /** Stable across updates of the live plan (React key, and where a dropped card is remembered). */
  key: string
  sectionId: string
  /** The action as saved in the version; missing for an action new since then. */
  base?: ComparedAction
  /** The action on the board now; missing when it is no longer there. */
  now?: ComparedAction
  state: ReviewState
  /** On the board, not done, and its due date is before today. */
  slipped: boolean
  /** The heading of the zone it is in now, when that is not where it was. */
  movedTo?: string
}

export interface ReviewZoneGroup {
  /** Heading of the zone in the saved version ("First step", "Money: next steps"). */
  zone: string
  zoneKey: string
  rows: ReviewRow[]
}

export interface ReviewSection {
  sectionId: string
  title: string
  /** The saved version's actions, by the zone they were in. */
  zones: ReviewZoneGroup[]
  /** Actions on the board now that the version did not have. */
  added: ReviewRow[]
  /** The section's template is no longer on the board. */
  gone: boolean
}

export interface ReviewSummary {
  done: number
  slipped: number
  newActions: number
  dropped: number
}

export interface ReviewView {
  sections: ReviewSection[]
  /** Actions in the saved version (what the review goes through). */
  total: number
  /** The report's action figures (the same definitions as comparePlans; a test holds them equal). */
  summary: ReviewSummary
}

export interface ReviewOptions {
  /** The reader's calendar day, YYYY-MM-DD: "past its date" is judged on it. */
  today: string
  /** The version's name, for the report. */
  baseTitle: string
  /** When the version was saved (ISO date-time), for the report. */
  baseSavedAt?: string
}

function isSlipped(a: ComparedAction | undefined, today: string): boolean {
  return !!a && a.status !== 'done' && a.dueDate !== undefined && a.dueDate < today
}

/** The comparison behind the report: the version against the board now, in review mode. */
export function reviewComparison(base: Plan, live: Plan, opts: ReviewOptions): PlanComparison {
  return comparePlans(base, live, {
    today: opts.today,
    beforeLabel: opts.baseTitle,
    review: { against: { title: opts.baseTitle, ...(opts.baseSavedAt ? { savedAt: opts.baseSavedAt } : {}) } },
  })
}

/** Every action of the version with its state now, grouped by section and zone; new ones after. */
export function reviewView(base: Plan, live: Plan, opts: ReviewOptions): ReviewView {
  const sections: ReviewSection[] = []
  let total = 0
  // Counted from the pairs rather than by running the whole comparison (items too) on every change.
  const summary: ReviewSummary = { done: 0, slipped: 0, newActions: 0, dropped: 0 }
  for (const s of pairPlanActions(base, live)) {
    const zones: ReviewZoneGroup[] = []
    const byZone = new Map<string, ReviewZoneGroup>()
    const added: ReviewRow[] = []
    const seen = new Map<string, number>()
    const keyOf = (a: ComparedAction, side: 'b' | 'n') => {
      // Shape ids are unique on a board; without one (a hand-written plan) the words and a counter.
      const k = `${s.instanceId}|${side}|${a.shapeId ?? `${a.zoneKey}|${a.what}`}`
      const n = seen.get(k) ?? 0
      seen.set(k, n + 1)
      return n ? `${k}|${n}` : k
    }
    for (const p of s.pairs) {
      const now = p.after
      const state: ReviewState = now ? now.status : 'gone'
      if (isSlipped(now, opts.today)) summary.slipped++
      if (!p.before) summary.newActions++
      else if (!now) summary.dropped++
      else if (now.status === 'done' && p.before.status !== 'done') summary.done++
      if (!p.before) {
        added.push({ key: keyOf(now!, 'n'), sectionId: s.instanceId, now, state, slipped: isSlipped(now, opts.today) })
        continue
      }
      total++
      const b = p.before
      const row: ReviewRow = { key: keyOf(b, 'b'), sectionId: s.instanceId, base: b, now, state, slipped: isSlipped(now, opts.today) }
      if (now && now.zoneKey !== b.zoneKey) row.movedTo = now.zone
      let g = byZone.get(b.zoneKey)
      if (!g) {
        g = { zone: b.zone, zoneKey: b.zoneKey, rows: [] }
        byZone.set(b.zoneKey, g)
        zones.push(g)
      }
      g.rows.push(row)
    }
    sections.push({ sectionId: s.instanceId, title: s.title, zones, added, gone: s.change === 'removed' })
  }
  return { sections, total, summary }
}

/** "2 done, 1 past its date, 1 new, 1 dropped" (or that nothing has changed yet). */
export function summaryLine(s: ReviewSummary): string {
  const parts: string[] = []
  if (s.done) parts.push(`${s.done} done`)
  if (s.slipped) parts.push(`${s.slipped} past ${s.slipped === 1 ? 'its' : 'their'} date`)
  if (s.newActions) parts.push(`${s.newActions} new`)
  if (s.dropped) parts.push(`${s.dropped} dropped`)
  return parts.length ? parts.join(', ') : 'No changes to the actions yet'
}

/**
 * The template zone (`zoneId` in templates/src/<template>.ts) that a comparison zone key names, so
 * an action can be put back where it was: `actions.firstStep` → `firstStep`, `keys.money.nextSteps`
 * → `money.nextSteps`, `connections`, `zones.<id>.actions` → `<id>`.
 */
export function zoneIdOfKey(zoneKey: string): string | undefined {
  let m = /^actions\.(firstStep|oneMonth|threeMonths)$/.exec(zoneKey)
  if (m) return m[1]
  m = /^keys\.(.+)\.nextSteps$/.exec(zoneKey)
  if (m) return `${m[1]}.nextSteps`
  if (zoneKey === 'connections') return 'connections'
  m = /^zones\.(.+)\.actions$/.exec(zoneKey)
  if (m) return m[1]
  return undefined
}

/** A zone a new action can go into. */
export interface ActionZoneChoice {
  instanceId: string
  zoneId: string
  /** "PATH — First step". */
  label: string
}

/**
 * The action zones of the board's templates, in plan order; PATH's nearest steps first (at a
 * review, new actions are mostly first steps).
 */
export function actionZoneChoices(live: Plan): ActionZoneChoice[] {
  const out: ActionZoneChoice[] = []
  const titles = new Map<string, number>()
  for (const s of live.sections) titles.set(s.title, (titles.get(s.title) ?? 0) + 1)
  const nth = new Map<string, number>()
  for (const s of live.sections) {
    // Two PATHs on one board: "PATH (2) — First step".
    const n = (nth.get(s.title) ?? 0) + 1
    nth.set(s.title, n)
    const title = (titles.get(s.title) ?? 0) > 1 ? `${s.title} (${n})` : s.title
    const add = (zoneId: string, heading: string) => out.push({ instanceId: s.instanceId, zoneId, label: `${title} — ${heading}` })
    switch (s.template) {
      case 'path':
        add('firstStep', PATH_ACTION_HEADINGS.firstStep)
        add('oneMonth', PATH_ACTION_HEADINGS.oneMonth)
        add('threeMonths', PATH_ACTION_HEADINGS.threeMonths)
        break
      case '7keys':
        for (const k of s.keys) add(`${k.key}.nextSteps`, `${k.label}: next steps`)
        break
      case 'community':
        add('connections', 'Connections to make')
        break
      case 'silos':
        break
      case 'generic':
        for (const z of s.zones) if (z.kind === 'actions') add(z.zoneId, z.label || '(unnamed)')
        break
    }
  }
  return out
}

/**
 * The date a new action's "by when" means, counted from today (not from the first session, as the
 * board's other actions are): at a review in April, "by Friday" is the Friday after the review.
 */
export function newActionDueDate(when: string, today: string): string | undefined {
  return when.trim() ? resolveWhen(when.trim(), today) : undefined
}

/** A new action typed into the panel, tidied; undefined when there is nothing to add. */
export function cleanNewAction(input: { what: string; who: string; when: string }): { what: string; who: string; when: string } | undefined {
  const tidy = (s: string, max: number) => s.replace(/\s+/g, ' ').trim().slice(0, max)
  const what = tidy(input.what, 500)
  if (!what) return undefined
  return { what, who: tidy(input.who, 200), when: tidy(input.when, 100) }
}
