import { CloseCode } from '@circleboard/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectClient, randomRoomId, rawClient, startTestRelay, syncUpdateFrame, waitFor, waitForSynced, wsUrl, cleanupAfterEach } from '../testing/relayHarness'

const cleanup = cleanupAfterEach()

function open(relayUrl: string, room: string) {
  const c = rawClient(`${relayUrl.replace(/^http/, 'ws')}/sync/${room}`)
  cleanup.push(() => c.ws.terminate())
  return c
}

describe('relay limits', () => {
  it('closes connections past the per-room limit with `boardFull`', async () => {
    const relay = await startTestRelay({ limits: { maxConnectionsPerRoom: 2 } })
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const a = open(relay.url, room)
    const b = open(relay.url, room)
    await Promise.all([a.opened, b.opened])
    await waitFor(() => relay.stats().connections === 2, 'two admitted')
    const c = open(relay.url, room)
    expect((await c.closed).code).toBe(CloseCode.boardFull)
    // Another room is unaffected.
    const d = open(relay.url, randomRoomId())
    await d.opened
    await waitFor(() => relay.stats().connections === 3, 'other room admitted')
  })

  it('closes connections past the relay-wide limit with `full`', async () => {
    const relay = await startTestRelay({ limits: { maxConnectionsTotal: 2 } })
    cleanup.push(() => relay.close())
    const a = open(relay.url, randomRoomId())
    const b = open(relay.url, randomRoomId())
    await Promise.all([a.opened, b.opened])
    await waitFor(() => relay.stats().connections === 2, 'two admitted')
    expect((await open(relay.url, randomRoomId()).closed).code).toBe(CloseCode.full)
  })

  it('bounds rooms in memory: evicts empty rooms, refuses when all are occupied', async () => {
    const relay = await startTestRelay({ limits: { maxRoomsInMemory: 2, roomIdleMs: 60_000 } })
    cleanup.push(() => relay.close())
    const a = open(relay.url, randomRoomId())
    const b = open(relay.url, randomRoomId())
    await Promise.all([a.opened, b.opened])
    await waitFor(() => relay.stats().rooms === 2, 'two rooms')
    expect((await open(relay.url, randomRoomId()).closed).code).toBe(CloseCode.full)
    a.ws.close()
    await a.closed
    await waitFor(() => relay.stats().connections === 1, 'a gone')
    // Room a is empty (but not yet idle-unloaded): it makes way for a new room.
    const c = open(relay.url, randomRoomId())
    await c.opened
    await waitFor(() => relay.stats().connections === 2, 'c admitted')
    expect(relay.stats().rooms).toBe(2)
  })

  it('unloads idle rooms and reloads them from disk on the next connection', async () => {
    const relay = await startTestRelay({ limits: { roomIdleMs: 50 } })
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const a = connectClient(relay, room)
    await waitForSynced(a)
    a.doc.getMap('m').set('k', 'v')
    await waitFor(() => relay.metrics.updatesStored === 1, 'stored')
    a.destroy()
    await waitFor(() => relay.stats().rooms === 0, 'room unloaded')
    const b = connectClient(relay, room)
    cleanup.push(b.destroy)
    await waitForSynced(b)
    await waitFor(() => b.doc.getMap('m').get('k') === 'v', 'reloaded')
  })

  it('closes a client that does not read with `slowConsumer` instead of dropping updates', async () => {
    const relay = await startTestRelay({ limits: { maxBufferedBytes: 256 * 1024 } })
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const slow = open(relay.url, room)
    await slow.opened
    await waitFor(() => relay.stats().connections === 1, 'slow admitted')
    // Stop reading: the kernel buffers fill, then the relay's send buffer grows.
    ;(slow.ws as unknown as { _socket: import('node:net').Socket })._socket.pause()

    const writer = open(relay.url, room)
    await writer.opened
    const doc = new Y.Doc()
    const text = doc.getText('t')
    const chunk = 'x'.repeat(256 * 1024)
    let sent = 0
    doc.on('update', (u: Uint8Array) => {
      writer.ws.send(syncUpdateFrame(u))
      sent++
    })
    // Well past any localhost TCP buffering (a few MB) plus our limit.
    for (let i = 0; i < 100 && relay.metrics.closesWithCode(CloseCode.slowConsumer) === 0; i++) {
      text.insert(0, chunk)
      await waitFor(() => relay.metrics.updatesStored >= sent, 'stored')
    }
    expect(relay.metrics.closesWithCode(CloseCode.slowConsumer)).toBe(1)
    ;(slow.ws as unknown as { _socket: import('node:net').Socket })._socket.resume()
    expect((await slow.closed).code).toBe(CloseCode.slowConsumer)
    expect(writer.ws.readyState).toBe(writer.ws.OPEN)
  })

  it('closes a connection that stops answering pings with `pingTimeout`', async () => {
    const relay = await startTestRelay({ limits: { pingIntervalMs: 50 } })
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const mute = rawClient(`${wsUrl(relay)}/sync/${room}`, { autoPong: false })
    cleanup.push(() => mute.ws.terminate())
    const alive = open(relay.url, room)
    await Promise.all([mute.opened, alive.opened])
    expect((await mute.closed).code).toBe(CloseCode.pingTimeout)
    expect(alive.ws.readyState).toBe(alive.ws.OPEN)
  })
})

