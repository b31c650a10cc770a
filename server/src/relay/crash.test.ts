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

  it('after kill -9 while WAL checkpoints run in the worker, nothing relayed is lost', { timeout: 30_000 }, async () => {
    const dataDir = makeTempDir()
    const room = randomRoomId()
    // A checkpoint every 64 KiB: several run in the worker during the burst, as the kill lands.
    const first = await spawnRelay({ DATA_DIR: dataDir, WAL_CHECKPOINT_BYTES: '65536', COMPACT_AFTER_UPDATES: '100' })
    killOnCleanup(first)
    const writer = connectClient(first, room)
    const watcher = connectClient(first, room)
    cleanup.push(writer.destroy, watcher.destroy)
    await Promise.all([waitForSynced(writer), waitForSynced(watcher)])
    const records = writer.doc.getMap('records')
    for (let i = 0; i < 400; i++) records.set(`shape:${i}`, { x: i, pad: 'p'.repeat(200) })
    await waitFor(() => watcher.doc.getMap('records').size === 400, 'watcher received the burst')
    // Keep writing until the worker has checkpointed at least once (it starts on the first request).
    const checkpoints = async () =>
      Number(/circleboard_wal_checkpoints_total\{result="ok"\} (\d+)/.exec(await (await fetch(`${first.url}/metrics`)).text())?.[1] ?? 0)
    let n = 400
    for (let tries = 0; (await checkpoints()) === 0; tries++) {
      if (tries > 100) throw new Error('no checkpoint ran in the worker')
      for (let k = 0; k < 20; k++, n++) records.set(`shape:${n}`, { x: n, pad: 'p'.repeat(200) })
      await new Promise((r) => setTimeout(r, 100))
    }
    // And more right after it, so the kill lands among appends following a checkpoint.
    for (let k = 0; k < 50; k++, n++) records.set(`shape:${n}`, { x: n, pad: 'p'.repeat(200) })
    await waitFor(() => watcher.doc.getMap('records').size === n, 'watcher received everything')
    first.child.kill('SIGKILL')
    await first.exited
    writer.provider.disconnect()
    watcher.provider.disconnect()

    const second = await spawnRelay({ DATA_DIR: dataDir })
    killOnCleanup(second)
    const fresh = connectClient(second, room)
    cleanup.push(fresh.destroy)
    await waitForSynced(fresh)
    await waitFor(() => fresh.doc.getMap('records').size === n, 'all records after restart')
    expect(fresh.doc.getMap('records').get(`shape:${n - 1}`)).toEqual({ x: n - 1, pad: 'p'.repeat(200) })
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
  })
})
