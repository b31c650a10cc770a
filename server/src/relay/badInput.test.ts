/**
 * The bad-input corpus: each malformed or abusive client must be closed with its named code while
 * the relay stays up and other rooms keep syncing.
 */
import { CloseCode } from '@circleboard/shared'
import crypto from 'node:crypto'
import net from 'node:net'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openRoomDocReadOnly } from '../persistence/readOnly'
import { connectClient, randomRoomId, rawClient, startTestRelay, syncUpdateFrame, type TestClient, waitFor, waitForSynced, wsUrl } from '../testing/relayHarness'
import type { Relay } from './Relay'

const MAX_PAYLOAD = 64 * 1024
let relay: Relay & { dataDir: string }
let bystanders: [TestClient, TestClient]
let round = 0

beforeAll(async () => {
  relay = await startTestRelay({ limits: { maxPayloadBytes: MAX_PAYLOAD, messagesPerSecond: 20, messageBurst: 100 } })
  const room = randomRoomId()
  bystanders = [connectClient(relay, room), connectClient(relay, room)]
  await Promise.all(bystanders.map(waitForSynced))
})
afterAll(async () => {
  for (const b of bystanders) b.destroy()
  await relay.close()
})

/** The relay answers /healthz and the bystanders' room still carries edits both ways. */
async function assertRelayHealthy() {
  expect((await fetch(`${relay.url}/healthz`)).status).toBe(200)
  round++
  bystanders[0].doc.getMap('m').set(`a${round}`, round)
  bystanders[1].doc.getMap('m').set(`b${round}`, round)
  await waitFor(
    () => bystanders.every((b) => b.doc.getMap('m').get(`a${round}`) === round && b.doc.getMap('m').get(`b${round}`) === round),
    'bystanders still sync',
  )
}

function frame(...bytes: number[]): Uint8Array {
  return new Uint8Array(bytes)
}

function awarenessWithState(state: string): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, 1)
  encoding.writeVarUint(inner, 12345)
  encoding.writeVarUint(inner, 1)
  encoding.writeVarString(inner, state)
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
  return encoding.toUint8Array(e)
}

type Case = { name: string; send: (ws: import('ws').WebSocket) => void; code: number }

const cases: Case[] = [
  { name: 'text frame', send: (ws) => ws.send('hello'), code: CloseCode.badMessage },
  { name: 'empty message', send: (ws) => ws.send(new Uint8Array(0)), code: CloseCode.badMessage },
  { name: 'truncated varuint', send: (ws) => ws.send(frame(0x80)), code: CloseCode.badMessage },
  { name: 'unknown message type', send: (ws) => ws.send(frame(9, 0, 0)), code: CloseCode.badMessage },
  { name: 'auth message (unused)', send: (ws) => ws.send(frame(2, 0, 0)), code: CloseCode.badMessage },
  { name: 'unknown sync step', send: (ws) => ws.send(frame(0, 7, 0)), code: CloseCode.badMessage },
  { name: 'sync payload longer than frame', send: (ws) => ws.send(frame(0, 2, 50, 1, 2)), code: CloseCode.badMessage },
  { name: 'garbage state vector', send: (ws) => ws.send(frame(0, 0, 1, 0xff)), code: CloseCode.badMessage },
  { name: 'garbage update', send: (ws) => ws.send(syncUpdateFrame(frame(0xff, 0xff, 0xff, 0xff, 0xff))), code: CloseCode.badMessage },
  { name: 'garbage step 2', send: (ws) => ws.send(frame(0, 1, 3, 1, 200, 1)), code: CloseCode.badMessage },
  { name: 'garbage awareness', send: (ws) => ws.send(frame(1, 3, 5, 1, 2)), code: CloseCode.badMessage },
  { name: 'awareness state not JSON', send: (ws) => ws.send(awarenessWithState('{nope')), code: CloseCode.badMessage },
  { name: 'oversized message', send: (ws) => ws.send(new Uint8Array(MAX_PAYLOAD + 1)), code: CloseCode.messageTooBig },
  {
    name: 'burst over the rate limit',
    send: (ws) => {
      // Valid, harmless messages (query awareness), far more than the burst allows.
      for (let i = 0; i < 400; i++) ws.send(frame(3))
    },
    code: CloseCode.rateLimited,
  },
]

