import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { silentLogger } from '../log'
import { makeTempDir, cleanupAfterEach } from '../testing/relayHarness'
import { Compactor, type CheckpointResult, type CompactionResult } from './Compactor'
import { applyStoredRoom } from './readOnly'
import { SqliteStore } from './SqliteStore'

const cleanup = cleanupAfterEach()

/** Appends `n` real, incremental updates for `room` and returns the text they build. */
function fillLog(store: SqliteStore, room: string, n: number): string {
  const doc = new Y.Doc()
  doc.on('update', (u: Uint8Array) => store.appendUpdate(room, u))
  for (let i = 0; i < n; i++) doc.getText('t').insert(i, String.fromCharCode(97 + (i % 26)))
  const text = doc.getText('t').toString()
  doc.destroy()
  return text
}

function storedText(store: SqliteStore, room: string): string {
  const doc = new Y.Doc()
  applyStoredRoom(doc, store.loadRoom(room)!)
  return doc.getText('t').toString()
}

describe('Compactor', () => {
  it('merges the log into one snapshot and prunes what it covers', async () => {
    const store = new SqliteStore(makeTempDir())
    cleanup.push(() => store.close())
    const results: CompactionResult[] = []
    const compactor = new Compactor(store, 10_000, silentLogger, (_r, res) => results.push(res))
    cleanup.push(() => compactor.close())
    const text = fillLog(store, 'room-aaaa', 40)
    compactor.schedule('room-aaaa')
    // Asked again while the first job runs: queued once more, and finds nothing left to do.
    compactor.schedule('room-aaaa')
    compactor.schedule('room-aaaa')
    await compactor.idle()
    expect(results).toEqual(['ok', 'skipped'])
    expect(store.pendingUpdateCount('room-aaaa')).toBe(0)
    expect(store.loadRoom('room-aaaa')!.snapshot).not.toBeNull()
    expect(storedText(store, 'room-aaaa')).toBe(text)

    // Updates after the snapshot stay in the log and load on top of it.
    const doc = new Y.Doc()
    applyStoredRoom(doc, store.loadRoom('room-aaaa')!)
    doc.on('update', (u: Uint8Array) => store.appendUpdate('room-aaaa', u))
    doc.getText('t').insert(0, '>')
    expect(store.pendingUpdateCount('room-aaaa')).toBe(1)
    expect(storedText(store, 'room-aaaa')).toBe('>' + text)
  })

  it('kills a merge that never finishes and leaves the log intact', async () => {
    const store = new SqliteStore(makeTempDir())
    cleanup.push(() => store.close())
    const results: CompactionResult[] = []
    const hanging = new URL('./fixtures/hangingWorker.mjs', import.meta.url)
    const compactor = new Compactor(store, 300, silentLogger, (_r, res) => results.push(res), hanging)
    cleanup.push(() => compactor.close())
    const text = fillLog(store, 'room-bbbb', 20)
    compactor.schedule('room-bbbb')
    await compactor.idle()
    expect(results).toEqual(['timeout'])
    expect(store.pendingUpdateCount('room-bbbb')).toBe(20)
    expect(store.loadRoom('room-bbbb')!.snapshot).toBeNull()
    expect(storedText(store, 'room-bbbb')).toBe(text)

    // The compactor keeps working after replacing its worker (the next job times out again
    // with this worker, but it is a new one and it is answered, not stuck).
    fillLog(store, 'room-cccc', 3)
    compactor.schedule('room-cccc')
    await compactor.idle()
    expect(results).toEqual(['timeout', 'timeout'])
  })

  it('runs WAL checkpoints in the worker, not on the writing connection', async () => {
    const store = new SqliteStore(makeTempDir())
    cleanup.push(() => store.close())
    const checkpoints: CheckpointResult[] = []
    const compactor = new Compactor(store, 10_000, silentLogger, () => {}, undefined, 60_000, (r) => checkpoints.push(r))
    cleanup.push(() => compactor.close())
    let due = 0
    store.moveCheckpointsOffThread(256 * 1024, 100_000, () => {
      due++
      compactor.checkpoint()
    })
    // SQLite's own checkpoint would only run at 100,000 pages now.
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(100_000)
    const mainFileBefore = fs.statSync(store.file).size
    const blob = new Uint8Array(4096).fill(3)
    for (let i = 0; i < 200; i++) store.appendUpdate('room-wal-aaaa', blob)
    expect(due).toBeGreaterThanOrEqual(2)
    await compactor.idle()
    expect(checkpoints.length).toBeGreaterThanOrEqual(1)
    const copied = checkpoints.filter((c): c is Exclude<CheckpointResult, string> => typeof c !== 'string')
    expect(copied.reduce((n, c) => n + c.checkpointed, 0)).toBeGreaterThan(0)
    // The pages reached the database file itself (only a checkpoint writes there).
    expect(fs.statSync(store.file).size).toBeGreaterThan(mainFileBefore + 100 * 4096)
    expect(store.loadRoom('room-wal-aaaa')!.updates).toHaveLength(200)
  })

  it('keeps the WAL bounded by the backstop when the worker never answers', async () => {
    const store = new SqliteStore(makeTempDir())
    cleanup.push(() => store.close())
    const checkpoints: CheckpointResult[] = []
    const hanging = new URL('./fixtures/hangingWorker.mjs', import.meta.url)
    const compactor = new Compactor(store, 200, silentLogger, () => {}, hanging, 60_000, (r) => checkpoints.push(r))
    cleanup.push(() => compactor.close())
    store.moveCheckpointsOffThread(16 * 1024, 50, () => compactor.checkpoint())
    const blob = new Uint8Array(1024).fill(5)
    for (let i = 0; i < 600; i++) store.appendUpdate('room-wal-bbbb', blob)
    await compactor.idle()
    expect(checkpoints[0]).toBe('timeout')
    // 600 appends of at least a page each; the backstop (50 pages) restarted the WAL all along.
    const walBytes = fs.statSync(store.file + '-wal').size
    expect(walBytes).toBeLessThan(120 * 4200)
    expect(store.loadRoom('room-wal-bbbb')!.updates).toHaveLength(600)
  })

  it('ends an idle worker and starts a new one for the next job', async () => {
    const store = new SqliteStore(makeTempDir())
    cleanup.push(() => store.close())
    const results: CompactionResult[] = []
    const compactor = new Compactor(store, 10_000, silentLogger, (_r, res) => results.push(res), undefined, 300)
    cleanup.push(() => compactor.close())
    const text = fillLog(store, 'room-idle-aaaa', 10)
    compactor.schedule('room-idle-aaaa')
    await compactor.idle()
    expect(results).toEqual(['ok'])
    expect(compactor.workerRunning).toBe(true)
    await new Promise((r) => setTimeout(r, 800))
    expect(compactor.workerRunning).toBe(false)
    expect(compactor.workersStarted).toBe(1)

    // More work: a new worker, and it compacts correctly.
    const doc = new Y.Doc()
    applyStoredRoom(doc, store.loadRoom('room-idle-aaaa')!)
    doc.on('update', (u: Uint8Array) => store.appendUpdate('room-idle-aaaa', u))
    doc.getText('t').insert(0, '>')
    doc.getText('t').insert(0, '>')
    compactor.schedule('room-idle-aaaa')
    await compactor.idle()
    expect(results).toEqual(['ok', 'ok'])
    expect(compactor.workersStarted).toBe(2)
    expect(store.pendingUpdateCount('room-idle-aaaa')).toBe(0)
    expect(storedText(store, 'room-idle-aaaa')).toBe('>>' + text)
  })
})
