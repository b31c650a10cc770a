/**
 * Runs snapshot compactions one at a time in a worker thread, off the relay's hot path.
 * The main thread reads the rows (a quick indexed query), the worker merges them, the main thread
 * writes the snapshot and prunes the log in one transaction. A job that overruns
 * `timeoutMs` gets its worker terminated (and replaced); the log is left untouched, which is
 * always a correct state, merely a larger one.
 */
import { Worker } from 'node:worker_threads'
import type { Logger } from '../log'
import type { SqliteStore } from './SqliteStore'

const WORKER_URL = new URL('./compactWorker.mjs', import.meta.url)

export type CompactionResult = 'ok' | 'timeout' | 'failed' | 'skipped'

type WorkerReply = { jobId: number; ok: true; state: Uint8Array; skipped: number } | { jobId: number; ok: false; error: string }

export class Compactor {
  private worker: Worker | null = null
  private readonly queue: string[] = []
  private readonly queued = new Set<string>()
  private running: Promise<void> | null = null
  private nextJobId = 1
  private closed = false

  constructor(
    private readonly store: SqliteStore,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
    private readonly onResult: (roomId: string, result: CompactionResult) => void = () => {},
    /** Tests swap in a worker that never answers, to exercise the timeout. */
    private readonly workerUrl: URL = WORKER_URL,
  ) {}

  /** Queues a room for compaction (once, however often it is asked). */
  schedule(roomId: string): void {
    if (this.closed || this.queued.has(roomId)) return
    this.queued.add(roomId)
    this.queue.push(roomId)
    if (!this.running) this.running = this.drain()
  }

  /** Resolves when the queue is empty (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  async close(): Promise<void> {
    this.closed = true
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
      while (this.queue.length > 0 && !this.closed) {
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
    } finally {
      this.running = null
    }
  }

  private getWorker(): Worker {
    if (!this.worker) {
      const w = new Worker(this.workerUrl)
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

  private async compact(roomId: string): Promise<CompactionResult> {
    const stored = this.store.loadRoom(roomId)
    if (!stored || stored.updates.length === 0) return 'skipped'
    // A lone snapshot-less update is already as compact as it gets.
    if (!stored.snapshot && stored.updates.length === 1) return 'skipped'
    const uptoId = stored.updates[stored.updates.length - 1].id
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
      worker.postMessage({ jobId, snapshot: stored.snapshot, updates: stored.updates.map((u) => u.data) })
    })
    if (reply === 'timeout') {
      this.logger.error('compaction timed out; worker terminated, log kept as is', { roomId, timeoutMs: this.timeoutMs })
      if (this.worker === worker) this.worker = null
      await worker.terminate()
      return 'timeout'
    }
    if (reply === 'exit') {
      if (this.worker === worker) this.worker = null
      return 'failed'
    }
    if (!reply.ok) {
      this.logger.error('compaction failed in worker', { roomId, error: reply.error })
      return 'failed'
    }
    if (reply.skipped > 0) {
      // Rows were validated before they were stored, so this should not happen; if it does,
      // keep the log (pruning would drop the unreadable rows for good).
      this.logger.error('compaction skipped unreadable rows; log kept as is', { roomId, skipped: reply.skipped })
      return 'failed'
    }
    if (this.closed || !this.store.db.open) return 'skipped'
    this.store.writeSnapshot(roomId, reply.state, uptoId)
    this.logger.debug('room compacted', { roomId, updates: stored.updates.length, bytes: reply.state.byteLength, skipped: reply.skipped })
    return 'ok'
  }
}
