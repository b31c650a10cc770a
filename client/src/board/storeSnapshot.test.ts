import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import type { TLRecord, TLShape } from 'tldraw'
import { makeShape, newStore } from '../sync/testkit'
import { SNAPSHOT_FORMAT, SNAPSHOT_KEY, loadBoardSnapshot, parseBoardSnapshot, readBoardSnapshot, type BoardSnapshot } from './storeSnapshot'
import { SnapshotSaver, takeBoardSnapshot } from './snapshotSaver'

// fake-indexeddb stands in for the browser's IndexedDB.
async function databases() {
  return (await indexedDB.databases()).map((d) => d.name)
}

function boardStore(notes = 2) {
  const store = newStore()
  store.put(Array.from({ length: notes }, (_, i) => makeShape(store, 'note', { id: `shape:n${i}`, x: i * 100 })))
  return store
}

describe("this device's picture of a board", () => {
  afterEach(() => vi.useRealTimers())

  it('reads nothing, and creates nothing, for a board this device does not have', async () => {
    expect(await readBoardSnapshot('circleboard-board-never-here')).toBeNull()
    expect(await databases()).not.toContain('circleboard-board-never-here')
    // y-indexeddb can still create it afterwards, with its stores
    const doc = new Y.Doc()
    const idb = new IndexeddbPersistence('circleboard-board-never-here', doc)
    await idb.whenSynced
    await idb.set('x', 1)
    expect(await idb.get('x')).toBe(1)
    await idb.destroy()
  })

  it('is kept in the board\'s own database, beside its doc, and read back before the doc', async () => {
    const name = 'circleboard-board-kept'
    const doc = new Y.Doc()
    const idb = new IndexeddbPersistence(name, doc)
    await idb.whenSynced
    expect(await readBoardSnapshot(name)).toBeNull() // the board, but no picture yet
    const store = boardStore()
    await idb.set(SNAPSHOT_KEY, takeBoardSnapshot(store, 'Our PATH', 1234) as unknown as string)
    await idb.destroy()
    const read = await readBoardSnapshot(name)
    expect(read).toMatchObject({ format: SNAPSHOT_FORMAT, savedAt: 1234, boardName: 'Our PATH' })
    const again = newStore()
    loadBoardSnapshot(again, read!)
    expect(again.get('shape:n1' as TLShape['id'])).toEqual(store.get('shape:n1' as TLShape['id']))
    // removing the board from this device (deleting its database) removes the picture with it
    await new Promise((r) => (indexedDB.deleteDatabase(name).onsuccess = r))
    expect(await readBoardSnapshot(name)).toBeNull()
  })

  it('ignores a stored value that is not a picture', () => {
    const good = takeBoardSnapshot(boardStore(), 'x')
    expect(parseBoardSnapshot(good)).not.toBeNull()
    for (const bad of [null, 'text', 42, [], { ...good, format: 2 }, { ...good, savedAt: 'now' }, { ...good, boardName: 7 }, { ...good, store: null }, { ...good, store: { store: [], schema: {} } }]) {
      expect(parseBoardSnapshot(bad)).toBeNull()
    }
    expect(parseBoardSnapshot({ ...good, boardName: 'n'.repeat(500) })!.boardName).toHaveLength(120)
  })

  it('loads only document records, without other hosts\' addresses, and refuses an invalid record', () => {
    const store = boardStore(1)
    const snap = takeBoardSnapshot(store, 'x')
    const records = snap.store.store as Record<string, unknown>
    // per-user state does not belong in a picture of the board
    records['instance:instance'] = { id: 'instance:instance', typeName: 'instance', currentPageId: 'page:page' }
    records['shape:elsewhere'] = { ...records['shape:n0'] as object, id: 'shape:other' } // stored under another key
    records['asset:img'] = {
      id: 'asset:img', typeName: 'asset', type: 'image', meta: {},
      props: { name: 'a.png', src: 'https://tracker.example/a.png', w: 10, h: 10, mimeType: 'image/png', isAnimated: false },
    }
    const into = newStore()
    loadBoardSnapshot(into, snap)
    expect(into.get('shape:n0' as TLShape['id'])).toBeDefined()
    expect(into.get('shape:other' as TLShape['id'])).toBeUndefined()
    // (the incomplete instance record above would not validate: it was left out, not loaded)
    expect((into.get('asset:img' as TLRecord['id']) as unknown as { props: { src: unknown } }).props.src).toBeNull()

    const broken = structuredClone(takeBoardSnapshot(store, 'x')) // as read back from IndexedDB
    ;(broken.store.store as unknown as Record<string, Record<string, unknown>>)['shape:n0'].x = 'far away'
    expect(() => loadBoardSnapshot(newStore(), broken)).toThrow()
  })
})

describe('keeping the picture current', () => {
  afterEach(() => vi.useRealTimers())

  function saver(dirty: boolean, opts: { fail?: boolean } = {}) {
    const store = boardStore()
    const written: BoardSnapshot[] = []
    const s = new SnapshotSaver({
      store,
      write: async (snap) => {
        if (opts.fail) throw new Error('QuotaExceededError')
        written.push(snap)
      },
      boardName: () => 'Board',
      dirty,
      delayMs: 1000,
      maxDelayMs: 5000,
    })
    return { store, written, s }
  }
  const move = (store: ReturnType<typeof newStore>, x: number) => store.put([{ ...store.get('shape:n0' as TLShape['id'])!, x } as TLRecord])

  it('takes it once changes have been quiet, and at the latest after maxDelay', async () => {
    vi.useFakeTimers()
    const { store, written, s } = saver(false)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(written).toHaveLength(0) // nothing changed since the picture it opened on
    move(store, 1)
    await vi.advanceTimersByTimeAsync(900)
    move(store, 2)
    await vi.advanceTimersByTimeAsync(900)
    expect(written).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(200)
    expect(written).toHaveLength(1)
    expect((written[0].store.store as Record<string, { x: number }>)['shape:n0'].x).toBe(2)
    // a change every half second never goes quiet: still taken within maxDelay
    for (let t = 0; t < 12; t++) {
      move(store, 10 + t)
      await vi.advanceTimersByTimeAsync(500)
    }
    expect(written).toHaveLength(2)
    s.dispose()
  })

  it('opened without a picture, takes one; on dispose, saves what is unsaved, once', async () => {
    vi.useFakeTimers()
    const { store, written, s } = saver(true)
    await vi.advanceTimersByTimeAsync(1000)
    expect(written).toHaveLength(1)
    move(store, 5)
    await s.dispose()
    expect(written).toHaveLength(2)
    move(store, 6)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(written).toHaveLength(2) // stopped
  })

  it('cancelled (the board turned out to be a newer app\'s): nothing is written, now or later', async () => {
    vi.useFakeTimers()
    const { store, written, s } = saver(true)
    s.cancel()
    move(store, 7)
    await vi.advanceTimersByTimeAsync(20_000)
    await s.dispose()
    await s.save()
    expect(written).toHaveLength(0)
  })

  it('a failing write is reported, not thrown', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { s } = saver(true, { fail: true })
    await expect(s.save()).resolves.toBeUndefined()
    expect(warn).toHaveBeenCalled()
    warn.mockRestore()
    s.dispose()
  })
})
