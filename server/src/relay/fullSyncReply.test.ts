/**
 * New devices (empty state vector) share one encoded full-state reply while the board is
 * unchanged (Room.fullSyncReply). The reply must never be stale: every change in between, and
 * every change the relay makes itself, must reach the next new device.
 */
import { describe, expect, it } from 'vitest'
import { cleanupAfterEach, connectClient, randomRoomId, startTestRelay, syncedPair, waitFor, waitForSynced } from '../testing/relayHarness'

const cleanup = cleanupAfterEach()

describe('full-state reply shared by new devices', () => {
  it('gives each new device the board as it is now, not as it was for the previous one', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const [a, b] = await syncedPair(relay, room, cleanup)
    a.doc.getMap('m').set('first', 1)
    await waitFor(() => b.doc.getMap('m').get('first') === 1, 'b has first')

    for (let i = 0; i < 3; i++) {
      // A new device, then a change, then another new device: it must have the change.
      const seen = connectClient(relay, room)
      cleanup.push(seen.destroy)
      await waitForSynced(seen)
      expect(seen.doc.getMap('m').get('first')).toBe(1)
      a.doc.getMap('m').set(`k${i}`, i)
      await waitFor(() => b.doc.getMap('m').get(`k${i}`) === i, `b has k${i}`)
      const next = connectClient(relay, room)
      cleanup.push(next.destroy)
      await waitForSynced(next)
      expect(next.doc.getMap('m').get(`k${i}`)).toBe(i)
    }
  })

  it('is the same for several new devices joining together', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const writer = connectClient(relay, room)
    cleanup.push(writer.destroy)
    await waitForSynced(writer)
    const text = writer.doc.getText('t')
    text.insert(0, 'x'.repeat(50_000))
    await new Promise((r) => setTimeout(r, 200))
    const crowd = Array.from({ length: 5 }, () => connectClient(relay, room))
    cleanup.push(...crowd.map((c) => c.destroy))
    await Promise.all(crowd.map(waitForSynced))
    for (const c of crowd) expect(c.doc.getText('t').length).toBe(50_000)
  })
})
