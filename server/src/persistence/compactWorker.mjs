// Compaction worker: merges a room's snapshot and log into one state update, and runs the
// relay's WAL checkpoints. Plain JavaScript so it runs under node, tsx and vitest alike without a
// TypeScript loader in the worker.
// It applies the updates to a fresh Y.Doc (then encodes the state) rather than calling
// Y.mergeUpdates, and it runs in a worker the relay terminates on timeout: crafted input can
// make Yjs merging loop (yjs issue 687), and that must never stall the relay's event loop.
// Checkpoints (`kind: 'checkpoint'`) run on this thread's own connection to the database, so the
// copy of the WAL into the database file and its fsyncs never hold the relay's event loop.
import { parentPort } from 'node:worker_threads'
import * as Y from 'yjs'

if (!parentPort) throw new Error('compactWorker must run in a worker thread')
const port = parentPort

/** The checkpointing connection, opened on the first checkpoint (a compaction never needs it). */
let db = null
let dbFile = null

async function checkpoint(file) {
  if (!db || dbFile !== file) {
    if (db) db.close()
    const { default: Database } = await import('better-sqlite3')
    db = new Database(file, { fileMustExist: true })
    // The relay's writes hold the write lock for a moment at a time; PASSIVE never waits for them.
    db.pragma('busy_timeout = 1000')
    dbFile = file
  }
  // PASSIVE: copies what it can without waiting for the relay's writer or readers; the relay
  // keeps appending meanwhile, and its next write restarts the WAL once all of it is copied.
  const [row] = db.pragma('wal_checkpoint(PASSIVE)')
  return { busy: row.busy, log: row.log, checkpointed: row.checkpointed }
}

port.on('message', async (job) => {
  const { jobId } = job
  if (job.kind === 'checkpoint') {
    try {
      const result = await checkpoint(job.file)
      port.postMessage({ jobId, ok: true, checkpoint: result })
    } catch (error) {
      port.postMessage({ jobId, ok: false, error: String(error && error.message ? error.message : error) })
    }
    return
  }
  const { snapshot, updates } = job
  try {
    const doc = new Y.Doc()
    let skipped = 0
    const parts = snapshot ? [snapshot, ...updates] : updates
    for (const u of parts) {
      try {
        Y.applyUpdate(doc, u)
      } catch {
        skipped++
      }
    }
    const state = Y.encodeStateAsUpdate(doc)
    doc.destroy()
    port.postMessage({ jobId, ok: true, state, skipped }, [state.buffer])
  } catch (error) {
    port.postMessage({ jobId, ok: false, error: String(error && error.message ? error.message : error) })
  }
})
