/**
 * The summary line of a version saved on this device (the relay computes its own for versions it
 * keeps): totals read from the plan, and what changed against the version before it.
 */
import { comparePlans, comparisonCounts, listPlanActions, sectionEntryCount, type Plan, type VersionSummary } from '@circleboard/shared'

function localToday(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`
}

/** Totals of a plan: entries written (actions included), actions, actions done. */
export function planTotals(plan: Plan): { items: number; actions: number; actionsDone: number } {
  const actions = listPlanActions(plan)
  let items = 0
  for (const s of plan.sections) items += sectionEntryCount(s)
  return { items, actions: actions.length, actionsDone: actions.filter((a) => a.action.status === 'done').length }
}

export function versionSummary(plan: Plan, shapes: number, previous: Plan | null, now = new Date()): VersionSummary {
  const summary: VersionSummary = { shapes, ...planTotals(plan) }
  if (previous) {
    try {
      const n = comparisonCounts(comparePlans(previous, plan, { today: localToday(now) }))
      summary.since = { added: n.added, removed: n.removed, edited: n.edited, newActions: n.newActions, done: n.done, dropped: n.dropped }
    } catch {
      // A summary is a courtesy: without a comparison the totals stand alone.
    }
  }
  return summary
}
