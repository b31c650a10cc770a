/**
 * The version worker gives the same plan and summary as computing in-process, and a worker that
 * is too slow does not lose the version: its job is answered in-process.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { setBoardName, writeRecord } from '@circleboard/shared'
import { jPathBoardRecords } from '@circleboard/templates'
import { silentLogger } from '../log'
import { planVersion } from './versionPlan'
import { VersionPlanner } from './VersionPlanner'

function jPathState(): Uint8Array {
  const doc = new Y.Doc()
  doc.transact(() => {
    setBoardName(doc, "J's PATH")
    for (const r of jPathBoardRecords()) writeRecord(doc, r)
  })
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return state
}

describe('VersionPlanner', () => {
  it('the worker and the in-process path agree; a timed-out job is answered in-process', async () => {
    const job = { state: jPathState(), previousPlanJson: null, createdAt: Date.UTC(2027, 0, 12, 10) }
    const local = planVersion(job)
    expect(JSON.parse(local.planJson).board.name).toBe("J's PATH")
    expect(local.summary.items).toBeGreaterThan(5)

    const planner = new VersionPlanner(silentLogger)
    try {
      // Before the worker has loaded, jobs are answered in-process; the same answer either way.
      expect(await planner.plan(job)).toEqual(local)
      await planner.whenReady()
      expect(await planner.plan(job)).toEqual(local)
      // With the previous plan: `since` is there, and says nothing changed.
      const again = await planner.plan({ ...job, previousPlanJson: local.planJson })
      expect(again.summary.since).toEqual({ added: 0, removed: 0, edited: 0, newActions: 0, done: 0, dropped: 0 })
    } finally {
      await planner.close()
    }

    // 1 ms is never enough for a worker to plan a board: the job falls back and still succeeds.
    const impatient = new VersionPlanner(silentLogger, 1)
    try {
      await impatient.whenReady()
      expect(await impatient.plan(job)).toEqual(local)
    } finally {
      await impatient.close()
    }
  })

  it('ends an idle worker and starts a new one for the next job', async () => {
    const job = { state: jPathState(), previousPlanJson: null, createdAt: Date.UTC(2027, 0, 12, 10) }
    const local = planVersion(job)
    const planner = new VersionPlanner(silentLogger, 20_000, true, 300)
    try {
      await planner.whenReady()
      expect(await planner.plan(job)).toEqual(local)
      expect(planner.workerRunning).toBe(true)
      await new Promise((r) => setTimeout(r, 800))
      expect(planner.workerRunning).toBe(false)
      // The next job still gets its plan, and a new worker is started for those after it.
      expect(await planner.plan(job)).toEqual(local)
      await planner.whenReady()
      expect(await planner.plan(job)).toEqual(local)
      expect(planner.workersStarted).toBe(2)
    } finally {
      await planner.close()
    }
  })
})
