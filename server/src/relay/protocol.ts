/**
 * Reading and writing y-websocket frames (lib0 varuint message type, then the y-protocols payload).
 * Parsing never trusts lengths or types: anything unexpected throws `ProtocolError`, which the
 * connection turns into a close with `CloseCode.badMessage`.
 */
import {
  FACILITATION_MESSAGE_TYPE,
  FacilitationError,
  MessageType,
  parseClientMessage,
  readFacilitationPayload,
  parseVersionsClientMessage,
  readVersionsPayload,
  VERSIONS_MESSAGE_TYPE,
  VersionsError,
  type FacilitationClientMessage,
  type VersionsClientMessage,
} from '@circleboard/shared'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/** y-protocols sync sub-messages. */
export const SyncMessageType = {
  step1: 0,
  step2: 1,
  update: 2,
} as const

export class ProtocolError extends Error {
  override name = 'ProtocolError'
}

export type IncomingMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'syncStep2' | 'syncUpdate'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' }
  | { type: 'facilitation'; message: FacilitationClientMessage }
  | { type: 'versions'; message: VersionsClientMessage }

/** lib0 decoders throw plain Errors on truncation; normalise them. */
function guard<T>(what: string, fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof ProtocolError) throw error
    throw new ProtocolError(`${what}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

export function parseMessage(data: Uint8Array): IncomingMessage {
  if (data.byteLength === 0) throw new ProtocolError('empty message')
  const decoder = decoding.createDecoder(data)
  const messageType = guard('message type', () => decoding.readVarUint(decoder))
  switch (messageType) {
    case MessageType.sync: {
      const syncType = guard('sync type', () => decoding.readVarUint(decoder))
      const payload = guard('sync payload', () => decoding.readVarUint8Array(decoder))
      switch (syncType) {
        case SyncMessageType.step1:
          return { type: 'syncStep1', stateVector: payload }
        case SyncMessageType.step2:
          return { type: 'syncStep2', update: payload }
        case SyncMessageType.update:
          return { type: 'syncUpdate', update: payload }
        default:
          throw new ProtocolError(`unknown sync message type ${syncType}`)
      }
    }
    case MessageType.awareness:
      return { type: 'awareness', update: guard('awareness payload', () => decoding.readVarUint8Array(decoder)) }
    case MessageType.queryAwareness:
      return { type: 'queryAwareness' }
    case FACILITATION_MESSAGE_TYPE:
      try {
        // Length-prefixed JSON, at most MAX_FACILITATION_FRAME_BYTES, validated against the schema.
        return { type: 'facilitation', message: parseClientMessage(readFacilitationPayload(data.subarray(decoder.pos))) }
      } catch (error) {
        if (error instanceof FacilitationError) throw new ProtocolError(error.message)
        throw error
      }
    case VERSIONS_MESSAGE_TYPE:
      try {
        // Length-prefixed JSON, at most MAX_VERSIONS_FRAME_BYTES, validated against the schema.
        return { type: 'versions', message: parseVersionsClientMessage(readVersionsPayload(data.subarray(decoder.pos))) }
      } catch (error) {
        if (error instanceof VersionsError) throw new ProtocolError(error.message)
        throw error
      }
    default:
      // Includes auth (2): this relay does not use the auth sub-protocol.
      throw new ProtocolError(`unknown message type ${messageType}`)
  }
}

/**
 * A sync message: type 0, the sync sub-type, then the payload with its varuint length. Returned as
 * a Buffer view of lib0's bytes (no copy): `ws` sends a Buffer as it is, where it wraps any other
 * Uint8Array in a new Buffer view for every receiver.
 */
export function encodeSyncMessage(syncType: number, payload: Uint8Array): Buffer {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  encoding.writeVarUint(encoder, syncType)
  encoding.writeVarUint8Array(encoder, payload)
  const bytes = encoding.toUint8Array(encoder)
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/**
 * One message to send to many sockets, framed once: `wire` is the whole WebSocket frame a server
 * sends (FIN, binary opcode, unmasked, uncompressed: RFC 6455 §5.2), header and payload, the same
 * bytes for every receiver; `message` is the y-websocket message inside it (a view of `wire`).
 * `Connection.sendPrepared` writes `wire` to each socket in one write, where `ws.send` would build
 * a header and hand the socket two buffers (a writev) for every receiver.
 */
export type PreparedFrame = { readonly message: Buffer; readonly wire: Buffer }

export function prepareFrame(message: Uint8Array): PreparedFrame {
  const n = message.byteLength
  const header = n < 126 ? 2 : n < 65536 ? 4 : 10
  const wire = Buffer.allocUnsafe(header + n)
  wire[0] = 0x82 // FIN + binary
  if (n < 126) {
    wire[1] = n
  } else if (n < 65536) {
    wire[1] = 126
    wire.writeUInt16BE(n, 2)
  } else {
    wire[1] = 127
    wire.writeUInt32BE(Math.floor(n / 2 ** 32), 2)
    wire.writeUInt32BE(n >>> 0, 6)
  }
  wire.set(message, header)
  return { message: wire.subarray(header), wire }
}

export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.awareness)
  encoding.writeVarUint8Array(encoder, awarenessUpdate)
  return encoding.toUint8Array(encoder)
}

/**
 * One entry of a y-protocols awareness update. `state` is the raw JSON text, relayed as received;
 * `removed` is true when it is JSON null (the client left).
 */
export type AwarenessEntry = {
  clientId: number
  clock: number
  state: string
  removed: boolean
  /** The parsed state, when parsing produced it (saves the relay a second parse to stamp it). */
  value?: unknown
}

/** Parses an awareness update; the state JSON of every entry must parse. */
export function parseAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  return guard('awareness update', () => {
    const decoder = decoding.createDecoder(update)
    const count = decoding.readVarUint(decoder)
    // Every entry needs at least three bytes; a larger count is a lie that would make us loop.
    if (count > update.byteLength) throw new ProtocolError('awareness entry count exceeds message size')
    const entries: AwarenessEntry[] = []
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      const state = decoding.readVarString(decoder)
      const value: unknown = JSON.parse(state)
      entries.push({ clientId, clock, state, removed: value === null, value })
    }
    return entries
  })
}

export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId)
    encoding.writeVarUint(encoder, e.clock)
    encoding.writeVarString(encoder, e.state)
  }
  return encoding.toUint8Array(encoder)
}
