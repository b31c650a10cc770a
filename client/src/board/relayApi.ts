/**
 * The relay's small HTTP API. It lives on the relay, which is the app's own origin unless
 * VITE_RELAY_URL points the app at a relay elsewhere; then the calls go there too (the relay
 * answers them with CORS headers), or the "changes not yet on the relay" check, "Remove from this
 * device" and view links would ask the app's host, which has no relay behind it.
 */

/**
 * `http(s)://host[:port][/prefix]` of the relay for a configured websocket base such as
 * `wss://relay.example.org`, or '' (this origin) when none is configured or it cannot be read.
 */
export function relayHttpBase(configured: string | undefined = import.meta.env.VITE_RELAY_URL as string | undefined): string {
  if (!configured) return ''
  let url: URL
  try {
    url = new URL(configured)
  } catch {
    return ''
  }
  if (url.protocol === 'ws:') url.protocol = 'http:'
  else if (url.protocol === 'wss:') url.protocol = 'https:'
  else if (url.protocol !== 'http:' && url.protocol !== 'https:') return ''
  return url.origin + url.pathname.replace(/\/+$/, '')
}

function apiUrl(roomId: string, what: 'snapshot' | 'view-token'): string {
  return `${relayHttpBase()}/api/rooms/${encodeURIComponent(roomId)}/${what}`
}

/** The relay's snapshot of a board (null when the relay cannot be reached or refuses). */
export async function fetchRelaySnapshot(roomId: string, signal?: AbortSignal): Promise<Uint8Array | null> {
  try {
    const res = await fetch(apiUrl(roomId, 'snapshot'), { signal, cache: 'no-store' })
    if (!res.ok) return null
    return new Uint8Array(await res.arrayBuffer())
  } catch {
    return null
  }
}

/** A view-only token for a board: the link it makes lets someone watch but not write. */
export async function fetchViewToken(roomId: string): Promise<string> {
  const res = await fetch(apiUrl(roomId, 'view-token'), { method: 'POST' })
  if (!res.ok) throw new Error(`The relay did not make a view link (HTTP ${res.status}).`)
  const body = (await res.json()) as { token?: unknown }
  if (typeof body.token !== 'string') throw new Error('The relay answered without a view link.')
  return body.token
}