describe('bad input corpus', () => {
  for (const c of cases) {
    it(`${c.name} -> close ${c.code}, relay and other rooms unaffected`, async () => {
      const offender = rawClient(`${wsUrl(relay)}/sync/${randomRoomId()}`)
      await offender.opened
      c.send(offender.ws)
      const { code } = await offender.closed
      expect(code).toBe(c.code)
      await assertRelayHealthy()
    })
  }

  it('a bad update is not stored', async () => {
    const before = relay.metrics.updatesStored
    const room = randomRoomId()
    const offender = rawClient(`${wsUrl(relay)}/sync/${room}`)
    await offender.opened
    offender.ws.send(syncUpdateFrame(frame(0xff, 0xff, 0xff, 0xff, 0xff)))
    expect((await offender.closed).code).toBe(CloseCode.badMessage)
    // Nothing of that room reached the database.
    const stored = openRoomDocReadOnly(relay.dataDir, room)
    expect(stored === null || stored.store.clients.size === 0).toBe(true)
    await assertRelayHealthy()
    expect(relay.metrics.updatesStored).toBe(before + 2) // only the bystanders' two edits
  })

  it('a frame with RSV bits set (hand-made over raw TCP) -> 1002', async () => {
    const socket = net.connect(relay.port, '127.0.0.1')
    socket.on('error', () => {})
    const key = crypto.randomBytes(16).toString('base64')
    let received = Buffer.alloc(0)
    socket.on('data', (d) => (received = Buffer.concat([received, d])))
    await new Promise<void>((r) => socket.once('connect', () => r()))
    socket.write(
      `GET /sync/${randomRoomId()} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    )
    await waitFor(() => received.includes('\r\n\r\n'), 'handshake response')
    expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 101/)
    received = received.subarray(received.indexOf('\r\n\r\n') + 4)
    // FIN + RSV1 + RSV2 + binary opcode, masked, 3-byte payload (a valid query-awareness otherwise).
    const mask = crypto.randomBytes(4)
    const payload = Buffer.from([3, 0, 0]).map((b, i) => b ^ mask[i % 4])
    socket.write(Buffer.concat([Buffer.from([0x80 | 0x40 | 0x20 | 0x02, 0x80 | payload.length]), mask, payload]))
    // The relay may first send its sync step 1 and awareness; find the close frame (opcode 8).
    let closeCode = -1
    await waitFor(() => {
      let off = 0
      while (off + 2 <= received.length) {
        const opcode = received[off] & 0x0f
        let len = received[off + 1] & 0x7f
        let hdr = 2
        if (len === 126) {
          if (off + 4 > received.length) return false
          len = received.readUInt16BE(off + 2)
          hdr = 4
        }
        if (off + hdr + len > received.length) return false
        if (opcode === 8) {
          closeCode = received.readUInt16BE(off + hdr)
          return true
        }
        off += hdr + len
      }
      return false
    }, 'close frame')
    socket.destroy()
    expect(closeCode).toBe(1002)
    await assertRelayHealthy()
  })

  it('counts every rejection in /metrics', async () => {
    const text = await (await fetch(`${relay.url}/metrics`)).text()
    expect(text).toMatch(new RegExp(`circleboard_closes_total\\{code="${CloseCode.badMessage}",by="relay"\\} (1[3-9]|[2-9]\\d)`))
    expect(text).toMatch(new RegExp(`circleboard_closes_total\\{code="${CloseCode.rateLimited}",by="relay"\\} 1`))
  })
})
