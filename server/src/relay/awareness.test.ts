import { describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { connectClient, randomRoomId, rawClient, startTestRelay, waitFor, waitForSynced, wsUrl, cleanupAfterEach, syncedPair } from '../testing/relayHarness'

const cleanup = cleanupAfterEach()

function awarenessFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

describe('awareness (presence)', () => {
  it('propagates states and removes them when a client leaves', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const [a, b] = await syncedPair(relay, room, cleanup)

    a.provider.awareness.setLocalStateField('user', { name: 'Ana', color: '#f00' })
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Ana', 'b sees Ana')

    // A joiner after the fact gets the current presence on connect.
    const c = connectClient(relay, room)
    cleanup.push(c.destroy)
    await waitFor(() => c.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Ana', 'c sees Ana')

    a.provider.disconnect()
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'Ana removed for b')
  })

  it('drops awareness entries for client ids another connection introduced', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const [a, b] = await syncedPair(relay, room, cleanup)
    a.provider.awareness.setLocalStateField('user', { name: 'Ana' })
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Ana', 'b sees Ana')

    // An attacker forges Ana's entry (higher clock, other name) and a removal of Ana.
    const evil = rawClient(`${wsUrl(relay)}/sync/${room}`)
    cleanup.push(() => evil.ws.terminate())
    await evil.opened
    const forgedDoc = new Y.Doc()
    forgedDoc.clientID = a.doc.clientID
    const forged = new awarenessProtocol.Awareness(forgedDoc)
    forged.setLocalState({ user: { name: 'Mallory' } })
    for (let i = 0; i < 5; i++) forged.setLocalState({ user: { name: 'Mallory' }, i }) // clock well above Ana's
    evil.ws.send(awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(forged, [a.doc.clientID])))
    forged.setLocalState(null)
    evil.ws.send(awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(forged, [a.doc.clientID])))
    forged.destroy()

    // Its own id is fine and acts as a marker that the forged frames were processed before it.
    const own = new awarenessProtocol.Awareness(new Y.Doc())
    own.setLocalState({ user: { name: 'Eve' } })
    evil.ws.send(awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(own, [own.clientID])))
    await waitFor(() => b.provider.awareness.getStates().get(own.clientID)?.user?.name === 'Eve', 'b sees Eve')
    own.destroy()

    expect(b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name).toBe('Ana')
    const dropped = /circleboard_errors_total\{kind="awareness_dropped"\} (\d+)/.exec(relay.metrics.render())
    expect(Number(dropped?.[1])).toBe(2)
  })

  it('answers a query for awareness with every present state', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const a = connectClient(relay, room)
    cleanup.push(a.destroy)
    await waitForSynced(a)
    a.provider.awareness.setLocalStateField('user', { name: 'Ana' })
    const q = rawClient(`${wsUrl(relay)}/sync/${room}`)
    cleanup.push(() => q.ws.terminate())
    await q.opened
    await waitFor(() => relay.stats().connections === 2, 'two connections')
    // Wait until Ana's state reached the relay: the raw client receives it as a broadcast.
    await waitFor(() => q.messages.some((m) => m[0] === 1), 'awareness broadcast seen')
    q.messages.length = 0
    q.ws.send(new Uint8Array([3]))
    await waitFor(() => q.messages.some((m) => m[0] === 1), 'awareness reply')
    const reply = q.messages.find((m) => m[0] === 1)!
    const d = decoding.createDecoder(reply)
    decoding.readVarUint(d)
    const probe = new awarenessProtocol.Awareness(new Y.Doc())
    awarenessProtocol.applyAwarenessUpdate(probe, decoding.readVarUint8Array(d), 'test')
    expect(probe.getStates().get(a.doc.clientID)?.user?.name).toBe('Ana')
    probe.destroy()
  })

  it('drops oversized presence states and states past the per-connection id limit', async () => {
    const relay = await startTestRelay({ limits: { maxAwarenessStateBytes: 1000, maxAwarenessIdsPerConnection: 2 } })
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const watcher = connectClient(relay, room)
    cleanup.push(watcher.destroy)
    await waitForSynced(watcher)
    const raw = rawClient(`${wsUrl(relay)}/sync/${room}`)
    cleanup.push(() => raw.ws.terminate())
    await raw.opened
    const make = (state: unknown) => {
      const a = new awarenessProtocol.Awareness(new Y.Doc())
      a.setLocalState(state as Record<string, unknown>)
      const frame = awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(a, [a.clientID]))
      const id = a.clientID
      a.destroy()
      return { id, frame }
    }
    const big = make({ user: { name: 'x'.repeat(2000) } })
    const ids = [make({ user: { name: 'one' } }), make({ user: { name: 'two' } }), make({ user: { name: 'three' } })]
    raw.ws.send(big.frame)
    for (const x of ids) raw.ws.send(x.frame)
    await waitFor(() => watcher.provider.awareness.getStates().has(ids[1].id), 'second id relayed')
    // One more round trip through the relay proves the third (over the limit) was processed.
    const seen = raw.messages.filter((m) => m[0] === 1).length
    raw.ws.send(new Uint8Array([3]))
    await waitFor(() => raw.messages.filter((m) => m[0] === 1).length > seen, 'query answered')
    const states = watcher.provider.awareness.getStates()
    expect(states.has(big.id)).toBe(false)
    expect(states.has(ids[0].id)).toBe(true)
    expect(states.has(ids[2].id)).toBe(false)
    expect(relay.metrics.errors.get('awareness_dropped')).toBe(2)
  })
})
