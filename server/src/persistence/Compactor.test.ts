import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { silentLogger } from '../log'
import { makeTempDir, cleanupAfterEach } from '../testing/relayHarness'
import { Compactor, type CompactionResult } from './Compactor'
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
})
