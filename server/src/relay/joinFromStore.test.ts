/**
 * New devices on a large board are answered with the stored rows (snapshot, log rows, then an
 * empty sync step 2) instead of a state encoded on the event loop (Room.sendStoredState). The
 * joiner must end with exactly the board, be "synced" only once it has all of it, and miss
 * nothing written while it joins, across compactions that replace the snapshot under the cache.
 */
import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  cleanupAfterEach,
  connectClient,
  randomRoomId,
  rawClient,
  startTestRelay,
  syncedPair,
  waitFor,
  wsUrl,
  type TestClient,
} from '../testing/relayHarness'

const cleanup = cleanupAfterEach()

const boardOf = (doc: Y.Doc) => ({ text: doc.getText('t').toString(), map: doc.getMap('m').toJSON() })

/** A new device; resolves with its board at the moment y-websocket says it is synced. */
function join(relay: { url: string }, room: string): { client: TestClient; atSync: Promise<ReturnType<typeof boardOf>> } {
  const client = connectClient(relay, room)
  cleanup.push(client.destroy)
  const atSync = new Promise<ReturnType<typeof boardOf>>((resolve) => {
    const onSync = (synced: boolean) => {
      if (!synced) return
      client.provider.off('sync', onSync)
      resolve(boardOf(client.doc))
    }
    client.provider.on('sync', onSync)
  })
  return { client, atSync }
}

/** The sync frames a raw new device gets, up to and including the first step 2. */
async function rawJoin(relay: { url: string }, room: string): Promise<{ types: number[]; updates: Uint8Array[]; step2: Uint8Array }> {
  const c = rawClient(`${wsUrl(relay)}/sync/${room}`)
  cleanup.push(() => c.ws.terminate())
  await c.opened
  c.ws.send(new Uint8Array([0, 0, 1, 0]))
  await waitFor(() => c.messages.some((m) => m[0] === 0 && m[1] === 1), 'step 2')
  const types: number[] = []
  const updates: Uint8Array[] = []
  for (const m of c.messages) {
    if (m[0] !== 0) continue
    const d = decoding.createDecoder(m)
    decoding.readVarUint(d)
    const sub = decoding.readVarUint(d)
    const payload = decoding.readVarUint8Array(d)
    if (sub === 0) continue // the relay's own step 1
    types.push(sub)
    if (sub === 2) updates.push(payload)
    if (sub === 1) return { types, updates, step2: payload }
  }
  throw new Error('unreachable')
}

