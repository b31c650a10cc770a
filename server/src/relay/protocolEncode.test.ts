/**
 * encodeSyncMessage hands ws a Buffer (a view of lib0's bytes): it must give byte for byte what
 * y-protocols / lib0 give, at every varuint length boundary.
 */
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import { encodeSyncMessage, parseMessage } from './protocol'

function reference(syncType: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, syncType)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

describe('encodeSyncMessage', () => {
  it('matches lib0 at every length boundary, and is a Buffer ws sends as it is', () => {
    for (const n of [0, 1, 127, 128, 129, 16_383, 16_384, 16_385, 2_097_151, 2_097_152]) {
      const payload = new Uint8Array(n)
      for (let i = 0; i < n; i += 97) payload[i] = i % 251
      for (const t of [0, 1, 2]) {
        const ours = encodeSyncMessage(t, payload)
        expect(Buffer.isBuffer(ours)).toBe(true)
        expect(Buffer.compare(ours, Buffer.from(reference(t, payload)))).toBe(0)
      }
    }
    const parsed = parseMessage(encodeSyncMessage(2, new Uint8Array([0, 0])))
    expect(parsed).toEqual({ type: 'syncUpdate', update: new Uint8Array([0, 0]) })
  })
})
