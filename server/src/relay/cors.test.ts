/**
 * The API answers an app on another origin (VITE_RELAY_URL, audit F13) with CORS headers, for
 * the origins ALLOWED_ORIGINS lets in, preflight included.
 */
import { describe, expect, it } from 'vitest'
import { randomRoomId, startTestRelay, cleanupAfterEach } from '../testing/relayHarness'

const cleanup = cleanupAfterEach()
const APP = 'https://app.example'

describe('CORS for the relay API', () => {
  it('lets an allowed app origin call the API, preflight included, and nobody else', async () => {
    const relay = await startTestRelay({ allowedOrigins: [APP] })
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const preflight = await fetch(`${relay.url}/api/rooms/${room}/view-token`, {
      method: 'OPTIONS',
      headers: { Origin: APP, 'Access-Control-Request-Method': 'POST' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe(APP)
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST')

    const token = await fetch(`${relay.url}/api/rooms/${room}/view-token`, { method: 'POST', headers: { Origin: APP } })
    expect(token.status).toBe(200)
    expect(token.headers.get('access-control-allow-origin')).toBe(APP)
    expect(token.headers.get('vary')).toBe('Origin')
    const snap = await fetch(`${relay.url}/api/rooms/${room}/snapshot`, { headers: { Origin: APP } })
    expect(snap.status).toBe(200)
    expect(snap.headers.get('access-control-allow-origin')).toBe(APP)

    const evil = 'https://evil.example'
    expect((await fetch(`${relay.url}/api/rooms/${room}/view-token`, { method: 'OPTIONS', headers: { Origin: evil } })).status).toBe(403)
    expect((await fetch(`${relay.url}/api/rooms/${room}/view-token`, { method: 'POST', headers: { Origin: evil } })).status).toBe(403)
    const evilSnap = await fetch(`${relay.url}/api/rooms/${room}/snapshot`, { headers: { Origin: evil } })
    expect(evilSnap.headers.get('access-control-allow-origin')).toBeNull()
    await evilSnap.arrayBuffer()
  })

  it('answers any origin when ALLOWED_ORIGINS is not set', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const snap = await fetch(`${relay.url}/api/rooms/${room}/snapshot`, { headers: { Origin: 'https://anywhere.example' } })
    expect(snap.headers.get('access-control-allow-origin')).toBe('*')
    await snap.arrayBuffer()
    const preflight = await fetch(`${relay.url}/api/rooms/${room}/view-token`, { method: 'OPTIONS', headers: { Origin: 'https://anywhere.example' } })
    expect(preflight.status).toBe(204)
  })
})