describe('new devices on a large board get the stored rows', () => {
  it('synced means the whole board, through compactions, and nothing written meanwhile is missed', { timeout: 30_000 }, async () => {
    // Every board counts as large here; compactions every 25 updates replace the snapshot often.
    const relay = await startTestRelay({ limits: { fullSyncFromStoreBytes: 1, compactAfterUpdates: 25 } })
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const [writer, watcher] = await syncedPair(relay, room, cleanup)
    const text = writer.doc.getText('t')
    const map = writer.doc.getMap('m')
    const edit = (i: number) => {
      if (i % 2) text.insert(text.length, `${i};`)
      else map.set(`k${i % 40}`, i)
    }
    let n = 0
    for (; n < 60; n++) edit(n)
    const settled = () => JSON.stringify(boardOf(watcher.doc)) === JSON.stringify(boardOf(writer.doc))
    await waitFor(settled, 'watcher has the first edits')
    await relay.compactionsIdle()

    // Quiet board: synced must already hold everything (twice: the second join uses the cache).
    for (let k = 0; k < 2; k++) {
      const j = join(relay, room)
      expect(await j.atSync).toEqual(boardOf(writer.doc))
    }
    // A compaction replaces the snapshot the cached frames came from; then more log rows.
    for (; n < 100; n++) edit(n)
    await waitFor(settled, 'watcher has more edits')
    relay.compactRoom(room)
    await relay.compactionsIdle()
    for (; n < 110; n++) edit(n)
    await waitFor(settled, 'watcher has the last quiet edits')
    expect(await join(relay, room).atSync).toEqual(boardOf(writer.doc))

    // Busy board: new devices join while the writer keeps writing (and compactions run).
    const joiners: TestClient[] = []
    let writing = true
    const loop = (async () => {
      while (writing) {
        edit(n++)
        await new Promise((r) => setTimeout(r, 4))
      }
    })()
    for (let k = 0; k < 6; k++) {
      joiners.push(join(relay, room).client)
      await new Promise((r) => setTimeout(r, 120))
    }
    writing = false
    await loop
    await waitFor(settled, 'watcher has every edit')
    const expected = JSON.stringify(boardOf(writer.doc))
    for (const j of joiners) await waitFor(() => JSON.stringify(boardOf(j.doc)) === expected, 'joiner has the whole board')
    expect(relay.metrics.fullSyncsFromStore).toBeGreaterThanOrEqual(9)
    expect(relay.metrics.compactions.get('ok') ?? 0).toBeGreaterThanOrEqual(3)
  })

  it('sends stock sync frames: updates as stored, then a step 2 with an empty update', async () => {
    const relay = await startTestRelay({ limits: { fullSyncFromStoreBytes: 1 } })
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const [writer, watcher] = await syncedPair(relay, room, cleanup)
    for (let i = 0; i < 5; i++) writer.doc.getText('t').insert(0, `${i}`)
    await waitFor(() => watcher.doc.getText('t').length === 5, 'watcher has the edits')
    const got = await rawJoin(relay, room)
    expect(got.types[got.types.length - 1]).toBe(1)
    expect(got.types.slice(0, -1).every((t) => t === 2)).toBe(true)
    expect(Array.from(got.step2)).toEqual(Array.from(Y.encodeStateAsUpdate(new Y.Doc())))
    const doc = new Y.Doc()
    for (const u of got.updates) Y.applyUpdate(doc, u)
    expect(doc.getText('t').toString()).toBe(writer.doc.getText('t').toString())
    expect(doc.store.pendingStructs).toBeNull()
  })

  it('below the size, a new device still gets one encoded step 2 with the whole board', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const [writer, watcher] = await syncedPair(relay, room, cleanup)
    writer.doc.getText('t').insert(0, 'small board')
    await waitFor(() => watcher.doc.getText('t').length > 0, 'watcher has the edit')
    const got = await rawJoin(relay, room)
    expect(got.types).toEqual([1])
    const doc = new Y.Doc()
    Y.applyUpdate(doc, got.step2)
    expect(doc.getText('t').toString()).toBe('small board')
    expect(relay.metrics.fullSyncsFromStore).toBe(0)
  })

  it('after a restart, frames built from what the room loaded give the whole board, and stay in step', { timeout: 20_000 }, async () => {
    const limits = { fullSyncFromStoreBytes: 1, compactAfterUpdates: 15 }
    const first = await startTestRelay({ limits })
    const room = randomRoomId()
    const [a, b] = await syncedPair(first, room, cleanup)
    for (let i = 0; i < 40; i++) a.doc.getText('t').insert(0, `${i},`)
    await waitFor(() => b.doc.getText('t').toString() === a.doc.getText('t').toString(), 'b has the edits')
    const before = a.doc.getText('t').toString()
    a.destroy()
    b.destroy()
    await first.compactionsIdle()
    await first.close()

    // The room loads with the first new device (snapshot + log from disk).
    const second = await startTestRelay({ limits, dataDir: first.dataDir })
    cleanup.push(() => second.close())
    const j1 = join(second, room)
    expect((await j1.atSync).text).toBe(before)
    // More edits from that device, a compaction, more edits: a later new device gets them all.
    for (let i = 0; i < 30; i++) j1.client.doc.getText('t').insert(0, `n${i},`)
    const watcher = join(second, room)
    await watcher.atSync
    await waitFor(() => watcher.client.doc.getText('t').toString() === j1.client.doc.getText('t').toString(), 'watcher has the new edits')
    await second.compactionsIdle()
    j1.client.doc.getText('t').insert(0, 'last,')
    await waitFor(() => watcher.client.doc.getText('t').toString() === j1.client.doc.getText('t').toString(), 'watcher has the last edit')
    const j2 = join(second, room)
    expect((await j2.atSync).text).toBe(j1.client.doc.getText('t').toString())
    expect(second.metrics.compactions.get('ok') ?? 0).toBeGreaterThanOrEqual(1)
  })
})
