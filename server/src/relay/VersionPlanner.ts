/**
 * Runs versions' plan extraction (versionPlan.ts) in one worker thread, one job at a time, so
 * saving a version costs the event loop only the state encoding and the SQLite insert.
 *
 * The worker starts on the first job and stays (unref'd: it never keeps the process alive).
 * Until it has loaded (seconds on a busy machine: it compiles the plan code), jobs are answered
 * in-process, so a save never waits for a thread to start. A job that overruns `timeoutMs`, or a
 * worker that cannot start or dies, is answered in-process too: slower for that one save, but a
 * version is never lost to the worker.
 */
import { Worker } from 'node:worker_threads'
import type { Logger } from '../log'
import { planVersion, type VersionPlanJob, type VersionPlanResult } from './versionPlan'

const WORKER_URL = new URL('./versionPlanWorker.mjs', import.meta.url)

type Reply = { ready: true } | { jobId: number; ok: true; planJson: string; summary: VersionPlanResult['summary'] } | { jobId: number; ok: false; error: string }
type Pending = { resolve: (r: VersionPlanResult) => void; reject: (e: Error) => void; job: VersionPlanJob; timer: NodeJS.Timeout }

export class VersionPlanner {
  private worker: Worker | null = null
  private workerReady = false
  private readyWaiters: (() => void)[] = []
  private readonly pending = new Map<number, Pending>()
  private nextJobId = 1
  private closed = false
  private idleTimer: NodeJS.Timeout | null = null
  /** Workers started so far (tests). */
  workersStarted = 0

  constructor(
    private readonly logger: Logger,
    private readonly timeoutMs = 20_000,
    /** False: always in-process (tests of the fallback). */
    private readonly useWorker = true,
    /** The worker (a V8 isolate, ~10 MB) is ended after this long without a job; 0 = never. */
    private readonly idleStopMs = 60_000,
  ) {}

  /** Whether the worker thread is running now. */
  get workerRunning(): boolean {
    return this.worker !== null
  }

  private armIdleStop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    if (!this.worker || this.idleStopMs <= 0 || this.closed) return
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null
      if (this.pending.size > 0 || this.readyWaiters.length > 0 || !this.worker) return
      const w = this.worker
      // Cleared first, so its exit is not taken for a failure.
      this.worker = null
      this.workerReady = false
      void w.terminate()
    }, this.idleStopMs)
    this.idleTimer.unref()
  }

  plan(job: VersionPlanJob): Promise<VersionPlanResult> {
    if (this.closed || !this.useWorker) return Promise.resolve().then(() => planVersion(job))
    const worker = this.ensureWorker()
    this.armIdleStop()
    if (!worker || !this.workerReady) return Promise.resolve().then(() => planVersion(job))
    return new Promise((resolve, reject) => {
      const jobId = this.nextJobId++
      const timer = setTimeout(() => this.fail('version worker timed out'), this.timeoutMs)
      timer.unref()
      this.pending.set(jobId, { resolve, reject, job, timer })
      // A copy, not a transfer: the caller keeps the state to store it.
      worker.postMessage({ ...job, jobId })
      worker.ref()
    })
  }

  /** Resolves once the worker has loaded (tests); starts it if needed. */
  whenReady(): Promise<void> {
    this.ensureWorker()
    if (this.workerReady) return Promise.resolve()
    return new Promise((resolve) => this.readyWaiters.push(resolve))
  }

  private ensureWorker(): Worker | null {
    if (this.worker) return this.worker
    if (this.closed || !this.useWorker) return null
    this.workerReady = false
    try {
      const w = new Worker(WORKER_URL)
      this.workersStarted++
      w.unref()
      w.on('message', (reply: Reply) => this.onReply(reply))
      w.on('error', (error) => this.fail(`version worker failed: ${error.message}`))
      w.on('exit', (code) => {
        if (this.worker === w) this.fail(`version worker exited (${code})`)
      })
      this.worker = w
      this.armIdleStop()
      return w
    } catch (error) {
      this.logger.warn('could not start the version worker; computing plans in-process', { error })
      return null
    }
  }

  private onReply(reply: Reply): void {
    if ('ready' in reply) {
      this.workerReady = true
      for (const resolve of this.readyWaiters.splice(0)) resolve()
      return
    }
    const p = this.pending.get(reply.jobId)
    if (!p) return
    this.pending.delete(reply.jobId)
    clearTimeout(p.timer)
    if (this.pending.size === 0) {
      this.worker?.unref()
      this.armIdleStop()
    }
    if (reply.ok) p.resolve({ planJson: reply.planJson, summary: reply.summary })
    else p.reject(new Error(reply.error))
  }

  /** The worker is gone or stuck: drop it and answer its jobs in-process. */
  private fail(reason: string): void {
    const w = this.worker
    this.worker = null
    this.workerReady = false
    if (w) void w.terminate()
    // Whoever waits for the worker learns it is gone (and plans in-process from now on).
    for (const resolve of this.readyWaiters.splice(0)) resolve()
    if (this.pending.size > 0) this.logger.warn('version worker stopped; planning in-process', { reason, jobs: this.pending.size })
    const jobs = [...this.pending.values()]
    this.pending.clear()
    for (const p of jobs) {
      clearTimeout(p.timer)
      try {
        p.resolve(planVersion(p.job))
      } catch (error) {
        p.reject(error instanceof Error ? error : new Error(String(error)))
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    const w = this.worker
    this.worker = null
    // Jobs still out are answered in-process, so their versions are stored before the store closes.
    this.fail('relay closing')
    if (w) await w.terminate()
  }
}
