/**
 * Runs snapshot compactions one at a time in a worker thread, off the relay's hot path.
 * The main thread reads the rows (a quick indexed query), the worker merges them, the main thread
 * writes the snapshot and prunes the log in one transaction. A job that overruns
 * `timeoutMs` gets its worker terminated (and replaced); the log is left untouched, which is
 * always a correct state, merely a larger one.
 *
 * The same worker runs the relay's WAL checkpoints (`checkpoint()`, asked for by the store every
 * few MB written; see `SqliteStore.moveCheckpointsOffThread`), ahead of any queued compaction.
 *
 * The worker (a second V8 isolate, ~13 MB) is started on demand and ended after `idleStopMs`
 * without a job; the next job starts a new one.
 */
import { Worker } from 'node:worker_threads'
import type { Logger } from '../log'
import type { SqliteStore } from './SqliteStore'

const WORKER_URL = new URL('./compactWorker.mjs', import.meta.url)

export type CompactionResult = 'ok' | 'timeout' | 'failed' | 'skipped'

/** What one checkpoint did (SQLite's `wal_checkpoint` row), or why it did nothing. */
export type CheckpointResult = { busy: number; log: number; checkpointed: number } | 'timeout' | 'failed'

type WorkerReply =
  | { jobId: number; ok: true; state: Uint8Array; skipped: number }
  | { jobId: number; ok: true; checkpoint: { busy: number; log: number; checkpointed: number } }
  | { jobId: number; ok: false; error: string }

/** Default time without any job after which the worker is ended. */
export const WORKER_IDLE_STOP_MS = 60_000

export class Compactor {
  private worker: Worker | null = null
  private readonly queue: string[] = []
  private readonly queued = new Set<string>()
  private running: Promise<void> | null = null
  private nextJobId = 1
  private closed = false
  private checkpointWanted = false
  private idleTimer: NodeJS.Timeout | null = null
  /** Workers started so far (tests: a stopped worker is started again on demand). */
  workersStarted = 0
  /** Told each snapshot written (the relay keeps a large board's frames for new devices in step). */
  onSnapshot: (roomId: string, state: Uint8Array, uptoId: number) => void = () => {}

  constructor(
    private readonly store: SqliteStore,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
    private readonly onResult: (roomId: string, result: CompactionResult) => void = () => {},
    /** Tests swap in a worker that never answers, to exercise the timeout. */
    private readonly workerUrl: URL = WORKER_URL,
    private readonly idleStopMs: number = WORKER_IDLE_STOP_MS,
    private readonly onCheckpoint: (result: CheckpointResult) => void = () => {},
  ) {}

  /** Whether the worker thread is running now (it is ended after `idleStopMs` without work). */
  get workerRunning(): boolean {
    return this.worker !== null
  }

  /** Queues a room for compaction (once, however often it is asked). */
  schedule(roomId: string): void {
    if (this.closed || this.queued.has(roomId)) return
    this.queued.add(roomId)
    this.queue.push(roomId)
    this.kick()
  }

  /**
   * Asks for a WAL checkpoint on the worker's own connection (PASSIVE: it never waits for the
   * relay's writes). Runs before any queued compaction; asked again while one is waiting, once.
   */
  checkpoint(): void {
    if (this.closed) return
    this.checkpointWanted = true
    this.kick()
  }

  private kick(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    if (this.running) return
    const run = this.drain()
    this.running = run
    void run.finally(() => {
      if (this.running === run) this.running = null
      this.armIdleStop()
    })
  }

