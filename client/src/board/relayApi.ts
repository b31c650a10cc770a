/** The relay's small HTTP API, same origin as the app. */

/** The relay's snapshot of a board (null when the relay cannot be reached or refuses). */
export async function fetchRelaySnapshot(roomId: string, signal?: AbortSignal): Promise<Uint8Array | null> {
  try {
    const res = await fetch(`/api/rooms/${encodeURIComponent(roomId)}/snapshot`, { signal, cache: 'no-store' })
    if (!res.ok) return null
    return new Uint8Array(await res.arrayBuffer())
  } catch {
    return null
  }
}

/** A view-only token for a board: the link it makes lets someone watch but not write. */
export async function fetchViewToken(roomId: string): Promise<string> {
  const res = await fetch(`/api/rooms/${encodeURIComponent(roomId)}/view-token`, { method: 'POST' })
  if (!res.ok) throw new Error(`The relay did not make a view link (HTTP ${res.status}).`)
  const body = (await res.json()) as { token?: unknown }
  if (typeof body.token !== 'string') throw new Error('The relay answered without a view link.')
  return body.token
}
