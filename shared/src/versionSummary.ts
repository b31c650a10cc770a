/**
 * The summary of a version (its totals, and what changed since the version before), shared by the
 * relay and the client's versions kept on a device. Apart from versions.ts because it needs the plan
 * model and the comparison, which the client loads only when it saves a version on the device.
 */
import { comparePlans, comparisonCounts, normaliseForMatch, sectionParts } from './plan/diff'
import { listPlanActions, type Plan, type PlanItem } from './plan/model'
import type { VersionSummary } from './versions'

/**
 * Items in a plan: what people wrote into the sections (notes, texts, offers, people to enrol)
 * and elsewhere on the board. Actions and silo bridges are not items.
 */
export function countPlanItems(plan: Plan): number {
  let n = plan.elsewhere?.length ?? 0
  const add = (list: readonly unknown[]) => {
    n += list.length
  }
  for (const s of plan.sections) {
    switch (s.template) {
      case 'path':
        ;[s.dream.items, s.goal.items, s.now.items, s.enrol, s.gettingStronger].forEach(add)
        break
      case '7keys':
        add(s.person)
        for (const k of s.keys) [k.working, k.notWorking].forEach(add)
        break
      case 'community':
        ;[s.person, s.assets.my, s.assets.our, s.assets.the, s.bumpingSpaces, s.shareSwapGive].forEach(add)
        ;[s.treasure.peopleIKnow, s.treasure.passions, s.treasure.skills, s.treasure.wantToLearn].forEach(add)
        break
      case 'silos':
        add(s.person)
        for (const silo of s.silos) [silo.offers, silo.barriers].forEach(add)
        break
      case 'generic':
        for (const z of s.zones) add(z.items as PlanItem[])
        break
      default:
        // The later methods, read the way the comparison reads them: every list of what people
        // wrote. Links drawn between notes (chains, moves, bridges) are not notes.
        for (const l of sectionParts(s).lists) if (!/chain|move|bridge/i.test(l.key)) n += l.entries.length
    }
  }
  return n
}

/**
 * Notes added, removed and edited in PATH's dream, goal and now. The comparison reads those
 * zones as prose (one text change), but a person counts the notes: "−2 notes" after someone
 * cleared half the dream, not "no change". Matched by shape first, then by text.
 */
function proseItemChanges(before: Plan, after: Plan): { added: number; removed: number; edited: number } {
  const out = { added: 0, removed: 0, edited: 0 }
  const blocks = (p: Plan) => {
    const m = new Map<string, PlanItem[]>()
    for (const s of p.sections) {
      if (s.template !== 'path') continue
      for (const k of ['dream', 'goal', 'now'] as const) m.set(`${s.instanceId}\u0000${k}`, s[k].items)
    }
    return m
  }
  const was = blocks(before)
  for (const [key, items] of blocks(after)) {
    const old = [...(was.get(key) ?? [])]
    was.delete(key)
    const unmatched: PlanItem[] = []
    for (const item of items) {
      const i = item.shapeId ? old.findIndex((o) => o.shapeId === item.shapeId) : -1
      if (i < 0) {
        unmatched.push(item)
        continue
      }
      if (normaliseForMatch(old[i].text) !== normaliseForMatch(item.text)) out.edited++
      old.splice(i, 1)
    }
    for (const item of unmatched) {
      const i = old.findIndex((o) => normaliseForMatch(o.text) === normaliseForMatch(item.text))
      if (i < 0) out.added++
      else old.splice(i, 1)
    }
    out.removed += old.length
  }
  for (const items of was.values()) out.removed += items.length
  return out
}

/**
 * The summary stored with a version: totals of `plan` (and `shapes`, the board's shape count),
 * and what changed since `previous` (the plan of the board's version before it; null for the
 * first). `today` (YYYY-MM-DD) is the day "slipped" is judged against. The relay and the device
 * (local versions) both use this, so their summaries read the same.
 */
export function summarizeVersion(plan: Plan, shapes: number, previous: Plan | null, today: string): VersionSummary {
  const actions = listPlanActions(plan)
  const summary: VersionSummary = {
    shapes,
    items: countPlanItems(plan),
    actions: actions.length,
    actionsDone: actions.filter((r) => r.action.status === 'done').length,
  }
  if (previous) {
    const c = comparisonCounts(comparePlans(previous, plan, { today }))
    const prose = proseItemChanges(previous, plan)
    summary.since = {
      added: c.added + prose.added,
      removed: c.removed + prose.removed,
      edited: c.edited + prose.edited,
      newActions: c.newActions,
      done: c.done,
      dropped: c.dropped,
    }
  }
  return summary
}
