/**
 * Seeded random frames (repeatable): whatever arrives, the relay answers with `badMessage` or
 * accepts it, never crashes, never hits an internal error, and keeps syncing real clients.
 */
import { CloseCode } from '@circleboard/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectClient, randomRoomId, rawClient, startTestRelay, waitFor, waitForSynced, wsUrl } from '../testing/relayHarness'
import type { Relay } from './Relay'

/** mulberry32: tiny seeded PRNG so a failure reproduces from its seed. */
function prng(seed: number) {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Mostly plausible prefixes (a real message type and sync step) followed by noise. */
function randomFrame(rand: () => number): Uint8Array {
  const prefixes = [[0, 0], [0, 1], [0, 2], [1], [3], [0], [2], [], [0, 2, 0x80]]
  const prefix = prefixes[Math.floor(rand() * prefixes.length)]
  const n = Math.floor(rand() * 40)
  const bytes = [...prefix]
  if (prefix.length >= 1 && rand() < 0.6) bytes.push(Math.floor(rand() * n + 1)) // a length that may or may not fit
  for (let i = 0; i < n; i++) bytes.push(Math.floor(rand() * 256))
  return new Uint8Array(bytes)
}

let relay: Relay

beforeAll(async () => {
  relay = await startTestRelay()
})
afterAll(() => relay.close())

describe('fuzzed frames', () => {
  it('300 random frames: only badMessage closes, no internal errors, relay still syncs', async () => {
    const seed = 20261123
    const rand = prng(seed)
    const room = randomRoomId()
    let ws = rawClient(`${wsUrl(relay)}/sync/${room}`)
    await ws.opened
    const codes = new Map<number, number>()
    for (let i = 0; i < 300; i++) {
      if (ws.ws.readyState !== ws.ws.OPEN) {
        const { code } = await ws.closed
        codes.set(code, (codes.get(code) ?? 0) + 1)
        ws = rawClient(`${wsUrl(relay)}/sync/${room}`)
        await ws.opened
      }
      ws.ws.send(randomFrame(rand))
      // Let the relay answer before the next frame so a close is attributed to its frame.
      await new Promise((r) => setTimeout(r, 2))
    }
    ws.ws.close()
    expect([...codes.keys()].every((c) => c === CloseCode.badMessage), `seed ${seed}: ${JSON.stringify([...codes])}`).toBe(true)
    expect(codes.get(CloseCode.badMessage) ?? 0).toBeGreaterThan(50)
    expect(relay.metrics.errors.get('internal') ?? 0).toBe(0)
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200)

    // The fuzzed room itself still works for real clients.
    const a = connectClient(relay, room)
    const b = connectClient(relay, room)
    await Promise.all([waitForSynced(a), waitForSynced(b)])
    a.doc.getMap('m').set('after-fuzz', true)
    await waitFor(() => b.doc.getMap('m').get('after-fuzz') === true, 'sync after fuzz')
    a.destroy()
    b.destroy()
  })
})