  /** Resolves when the queue is empty (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  async close(): Promise<void> {
    this.closed = true
    this.checkpointWanted = false
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    this.queue.length = 0
    this.queued.clear()
    // Terminating ends a running job as 'exit' (nothing written): the log stays complete.
    const w = this.worker
    this.worker = null
    if (w) await w.terminate()
    await this.idle()
  }

  private async drain(): Promise<void> {
    try {
      while ((this.checkpointWanted || this.queue.length > 0) && !this.closed) {
        if (this.checkpointWanted) {
          this.checkpointWanted = false
          let result: CheckpointResult
          try {
            result = await this.runCheckpoint()
          } catch (error) {
            this.logger.error('checkpoint failed', { error })
            result = 'failed'
          }
          this.onCheckpoint(result)
          continue
        }
        const roomId = this.queue.shift()!
        this.queued.delete(roomId)
        let result: CompactionResult
        try {
          result = await this.compact(roomId)
        } catch (error) {
          this.logger.error('compaction failed', { roomId, error })
          result = 'failed'
        }
        this.onResult(roomId, result)
      }
    } catch (error) {
      this.logger.error('compaction queue failed', { error })
    }
  }

  /** Ends the worker once it has had nothing to do for `idleStopMs` (its memory goes back). */
  private armIdleStop(): void {
    if (this.closed || !this.worker || this.idleStopMs <= 0) return
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null
      if (this.running || this.closed) return
      const w = this.worker
      this.worker = null
      if (w) {
        this.logger.debug('compaction worker idle; stopped')
        void w.terminate()
      }
    }, this.idleStopMs)
    this.idleTimer.unref()
  }

  private getWorker(): Worker {
    if (!this.worker) {
      const w = new Worker(this.workerUrl)
      this.workersStarted++
      // The worker must not keep a stopping relay process alive.
      w.unref()
      w.on('error', (error) => {
        this.logger.error('compaction worker crashed', { error })
        if (this.worker === w) this.worker = null
      })
      this.worker = w
    }
    return this.worker
  }

  /** Posts one job to the worker; resolves with its reply, 'timeout' (worker killed) or 'exit'. */
  private async run(job: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<WorkerReply | 'timeout' | 'exit'> {
    const jobId = this.nextJobId++
    const worker = this.getWorker()
    const reply = await new Promise<WorkerReply | 'timeout' | 'exit'>((resolve) => {
      const timer = setTimeout(() => finish('timeout'), this.timeoutMs)
      const onMessage = (msg: WorkerReply) => {
        if (msg && msg.jobId === jobId) finish(msg)
      }
      const onExit = () => finish('exit')
      function finish(r: WorkerReply | 'timeout' | 'exit') {
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('exit', onExit)
        resolve(r)
      }
      worker.on('message', onMessage)
      worker.on('exit', onExit)
      worker.postMessage({ ...job, jobId }, transfer)
    })
    if (reply === 'timeout') {
      if (this.worker === worker) this.worker = null
      await worker.terminate()
    } else if (reply === 'exit') {
      if (this.worker === worker) this.worker = null
    }
    return reply
  }

  private async runCheckpoint(): Promise<CheckpointResult> {
    if (!this.store.db.open) return 'failed'
    const reply = await this.run({ kind: 'checkpoint', file: this.store.file })
    if (reply === 'timeout') {
      this.logger.error('WAL checkpoint timed out; worker terminated', { timeoutMs: this.timeoutMs })
      return 'timeout'
    }
    if (reply === 'exit') return 'failed'
    if (!reply.ok) {
      this.logger.error('WAL checkpoint failed in worker', { error: reply.error })
      return 'failed'
    }
    if (!('checkpoint' in reply)) return 'failed'
    return reply.checkpoint
  }

  private async compact(roomId: string): Promise<CompactionResult> {
    const stored = this.store.loadRoom(roomId)
    if (!stored || stored.updates.length === 0) return 'skipped'
    // A lone snapshot-less update is already as compact as it gets.
    if (!stored.snapshot && stored.updates.length === 1) return 'skipped'
    const uptoId = stored.updates[stored.updates.length - 1].id
    const reply = await this.run({ kind: 'compact', snapshot: stored.snapshot, updates: stored.updates.map((u) => u.data) })
    if (reply === 'timeout') {
      this.logger.error('compaction timed out; worker terminated, log kept as is', { roomId, timeoutMs: this.timeoutMs })
      return 'timeout'
    }
    if (reply === 'exit') return 'failed'
    if (!reply.ok) {
      this.logger.error('compaction failed in worker', { roomId, error: reply.error })
      return 'failed'
    }
    if (!('state' in reply)) return 'failed'
    if (reply.skipped > 0) {
      // Rows were validated before they were stored, so this should not happen; if it does,
      // keep the log (pruning would drop the unreadable rows for good).
      this.logger.error('compaction skipped unreadable rows; log kept as is', { roomId, skipped: reply.skipped })
      return 'failed'
    }
    if (this.closed || !this.store.db.open) return 'skipped'
    this.store.writeSnapshot(roomId, reply.state, uptoId)
    this.onSnapshot(roomId, reply.state, uptoId)
    this.logger.debug('room compacted', { roomId, updates: stored.updates.length, bytes: reply.state.byteLength, skipped: reply.skipped })
    return 'ok'
  }
}
