import { afterEach, describe, expect, it, vi } from 'vitest'
import { fetchRelaySnapshot, fetchViewToken, relayHttpBase } from './relayApi'

afterEach(() => {
  vi.unstubAllEnvs()
  vi.unstubAllGlobals()
})

/** Records the URLs the API asks for, answering like the relay. */
function stubFetch(): string[] {
  const urls: string[] = []
  vi.stubGlobal('fetch', async (input: string) => {
    urls.push(input)
    return input.endsWith('/view-token')
      ? new Response(JSON.stringify({ token: 'tok' }), { status: 200 })
      : new Response(new Uint8Array([0, 0]), { status: 200 })
  })
  return urls
}

describe('relay HTTP API address', () => {
  it('derives the relay origin from VITE_RELAY_URL', () => {
    expect(relayHttpBase('wss://relay.example.org')).toBe('https://relay.example.org')
    expect(relayHttpBase('ws://10.0.0.5:8787/')).toBe('http://10.0.0.5:8787')
    expect(relayHttpBase('wss://example.org/circleboard/')).toBe('https://example.org/circleboard')
    expect(relayHttpBase('https://relay.example.org')).toBe('https://relay.example.org')
    expect(relayHttpBase(undefined)).toBe('')
    expect(relayHttpBase('')).toBe('')
    expect(relayHttpBase('not a url')).toBe('')
    expect(relayHttpBase('ftp://x.example')).toBe('')
  })

  it('calls the relay on its own origin when VITE_RELAY_URL points elsewhere', async () => {
    vi.stubEnv('VITE_RELAY_URL', 'wss://relay.example.org:8443')
    const urls = stubFetch()
    expect(await fetchViewToken('room12345678')).toBe('tok')
    expect(await fetchRelaySnapshot('room12345678')).not.toBeNull()
    expect(urls).toEqual([
      'https://relay.example.org:8443/api/rooms/room12345678/view-token',
      'https://relay.example.org:8443/api/rooms/room12345678/snapshot',
    ])
  })

  it('stays on the app origin when no relay URL is configured', async () => {
    vi.stubEnv('VITE_RELAY_URL', '')
    const urls = stubFetch()
    await fetchRelaySnapshot('room12345678')
    expect(urls).toEqual(['/api/rooms/room12345678/snapshot'])
  })
})
