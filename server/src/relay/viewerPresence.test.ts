/**
 * Viewers' presence (audit F7): the relay, not the client, says who is a viewer, and a viewer's
 * presence is small and budgeted, because every byte of it is fanned out to everyone.
 */
import { describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { randomRoomId, rawClient, startTestRelay, waitFor, wsUrl, cleanupAfterEach } from '../testing/relayHarness'
import type { Relay } from './Relay'

const cleanup = cleanupAfterEach()

function awarenessFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

/** Every awareness state a raw client has received, in order: [clientId, state]. */
function receivedStates(messages: Buffer[]): [number, unknown][] {
  const out: [number, unknown][] = []
  for (const m of messages) {
    const d = decoding.createDecoder(m)
    if (decoding.readVarUint(d) !== 1) continue
    const u = decoding.createDecoder(decoding.readVarUint8Array(d))
    const n = decoding.readVarUint(u)
    for (let i = 0; i < n; i++) {
      const clientId = decoding.readVarUint(u)
      decoding.readVarUint(u)
      out.push([clientId, JSON.parse(decoding.readVarString(u))])
    }
  }
  return out
}

/** A hand-driven presence: each `set` sends one awareness frame for its own client id. */
function presenceSender(ws: { send(data: Uint8Array): void }) {
  const doc = new Y.Doc()
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.on('update', () => {})
  return {
    clientId: doc.clientID,
    set(state: Record<string, unknown>) {
      awareness.setLocalState(state)
      ws.send(awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])))
    },
    destroy: () => awareness.destroy(),
  }
}

async function viewerAndEditor(relay: Relay) {
  const room = randomRoomId()
  const { token } = (await (await fetch(`${relay.url}/api/rooms/${room}/view-token`, { method: 'POST' })).json()) as { token: string }
  const editor = rawClient(`${wsUrl(relay)}/sync/${room}`)
  const viewer = rawClient(`${wsUrl(relay)}/view/${token}`)
  cleanup.push(() => editor.ws.terminate(), () => viewer.ws.terminate())
  await Promise.all([editor.opened, viewer.opened])
  await waitFor(() => relay.stats().connections === 2, 'both admitted')
  return { editor, viewer }
}

describe('viewer presence', () => {
  it('marks viewers as viewers and editors as editors, whatever their clients claim', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const { editor, viewer } = await viewerAndEditor(relay)
    const fake = presenceSender(viewer.ws)
    fake.set({ user: { id: 'x', name: 'Facilitator', color: 'red' } })
    await waitFor(() => receivedStates(editor.messages).some(([id]) => id === fake.clientId), 'editor sees the viewer')
    const [, seen] = receivedStates(editor.messages).find(([id]) => id === fake.clientId)!
    expect(seen).toEqual({ user: { id: 'x', name: 'Facilitator', color: 'red' }, role: 'viewer', viewOnly: true })

    const ed = presenceSender(editor.ws)
    ed.set({ user: { id: 'y', name: 'Ed', color: 'blue' }, viewOnly: true, role: 'facilitator' })
    await waitFor(() => receivedStates(viewer.messages).some(([id]) => id === ed.clientId), 'viewer sees the editor')
    expect(receivedStates(viewer.messages).find(([id]) => id === ed.clientId)![1]).toEqual({ user: { id: 'y', name: 'Ed', color: 'blue' }, role: 'participant' })
    fake.destroy()
    ed.destroy()
  })

  it('drops a viewer presence larger than the viewer limit, and bounds a viewer flood', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const { editor, viewer } = await viewerAndEditor(relay)
    const big = presenceSender(viewer.ws)
    big.set({ user: { name: 'v' }, junk: 'x'.repeat(20 * 1024) })
    // Editors keep the general limit: the same state from an editor is relayed.
    const ed = presenceSender(editor.ws)
    ed.set({ user: { name: 'e' }, junk: 'x'.repeat(20 * 1024) })
    await waitFor(() => receivedStates(viewer.messages).some(([id]) => id === ed.clientId), 'editor state relayed')
    expect(receivedStates(editor.messages).some(([id]) => id === big.clientId)).toBe(false)

    // 200 states of 2 KiB at once (400 KiB to fan out to everyone): the budget lets a fraction through.
    const flood = presenceSender(viewer.ws)
    const before = relay.metrics.messagesIn
    for (let i = 0; i < 200; i++) flood.set({ user: { name: 'v' }, i, pad: 'p'.repeat(2 * 1024) })
    await waitFor(() => relay.metrics.messagesIn >= before + 200, 'flood received')
    await new Promise((r) => setTimeout(r, 100))
    const relayed = receivedStates(editor.messages).filter(([id]) => id === flood.clientId).length
    expect(relayed).toBeGreaterThan(0)
    expect(relayed).toBeLessThan(100)
    big.destroy()
    ed.destroy()
    flood.destroy()
  })
})
