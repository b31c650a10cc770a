import { CloseCode } from '@circleboard/shared'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { dbPath } from '../persistence/schema'
import { connectClient, randomRoomId, startTestRelay, waitFor, waitForSynced, cleanupAfterEach } from '../testing/relayHarness'

const cleanup = cleanupAfterEach()

describe('when the database cannot store an update', () => {
  it('does not relay it, closes the room with 1011 and stays up', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const a = connectClient(relay, room)
    const b = connectClient(relay, room)
    cleanup.push(a.destroy, b.destroy)
    const closes: number[] = []
    a.provider.on('connection-close', (e) => e && closes.push(e.code))
    b.provider.on('connection-close', (e) => e && closes.push(e.code))
    await Promise.all([waitForSynced(a), waitForSynced(b)])
    a.doc.getMap('m').set('before', 1)
    await waitFor(() => b.doc.getMap('m').get('before') === 1, 'normal relay works')

    // Sabotage from outside: the log table disappears under the relay.
    const other = new Database(dbPath(relay.dataDir))
    other.exec('DROP TABLE updates')
    other.close()

    a.doc.getMap('m').set('unsaved', 2)
    await waitFor(() => closes.filter((c) => c === CloseCode.internalError).length >= 2, 'both closed with 1011')
    expect(b.doc.getMap('m').has('unsaved')).toBe(false)
    expect(relay.metrics.errors.get('persistence')).toBeGreaterThanOrEqual(1)
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200)
    // The writer keeps its change locally, to resend once the relay can store it again.
    expect(a.doc.getMap('m').get('unsaved')).toBe(2)
  })
})
