import { describe, expect, it } from 'vitest'
import { spawnRelay, type ChildRelay } from '../testing/childRelay'
import { connectClient, makeTempDir, randomRoomId, waitFor, waitForSynced, cleanupAfterEach } from '../testing/relayHarness'

const cleanup = cleanupAfterEach()

function killOnCleanup(r: ChildRelay) {
  cleanup.push(() => {
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL')
  })
}

describe('crash safety', () => {
  it('after kill -9, everything another client had received is still there', async () => {
    const dataDir = makeTempDir()
    const room = randomRoomId()
    const first = await spawnRelay({ DATA_DIR: dataDir })
    killOnCleanup(first)
    const writer = connectClient(first, room)
    const watcher = connectClient(first, room)
    cleanup.push(writer.destroy, watcher.destroy)
    await Promise.all([waitForSynced(writer), waitForSynced(watcher)])

    // A burst: many small transactions, as pen strokes and drags produce.
    const records = writer.doc.getMap('records')
    const text = writer.doc.getText('notes')
    for (let i = 0; i < 300; i++) {
      records.set(`shape:${i}`, { x: i, y: -i })
      if (i % 3 === 0) text.insert(text.length, `${i};`)
    }
    const expectedText = text.toString()
    await waitFor(
      () => watcher.doc.getMap('records').size === 300 && watcher.doc.getText('notes').toString() === expectedText,
      'watcher received the burst',
    )

    first.child.kill('SIGKILL')
    expect(await first.exited).toBeNull()
    writer.provider.disconnect()
    watcher.provider.disconnect()

    const second = await spawnRelay({ DATA_DIR: dataDir })
    killOnCleanup(second)
    // A fresh client with an empty doc: only the relay's disk can give it the board.
    const fresh = connectClient(second, room)
    cleanup.push(fresh.destroy)
    await waitForSynced(fresh)
    await waitFor(() => fresh.doc.getMap('records').size === 300, 'all records after restart')
    expect(fresh.doc.getText('notes').toString()).toBe(expectedText)
    expect(fresh.doc.getMap('records').get('shape:299')).toEqual({ x: 299, y: -299 })

    // Graceful stop exits 0.
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
  })
})
