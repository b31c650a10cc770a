import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openRoomDocReadOnly } from '../persistence/readOnly'
import { connectClient, randomRoomId, rawClient, startTestRelay, syncUpdateFrame, upgradeStatus, waitFor, waitForSynced, wsUrl, cleanupAfterEach } from '../testing/relayHarness'
import * as Y from 'yjs'
import { VIEW_SECRET_FILE } from './ViewTokens'

const cleanup = cleanupAfterEach()

async function viewToken(relayUrl: string, roomId: string, origin?: string): Promise<Response> {
  return fetch(`${relayUrl}/api/rooms/${roomId}/view-token`, { method: 'POST', headers: origin ? { Origin: origin } : {} })
}

describe('view-only links', () => {
  it('viewers receive the board and presence, but their edits go nowhere', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const res = await viewToken(relay.url, room)
    expect(res.status).toBe(200)
    const { token } = (await res.json()) as { token: string }
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(token).not.toContain(room)
    expect(Buffer.from(token, 'base64url').toString('latin1')).not.toContain(room)

    const editor = connectClient(relay, room)
    cleanup.push(editor.destroy)
    await waitForSynced(editor)
    editor.doc.getMap('records').set('shape:1', 'by editor')

    const viewer = connectClient(relay, token, { path: 'view' })
    cleanup.push(viewer.destroy)
    await waitForSynced(viewer)
    await waitFor(() => viewer.doc.getMap('records').get('shape:1') === 'by editor', 'viewer sees the board')

    // The viewer's presence reaches the facilitator.
    viewer.provider.awareness.setLocalStateField('user', { name: 'Watcher' })
    await waitFor(() => editor.provider.awareness.getStates().get(viewer.doc.clientID)?.user?.name === 'Watcher', 'editor sees the viewer')

    // The viewer's edit is neither applied, stored nor relayed.
    const storedBefore = relay.metrics.updatesStored
    const ignoredBefore = relay.metrics.errors.get('viewer_update_ignored') ?? 0
    viewer.doc.getMap('records').set('shape:evil', 'by viewer')
    await waitFor(() => (relay.metrics.errors.get('viewer_update_ignored') ?? 0) > ignoredBefore, 'relay ignored the viewer update')
    editor.doc.getMap('records').set('shape:2', 'marker')
    await waitFor(() => viewer.doc.getMap('records').get('shape:2') === 'marker', 'marker reached the viewer')
    expect(relay.metrics.updatesStored).toBe(storedBefore + 1)
    expect(editor.doc.getMap('records').has('shape:evil')).toBe(false)
    // What the relay stored: the editor's two writes, never the viewer's.
    const stored = openRoomDocReadOnly(relay.dataDir, room)
    expect(stored?.getMap('records').get('shape:2')).toBe('marker')
    expect(stored?.getMap('records').has('shape:evil')).toBe(false)
  })

  it('a raw viewer sending updates stays connected and changes nothing', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const { token } = (await (await viewToken(relay.url, room)).json()) as { token: string }
    const raw = rawClient(`${wsUrl(relay)}/view/${token}`)
    cleanup.push(() => raw.ws.terminate())
    await raw.opened
    const d = new Y.Doc()
    d.getMap('records').set('x', 1)
    raw.ws.send(syncUpdateFrame(Y.encodeStateAsUpdate(d)))
    await waitFor(() => (relay.metrics.errors.get('viewer_update_ignored') ?? 0) >= 1, 'ignored')
    expect(relay.metrics.updatesStored).toBe(0)
    expect(raw.ws.readyState).toBe(raw.ws.OPEN)
  })

  it('rejects tampered tokens and tokens made with another secret', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const other = await startTestRelay()
    cleanup.push(() => other.close())
    const room = randomRoomId()
    const { token } = (await (await viewToken(relay.url, room)).json()) as { token: string }
    const flipped = token.slice(0, 20) + (token[20] === 'A' ? 'B' : 'A') + token.slice(21)
    expect(await upgradeStatus(`${wsUrl(relay)}/view/${flipped}`)).toBe(403)
    expect(await upgradeStatus(`${wsUrl(other)}/view/${token}`)).toBe(403)
    expect(await upgradeStatus(`${wsUrl(relay)}/view/${room}`)).toBe(403)
    expect((await viewToken(relay.url, 'bad!')).status).toBe(400)
    expect((await fetch(`${relay.url}/api/rooms/${room}/view-token`)).status).toBe(405)
  })

  it('keeps the secret in the data dir, private, across restarts', async () => {
    const relay = await startTestRelay()
    const room = randomRoomId()
    const { token } = (await (await viewToken(relay.url, room)).json()) as { token: string }
    await relay.close()
    const file = path.join(relay.dataDir, VIEW_SECRET_FILE)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    const again = await startTestRelay({ dataDir: relay.dataDir })
    cleanup.push(() => again.close())
    const viewer = connectClient(again, token, { path: 'view' })
    cleanup.push(viewer.destroy)
    await waitForSynced(viewer)
  })

  it('checks Origin on upgrades and the API when ALLOWED_ORIGINS is set', async () => {
    const relay = await startTestRelay({ allowedOrigins: ['https://board.example'] })
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    expect(await upgradeStatus(`${wsUrl(relay)}/sync/${room}`, { origin: 'https://evil.example' })).toBe(403)
    expect(await upgradeStatus(`${wsUrl(relay)}/sync/${room}`)).toBe(403)
    expect((await viewToken(relay.url, room, 'https://evil.example')).status).toBe(403)
    expect((await viewToken(relay.url, room, 'https://board.example')).status).toBe(200)
    const ok = rawClient(`${wsUrl(relay)}/sync/${room}`, { origin: 'https://board.example' })
    cleanup.push(() => ok.ws.terminate())
    await ok.opened
  })
})
