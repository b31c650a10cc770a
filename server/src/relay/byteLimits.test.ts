/**
 * Bytes, not only messages, are bounded (audit F6): per connection (rate + burst), per board
 * (`maxRoomBytes`) and for the whole database (`maxStoredBytes`). Each refusal names its code.
 */
import { CloseCode } from '@circleboard/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { randomRoomId, rawClient, startTestRelay, syncUpdateFrame, waitFor, wsUrl, cleanupAfterEach } from '../testing/relayHarness'
import type { Relay } from './Relay'

const cleanup = cleanupAfterEach()
const KiB = 1024

function openRaw(relay: Pick<Relay, 'url'>, room: string) {
  const c = rawClient(`${wsUrl(relay)}/sync/${room}`)
  cleanup.push(() => c.ws.terminate())
  return c
}

/** Resolves with the close code, or fails the test instead of hanging when the relay never closes. */
async function closeCode(c: ReturnType<typeof rawClient>, ms = 5_000): Promise<number> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('socket was not closed')), ms))
  return (await Promise.race([c.closed, timeout])).code
}

/** A writer whose every `set` is one valid update of about `bytes` bytes (an image as a data URL). */
function imageWriter(clientId?: number) {
  const doc = new Y.Doc()
  if (clientId !== undefined) doc.clientID = clientId
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  return {
    doc,
    set(key: string, bytes: number): Uint8Array {
      doc.getMap('records').set(key, 'data:image/png;base64,' + 'A'.repeat(bytes))
      return updates[updates.length - 1]
    },
  }
}

describe('byte limits', () => {
  it('closes a connection that sends more bytes than its budget with `rateLimited`', async () => {
    const relay = await startTestRelay({ limits: { bytesPerSecond: 1 * KiB, byteBurst: 100 * KiB, maxPayloadBytes: 64 * KiB } })
    cleanup.push(() => relay.close())
    const sender = openRaw(relay, randomRoomId())
    await sender.opened
    const w = imageWriter()
    for (let i = 0; i < 6; i++) sender.ws.send(syncUpdateFrame(w.set(`img${i}`, 30 * KiB)))
    expect(await closeCode(sender)).toBe(CloseCode.rateLimited)
    expect(relay.metrics.updatesStored).toBe(3)
  })

  it('refuses updates that would take a board past `maxRoomBytes`, also after a restart', async () => {
    const limits = { maxRoomBytes: 100 * KiB }
    const relay = await startTestRelay({ limits })
    const room = randomRoomId()
    const a = openRaw(relay, room)
    await a.opened
    const w = imageWriter()
    a.ws.send(syncUpdateFrame(w.set('img1', 60 * KiB)))
    a.ws.send(syncUpdateFrame(w.set('img2', 60 * KiB)))
    expect(await closeCode(a)).toBe(CloseCode.boardTooLarge)
    expect(relay.metrics.updatesStored).toBe(1)
    // Another board is unaffected.
    const other = openRaw(relay, randomRoomId())
    await other.opened
    other.ws.send(syncUpdateFrame(imageWriter().set('img', 60 * KiB)))
    await waitFor(() => relay.metrics.updatesStored === 2, 'other board stored')
    await relay.close()

    // The stored size is known again after loading from disk.
    const again = await startTestRelay({ limits, dataDir: relay.dataDir })
    cleanup.push(() => again.close())
    const b = openRaw(again, room)
    await b.opened
    const w2 = imageWriter()
    b.ws.send(syncUpdateFrame(w2.set('small', 1 * KiB)))
    await waitFor(() => again.metrics.updatesStored === 1, 'a small change still fits')
    b.ws.send(syncUpdateFrame(w2.set('img3', 60 * KiB)))
    expect(await closeCode(b)).toBe(CloseCode.boardTooLarge)
  })

  it('counts a board by its compacted size: overwritten images stop counting once compacted', async () => {
    const relay = await startTestRelay({ limits: { maxRoomBytes: 100 * KiB } })
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const w = imageWriter()
    const a = openRaw(relay, room)
    await a.opened
    a.ws.send(syncUpdateFrame(w.set('img', 40 * KiB)))
    a.ws.send(syncUpdateFrame(w.set('img', 40 * KiB)))
    await waitFor(() => relay.metrics.updatesStored === 2, 'two versions stored')
    const third = w.set('img', 40 * KiB)
    a.ws.send(syncUpdateFrame(third))
    // 120 KiB of log for a 40 KiB board: refused now, and a compaction is due.
    expect(await closeCode(a)).toBe(CloseCode.boardTooLarge)
    await relay.compactionsIdle()
    const b = openRaw(relay, room)
    await b.opened
    b.ws.send(syncUpdateFrame(third))
    await waitFor(() => relay.metrics.updatesStored === 3, 'accepted after compaction')
  })

  it('refuses a byte burst that could never let the largest message through', async () => {
    await expect(startTestRelay({ limits: { byteBurst: 1024, maxPayloadBytes: 4096 } })).rejects.toThrow(/BYTE_BURST \(1024\) must be at least MAX_PAYLOAD_BYTES/)
  })

  it('refuses updates past the storage quota of the whole relay with `storageFull`', async () => {
    // An empty database already uses ~64 KiB (a few pages per table): room for one 60 KiB board, not two.
    const relay = await startTestRelay({ limits: { maxStoredBytes: 140 * KiB } })
    cleanup.push(() => relay.close())
    const a = openRaw(relay, randomRoomId())
    await a.opened
    a.ws.send(syncUpdateFrame(imageWriter().set('img', 60 * KiB)))
    await waitFor(() => relay.metrics.updatesStored === 1, 'first board stored')
    const b = openRaw(relay, randomRoomId())
    await b.opened
    b.ws.send(syncUpdateFrame(imageWriter().set('img', 60 * KiB)))
    expect(await closeCode(b)).toBe(CloseCode.storageFull)
    expect(relay.metrics.updatesStored).toBe(1)
    expect(a.ws.readyState).toBe(a.ws.OPEN)
  })
})
