/**
 * Which bytes the relay stores and relays for an incoming update, and when. An update that
 * integrated whole is stored and relayed as it came, before the rest of its transaction's work
 * (`Room.relayAsReceived`); anything else (an update that failed part-way, one held back for missing
 * history or one that brings such held-back data in, a repeat) goes the way Yjs encodes it. Either
 * way: stored before relayed, and never the bytes that failed.
 */
import { CloseCode } from '@circleboard/shared'
import Database from 'better-sqlite3'
import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { dbPath, readStoredRoom } from '../persistence/schema'
import { cleanupAfterEach, randomRoomId, rawClient, startTestRelay, syncUpdateFrame, waitFor, wsUrl } from '../testing/relayHarness'

const cleanup = cleanupAfterEach()

function openRaw(relay: { url: string }, room: string) {
  const c = rawClient(`${wsUrl(relay)}/sync/${room}`)
  cleanup.push(() => c.ws.terminate())
  return c
}

/** The payloads of the sync update frames (type 0, sub-type 2) a raw client received. */
function updatesReceived(c: { messages: Buffer[] }): Uint8Array[] {
  return c.messages
    .filter((m) => m[0] === 0 && m[1] === 2)
    .map((m) => {
      const d = decoding.createDecoder(m)
      decoding.readVarUint(d)
      decoding.readVarUint(d)
      return decoding.readVarUint8Array(d)
    })
}

/** The room's stored log rows, read from the database file as the relay left it. */
function storedRows(dataDir: string, room: string): Uint8Array[] {
  const db = new Database(dbPath(dataDir), { readonly: true })
  try {
    return readStoredRoom(db, room)?.updates.map((u) => new Uint8Array(u.data)) ?? []
  } finally {
    db.close()
  }
}

/** Successive updates of one client writing into a text. */
function edits(clientId: number, texts: string[]): Uint8Array[] {
  const doc = new Y.Doc()
  doc.clientID = clientId
  const out: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => out.push(u))
  for (const t of texts) doc.getText('t').insert(doc.getText('t').length, t)
  doc.destroy()
  return out
}

/** A relay, a room, and two raw sockets in it: one that sends, one that receives. */
async function senderAndReceiver(opts: Parameters<typeof startTestRelay>[0] = {}) {
  const relay = await startTestRelay(opts)
  cleanup.push(() => relay.close())
  const room = randomRoomId()
  const sender = openRaw(relay, room)
  const receiver = openRaw(relay, room)
  await Promise.all([sender.opened, receiver.opened])
  return { relay, room, sender, receiver }
}

function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc()
  for (const u of updates) Y.applyUpdate(doc, u)
  const s = doc.getText('t').toString()
  doc.destroy()
  return s
}

