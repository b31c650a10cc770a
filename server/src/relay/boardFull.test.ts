/**
 * The default per-room cap (250) admits a 100-person workshop with its projector and then some;
 * the 251st connection is closed with its own code, `boardFull`, which the app explains in plain
 * words ("This board is full…") instead of the relay-wide "the relay is full".
 */
import { CloseCode, DEFAULT_LIMITS, describeCloseCode } from '@circleboard/shared'
import { describe, expect, it } from 'vitest'
import { cleanupAfterEach, randomRoomId, rawClient, startTestRelay, waitFor } from '../testing/relayHarness'

const cleanup = cleanupAfterEach()

describe('a full board', () => {
  it('admits 250 connections to one board by default and tells the 251st plainly that the board is full', async () => {
    expect(DEFAULT_LIMITS.maxConnectionsPerRoom).toBe(250)
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const url = `${relay.url.replace(/^http/, 'ws')}/sync/${room}`
    const clients = []
    for (let i = 0; i < 250; i += 50) {
      const batch = Array.from({ length: 50 }, () => rawClient(url))
      clients.push(...batch)
      cleanup.push(...batch.map((c) => () => c.ws.terminate()))
      await Promise.all(batch.map((c) => c.opened))
    }
    await waitFor(() => relay.stats().connections === 250, '250 admitted')
    const last = rawClient(url)
    cleanup.push(() => last.ws.terminate())
    const closed = await last.closed
    expect(closed).toEqual({ code: CloseCode.boardFull, reason: 'board is full' })
    expect(describeCloseCode(closed.code)).toMatch(/^This board is full/)
    expect(relay.stats().connections).toBe(250)
    // When someone leaves, the next one gets in.
    clients[0].ws.close()
    await waitFor(() => relay.stats().connections === 249, 'one left')
    const next = rawClient(url)
    cleanup.push(() => next.ws.terminate())
    await next.opened
    await waitFor(() => relay.stats().connections === 250, 'next admitted')
  })
})
