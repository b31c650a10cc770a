import { describe, expect, it } from 'vitest'
import { CloseCode } from '@circleboard/shared'
import { connectClient, makeTempDir, randomRoomId, rawClient, startTestRelay, waitFor, waitForSynced, wsUrl, cleanupAfterEach } from '../testing/relayHarness'

const cleanup = cleanupAfterEach()

describe('state survives a relay restart', () => {
  it('a client joining a restarted relay with the same data dir gets the board', async () => {
    const dataDir = makeTempDir()
    const room = randomRoomId()
    const first = await startTestRelay({ dataDir })
    const a = connectClient(first, room)
    await waitForSynced(a)
    const records = a.doc.getMap('records')
    for (let i = 0; i < 20; i++) records.set(`shape:${i}`, { x: i, y: i * 2 })
    a.doc.getText('name').insert(0, 'Sam’s PATH')
    await waitFor(() => first.metrics.updatesStored >= 21, 'updates stored')
    a.destroy()
    const stillOpen = rawClient(`${wsUrl(first)}/sync/${room}`)
    await stillOpen.opened
    await first.close()
    expect((await stillOpen.closed).code).toBe(CloseCode.goingAway)
    expect((await fetch(`${first.url}/healthz`).catch(() => null))?.status ?? 'refused').toBe('refused')

    const second = await startTestRelay({ dataDir })
    cleanup.push(() => second.close())
    const b = connectClient(second, room)
    cleanup.push(b.destroy)
    await waitForSynced(b)
    await waitFor(() => b.doc.getMap('records').size === 20, 'records restored')
    expect(b.doc.getMap('records').get('shape:7')).toEqual({ x: 7, y: 14 })
    expect(b.doc.getText('name').toString()).toBe('Sam’s PATH')
  })

  it('compaction folds the log into a snapshot without losing anything', async () => {
    const dataDir = makeTempDir()
    const room = randomRoomId()
    const first = await startTestRelay({ dataDir, limits: { compactAfterUpdates: 10 } })
    const a = connectClient(first, room)
    await waitForSynced(a)
    const text = a.doc.getText('t')
    for (let i = 0; i < 35; i++) text.insert(text.length, String(i % 10))
    await waitFor(() => first.metrics.updatesStored >= 35, 'updates stored')
    await first.compactionsIdle()
    expect(first.metrics.compactions.get('ok') ?? 0).toBeGreaterThanOrEqual(1)
    const expected = text.toString()
    a.destroy()
    await first.close()

    const second = await startTestRelay({ dataDir })
    cleanup.push(() => second.close())
    const b = connectClient(second, room)
    cleanup.push(b.destroy)
    await waitForSynced(b)
    await waitFor(() => b.doc.getText('t').toString() === expected, 'text restored after compaction')
  })
})
