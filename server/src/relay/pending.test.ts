/**
 * Updates whose history the relay lacks ("pending" in Yjs). Audit F1: they were re-merged with
 * every further one on the main thread (quadratic), never stored, and handed to joiners.
 */
import { CloseCode } from '@circleboard/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openRoomDocReadOnly } from '../persistence/readOnly'
import { connectClient, randomRoomId, rawClient, startTestRelay, syncedPair, syncUpdateFrame, waitFor, waitForSynced, wsUrl, cleanupAfterEach } from '../testing/relayHarness'

const cleanup = cleanupAfterEach()

/**
 * Two updates by one client: `first` (a one-character insert) and `second` (a `bytes`-long insert
 * after it), which cannot integrate without `first`.
 */
function dependentPair(clientId: number, bytes: number): { first: Uint8Array; second: Uint8Array } {
  const doc = new Y.Doc()
  doc.clientID = clientId
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  doc.getText('t').insert(0, 'a')
  doc.getText('t').insert(1, 'x'.repeat(bytes))
  doc.destroy()
  return { first: updates[0], second: updates[1] }
}

function openRaw(relay: { url: string }, room: string) {
  const c = rawClient(`${wsUrl(relay)}/sync/${room}`)
  cleanup.push(() => c.ws.terminate())
  return c
}

describe('pending updates (missing history)', () => {
  it('closes a sender of dependency-less updates past the byte bound; nothing stored, other rooms keep syncing', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const attacker = openRaw(relay, room)
    await attacker.opened
    // The audit's attack, scaled down: each update from another client, 64 KiB, first struct missing.
    for (let i = 0; i < 40; i++) attacker.ws.send(syncUpdateFrame(dependentPair(1000 + i, 64 * 1024).second))
    const [a, b] = await syncedPair(relay, randomRoomId(), cleanup)
    a.doc.getMap('m').set('k', 'v')
    expect((await attacker.closed).code).toBe(CloseCode.missingDependencies)
    await waitFor(() => b.doc.getMap('m').get('k') === 'v', 'other room syncs')
    expect(relay.metrics.updatesStored).toBe(1) // only the other room's edit
  })

  it('hands no pending data to a joiner, and drops it (closing its sender) after the time bound', async () => {
    const relay = await startTestRelay({ limits: { pendingTimeoutMs: 300 } })
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const sender = openRaw(relay, room)
    await sender.opened
    sender.ws.send(syncUpdateFrame(dependentPair(4242, 100).second))
    await waitFor(() => relay.metrics.messagesIn >= 1, 'update received')
    // A joiner's sync must not carry what the relay has not stored.
    const joiner = connectClient(relay, room)
    cleanup.push(joiner.destroy)
    await waitForSynced(joiner)
    expect(joiner.doc.store.pendingStructs).toBeNull()
    expect(Y.encodeStateVector(joiner.doc)).toEqual(Y.encodeStateVector(new Y.Doc()))
    expect((await sender.closed).code).toBe(CloseCode.missingDependencies)
    expect(relay.metrics.updatesStored).toBe(0)
    expect(joiner.provider.wsconnected).toBe(true)
  })

  it('bounds pending deletions too: deletes of content the relay never had', async () => {
    const relay = await startTestRelay({ limits: { maxPendingBytes: 4 * 1024 } })
    cleanup.push(() => relay.close())
    const sender = openRaw(relay, randomRoomId())
    await sender.opened
    // Delete-only updates for content of clients the relay has never seen: Yjs keeps each as
    // a pending delete set and re-reads all of it on every later update.
    for (let i = 0; i < 200; i++) {
      const doc = new Y.Doc()
      doc.clientID = 5000 + i
      const updates: Uint8Array[] = []
      doc.on('update', (u: Uint8Array) => updates.push(u))
      for (let k = 0; k < 5; k++) doc.getText('t').insert(0, 'x')
      doc.getText('t').delete(0, 5)
      sender.ws.send(syncUpdateFrame(updates[updates.length - 1]))
      doc.destroy()
    }
    expect((await sender.closed).code).toBe(CloseCode.missingDependencies)
    expect(relay.metrics.updatesStored).toBe(0)
  })

  it('keeps an update that arrives before what it builds on, and stores both once it does', async () => {
    const relay = await startTestRelay({ limits: { pendingTimeoutMs: 5_000 } })
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const sender = openRaw(relay, room)
    await sender.opened
    const { first, second } = dependentPair(777, 10)
    sender.ws.send(syncUpdateFrame(second))
    sender.ws.send(syncUpdateFrame(first))
    // Yjs integrates both in one transaction: one stored update.
    await waitFor(() => relay.metrics.updatesStored >= 1, 'stored')
    const stored = openRoomDocReadOnly(relay.dataDir, room)!
    expect(stored.getText('t').toString()).toBe('a' + 'x'.repeat(10))
    stored.destroy()
    const reader = connectClient(relay, room)
    cleanup.push(reader.destroy)
    await waitFor(() => reader.doc.getText('t').toString() === 'a' + 'x'.repeat(10), 'reader has both')
    await new Promise((r) => setTimeout(r, 50))
    expect(sender.ws.readyState).toBe(sender.ws.OPEN)
  })

  it('a stock client closed for missing history resyncs on reconnect and its edit arrives', async () => {
    const relay = await startTestRelay({ limits: { pendingTimeoutMs: 200 } })
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const [a, b] = await syncedPair(relay, room, cleanup)
    // An edit built on a change that reached `a` from elsewhere (another tab) and not the relay.
    const { first, second } = dependentPair(31337, 10)
    const elsewhere = new Y.Doc()
    Y.applyUpdate(elsewhere, first)
    Y.applyUpdate(elsewhere, second)
    // `a` applies both locally; the relay gets only `second` on a's socket, as if first was lost.
    a.provider.ws!.send(syncUpdateFrame(second))
    await waitFor(() => relay.metrics.closesWithCode(CloseCode.missingDependencies) === 1, 'closed for missing history')
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(elsewhere), 'other-tab')
    await waitFor(() => b.doc.getText('t').toString() === 'a' + 'x'.repeat(10), 'b gets both after a resyncs')
  })
})
