// Compaction worker: merges a room's snapshot and log into one state update. Plain JavaScript so
// it runs under node, tsx and vitest alike without a TypeScript loader in the worker.
// It applies the updates to a fresh Y.Doc (then encodes the state) rather than calling
// Y.mergeUpdates, and it runs in a worker the relay terminates on timeout: crafted input can
// make Yjs merging loop (yjs issue 687), and that must never stall the relay's event loop.
import { parentPort } from 'node:worker_threads'
import * as Y from 'yjs'

if (!parentPort) throw new Error('compactWorker must run in a worker thread')
const port = parentPort

port.on('message', (job) => {
  const { jobId, snapshot, updates } = job
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
