/**
 * Circleboard's own y-websocket message types (facilitation, versions) carry one JSON message
 * each: varuint message type, varuint byte length, UTF-8 JSON. Stock y-websocket clients ignore
 * types they do not know (they log and drop the frame).
 */

export class JsonFrameError extends Error {}

function writeVarUint(out: number[], n: number): void {
  while (n > 0x7f) {
    out.push(0x80 | (n & 0x7f))
    n = Math.floor(n / 128)
  }
  out.push(n)
}

/** A complete binary frame: message type, length, JSON. */
export function encodeJsonFrame(messageType: number, message: unknown): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(message))
  const head: number[] = []
  writeVarUint(head, messageType)
  writeVarUint(head, json.byteLength)
  const out = new Uint8Array(head.length + json.byteLength)
  out.set(head, 0)
  out.set(json, head.length)
  return out
}

/**
 * The JSON of a frame, read from the bytes after its message type (length-prefixed). Throws
 * JsonFrameError for anything truncated, larger than `maxBytes` or not JSON; never reads past
 * the declared length.
 */
export function readJsonFramePayload(bytes: Uint8Array, maxBytes: number): unknown {
  let len = 0
  let shift = 1
  let i = 0
  for (;;) {
    if (i >= bytes.length || i > 4) throw new JsonFrameError('truncated length')
    const b = bytes[i++]
    len += (b & 0x7f) * shift
    if (b < 0x80) break
    shift *= 128
  }
  if (len > maxBytes) throw new JsonFrameError('too large')
  if (i + len > bytes.length) throw new JsonFrameError('truncated')
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + len)))
  } catch {
    throw new JsonFrameError('not JSON')
  }
}
