import { describe, expect, it } from 'vitest'
import { connectClient, randomRoomId, startTestRelay, type TestClient, waitFor, waitForSynced, cleanupAfterEach, syncedPair } from '../testing/relayHarness'

const cleanup = cleanupAfterEach()

describe('relay sync with stock y-websocket clients', () => {
  it('two clients converge in both directions', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const [a, b] = await syncedPair(relay, room, cleanup)

    a.doc.getMap('records').set('shape:1', 'from a')
    b.doc.getMap('records').set('shape:2', 'from b')
    await waitFor(() => a.doc.getMap('records').size === 2 && b.doc.getMap('records').size === 2, 'both records on both sides')
    expect(a.doc.getMap('records').toJSON()).toEqual({ 'shape:1': 'from a', 'shape:2': 'from b' })
    expect(b.doc.getMap('records').toJSON()).toEqual(a.doc.getMap('records').toJSON())
  })

  it('a late joiner receives the existing state', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const a = connectClient(relay, room)
    cleanup.push(a.destroy)
    await waitForSynced(a)
    const text = a.doc.getText('t')
    for (let i = 0; i < 50; i++) text.insert(text.length, `${i},`)
    await waitFor(() => relay.metrics.updatesStored >= 50, 'updates stored')

    const late = connectClient(relay, room)
    cleanup.push(late.destroy)
    await waitForSynced(late)
    await waitFor(() => late.doc.getText('t').toString() === text.toString(), 'late joiner has the text')
  })

  it('keeps rooms apart', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const clients: TestClient[] = [connectClient(relay, randomRoomId()), connectClient(relay, randomRoomId())]
    cleanup.push(...clients.map((c) => c.destroy))
    await Promise.all(clients.map(waitForSynced))
    clients[0].doc.getMap('m').set('k', 1)
    await waitFor(() => relay.metrics.updatesStored >= 1, 'update stored')
    // A marker through the second room proves its connection is live and processed in order.
    clients[1].doc.getMap('m').set('own', 2)
    await waitFor(() => relay.metrics.updatesStored >= 2, 'second update stored')
    expect(clients[1].doc.getMap('m').get('k')).toBeUndefined()
  })
})
