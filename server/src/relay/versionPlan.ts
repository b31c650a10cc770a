/**
 * What a version stores beside its state: the plan the board held and the summary. A pure
 * function of the state bytes (and the previous version's plan), so it can run in the version
 * worker (versionPlanWorker.ts) off the relay's event loop, or in-process when no worker runs.
 */
import { getBoardName, parsePlan, readAllRecords, summarizeVersion, type Plan, type VersionSummary } from '@circleboard/shared'
import { boardToPlan } from '@circleboard/templates'
import * as Y from 'yjs'

export type VersionPlanJob = {
  /** The version's state (Y.encodeStateAsUpdate of the board). */
  state: Uint8Array
  /** The plan JSON of the board's version before this one (null: none). */
  previousPlanJson: string | null
  /** When the version was taken (ms since epoch): "today" for slipped actions, the plan's exportedAt. */
  createdAt: number
}

export type VersionPlanResult = { planJson: string; summary: VersionSummary }

function readPlan(json: string | null): Plan | null {
  if (!json) return null
  try {
    const parsed = parsePlan(JSON.parse(json))
    return parsed.ok ? parsed.plan : null
  } catch {
    // An unreadable stored plan: the summary has no `since`.
    return null
  }
}

export function planVersion(job: VersionPlanJob): VersionPlanResult {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, job.state)
    const records = readAllRecords(doc)
    let shapes = 0
    for (const r of records) if (r.typeName === 'shape') shapes++
    const plan = boardToPlan(records, { boardName: getBoardName(doc) ?? undefined, now: new Date(job.createdAt) })
    const today = new Date(job.createdAt).toISOString().slice(0, 10)
    const summary = summarizeVersion(plan, shapes, readPlan(job.previousPlanJson), today)
    return { planJson: JSON.stringify(plan), summary }
  } finally {
    doc.destroy()
  }
}
