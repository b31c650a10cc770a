/**
 * The version worker's body (loaded by versionPlanWorker.mjs): computes a version's plan and
 * summary from its state, one job at a time, so a 2,000-shape board's plan extraction never
 * holds the relay's event loop.
 */
import { parentPort } from 'node:worker_threads'
import { planVersion, type VersionPlanJob } from './versionPlan'

if (!parentPort) throw new Error('versionPlanWorker must run in a worker thread')
const port = parentPort

// Loading this module (TypeScript through tsx, shared/ and templates/) takes a while on a busy
// machine; until this arrives the relay plans in-process rather than make a save wait for it.
port.postMessage({ ready: true })

port.on('message', (job: VersionPlanJob & { jobId: number }) => {
  try {
    port.postMessage({ jobId: job.jobId, ok: true, ...planVersion(job) })
  } catch (error) {
    port.postMessage({ jobId: job.jobId, ok: false, error: error instanceof Error ? error.message : String(error) })
  }
})