describe('which bytes are stored and relayed', () => {
  it('an update that integrated whole is stored, then relayed, as it came; a frame with bytes after it is relayed without them', async () => {
    const { relay, room, sender, receiver } = await senderAndReceiver()
    const [u1, u2] = edits(101, ['hello', ' world'])
    sender.ws.send(syncUpdateFrame(u1))
    await waitFor(() => updatesReceived(receiver).length === 1, 'first update relayed')
    // The very frame sent, byte for byte: framed once, written to the socket directly.
    expect(receiver.messages.find((m) => m[0] === 0 && m[1] === 2)).toEqual(Buffer.from(syncUpdateFrame(u1)))
    expect(relay.metrics.updatesRelayedAsReceived).toBe(1)
    expect(relay.metrics.framesWrittenDirect).toBeGreaterThanOrEqual(1)
    // Junk after the update inside the frame: Yjs ignores it, and the relay passes the update on without it.
    sender.ws.send(Buffer.concat([Buffer.from(syncUpdateFrame(u2)), Buffer.from([9, 9, 9])]))
    await waitFor(() => updatesReceived(receiver).length === 2, 'second update relayed')
    expect(updatesReceived(receiver)).toEqual([u1, u2])
    expect(storedRows(relay.dataDir, room)).toEqual([u1, u2])
    expect(relay.metrics.updatesStored).toBe(2)
  })

  it('the relayed update is in the store; when the append fails nothing is relayed (fast path included)', async () => {
    const { relay, room, sender, receiver } = await senderAndReceiver()
    const [u1, u2] = edits(102, ['stored', ' lost'])
    let rowsWhenRelayed: Uint8Array[] | null = null
    receiver.ws.on('message', (m: Buffer) => {
      if (m[0] === 0 && m[1] === 2 && rowsWhenRelayed === null) rowsWhenRelayed = storedRows(relay.dataDir, room)
    })
    sender.ws.send(syncUpdateFrame(u1))
    await waitFor(() => rowsWhenRelayed !== null, 'relayed')
    expect(rowsWhenRelayed).toEqual([u1])
    const other = new Database(dbPath(relay.dataDir))
    other.exec('DROP TABLE updates')
    other.close()
    sender.ws.send(syncUpdateFrame(u2))
    expect((await receiver.closed).code).toBe(CloseCode.internalError)
    expect(updatesReceived(receiver)).toEqual([u1])
    // Both took the fast path; the second's append failed there, and it went no further.
    expect(relay.metrics.updatesRelayedAsReceived).toBe(2)
    expect(relay.metrics.updatesStored).toBe(1)
    expect(relay.metrics.errors.get('persistence')).toBeGreaterThanOrEqual(1)
  })

  it('an update that fails part-way: its bytes are neither stored nor relayed; what integrated is, and applies cleanly', async () => {
    const { relay, room, sender, receiver } = await senderAndReceiver()
    const [good] = edits(103, ['integrated'])
    // Its structs are read and integrated, then its delete set (last byte: 0 clients) is cut short.
    expect(good[good.length - 1]).toBe(0)
    const bad = Uint8Array.from([...good.subarray(0, good.length - 1), 1])
    expect(() => Y.applyUpdate(new Y.Doc(), bad)).toThrow()
    sender.ws.send(syncUpdateFrame(bad))
    expect((await sender.closed).code).toBe(CloseCode.badMessage)
    await waitFor(() => updatesReceived(receiver).length === 1, 'integrated part relayed')
    const relayed = updatesReceived(receiver)
    const rows = storedRows(relay.dataDir, room)
    for (const u of [...relayed, ...rows]) {
      expect(u).not.toEqual(bad)
      expect(() => Y.applyUpdate(new Y.Doc(), u)).not.toThrow()
    }
    expect(textOf(relayed)).toBe('integrated')
    expect(textOf(rows)).toBe('integrated')
    expect(relay.metrics.updatesRelayedAsReceived).toBe(0)
  })

  it('an update held back for missing history reaches receivers and the store with the update that completes it', async () => {
    const { relay, room, sender, receiver } = await senderAndReceiver({ limits: { pendingTimeoutMs: 5_000 } })
    const [first, second, third] = edits(104, ['a', 'b', 'c'])
    sender.ws.send(syncUpdateFrame(third))
    sender.ws.send(syncUpdateFrame(second))
    await waitFor(() => relay.metrics.messagesIn >= 2, 'both received')
    expect(updatesReceived(receiver)).toEqual([])
    // `first` integrates, and with it the two held back: they are not in its bytes, so the relay
    // passes on what Yjs integrated instead of the frame.
    sender.ws.send(syncUpdateFrame(first))
    await waitFor(() => textOf(updatesReceived(receiver)) === 'abc', 'receiver has all three')
    expect(textOf(storedRows(relay.dataDir, room))).toBe('abc')
    expect(relay.metrics.updatesRelayedAsReceived).toBe(0)
    // Nothing pending any more: the next update takes the fast path again.
    const [, , , fourth] = edits(104, ['a', 'b', 'c', 'd'])
    sender.ws.send(syncUpdateFrame(fourth))
    await waitFor(() => textOf(updatesReceived(receiver)) === 'abcd', 'fourth relayed')
    expect(relay.metrics.updatesRelayedAsReceived).toBe(1)
  })

  it('a repeat of known content is neither stored nor relayed again', async () => {
    const { relay, room, sender, receiver } = await senderAndReceiver()
    const [u1, u2] = edits(105, ['once', ' twice'])
    sender.ws.send(syncUpdateFrame(u1))
    sender.ws.send(syncUpdateFrame(u1))
    sender.ws.send(syncUpdateFrame(u2))
    await waitFor(() => updatesReceived(receiver).length >= 2, 'relayed')
    await new Promise((r) => setTimeout(r, 50))
    expect(updatesReceived(receiver)).toEqual([u1, u2])
    expect(storedRows(relay.dataDir, room)).toEqual([u1, u2])
  })

  it('frames of every WebSocket length form (7-bit, 16-bit, 64-bit) arrive whole', async () => {
    const { relay, room, sender, receiver } = await senderAndReceiver()
    const sizes = [10, 500, 70_000]
    const updates = edits(106, sizes.map((n) => 'x'.repeat(n)))
    for (const u of updates) sender.ws.send(syncUpdateFrame(u))
    await waitFor(() => updatesReceived(receiver).length === 3, 'all relayed')
    expect(updatesReceived(receiver)).toEqual(updates)
    expect(textOf(updatesReceived(receiver)).length).toBe(10 + 500 + 70_000)
  })
})
