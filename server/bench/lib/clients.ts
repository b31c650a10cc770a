/**
 * Light y-websocket protocol clients for the relay benchmarks: raw `ws` sockets speaking
 * y-protocols sync (no Y.Doc on the receivers), so hundreds of receivers fit in the bench process
 * and the same client code measures both servers.
 *
 * The writer's updates are real Yjs updates (one map entry overwritten each time) whose text
 * starts with `seq:<n>:`; a receiver finds that marker in each update message it receives and
 * records the time since the writer sent update n. Both servers relay the update's bytes
 * unchanged, so the marker survives.
 */
import { performance } from 'node:perf_hooks'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { WebSocket } from 'ws'
import * as Y from 'yjs'

const MSG_SYNC = 0
const STEP1 = 0
const STEP2 = 1
const UPDATE = 2

export function syncFrame(subtype: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MSG_SYNC)
  encoding.writeVarUint(e, subtype)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

const EMPTY_STATE_VECTOR = new Uint8Array([0])
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc())
const MARKER = Buffer.from('seq:')

/** Time keeping shared by one writer and its receivers. */
export class Tally {
  readonly sentAt: Float64Array
  /** Per update: how many receivers got it, and when the last one did. */
  readonly received: Uint32Array
  readonly lastAt: Float64Array
  /** Every (update, receiver) delivery latency in ms, for updates in [from, to). */
  samples: number[] = []
  from = 0
  to = Number.MAX_SAFE_INTEGER
  constructor(readonly capacity: number) {
    this.sentAt = new Float64Array(capacity)
    this.received = new Uint32Array(capacity)
    this.lastAt = new Float64Array(capacity)
  }
  deliver(seq: number, at: number): void {
    if (seq < 0 || seq >= this.capacity) return
    this.received[seq]++
    this.lastAt[seq] = at
    if (seq >= this.from && seq < this.to) this.samples.push(at - this.sentAt[seq])
  }
}

export type Receiver = { ws: WebSocket; synced: Promise<void>; close(): void; got: number }

/** Connects, asks for the room's state (sync step 1), and counts the writer's updates. */
export function receiver(url: string, tally: Tally | null): Receiver {
  const ws = new WebSocket(url, { perMessageDeflate: false })
  let resolveSynced!: () => void
  let rejectSynced!: (e: Error) => void
  const synced = new Promise<void>((res, rej) => {
    resolveSynced = res
    rejectSynced = rej
  })
  const r: Receiver = { ws, synced, got: 0, close: () => ws.terminate() }
  ws.on('open', () => ws.send(syncFrame(STEP1, EMPTY_STATE_VECTOR)))
  ws.on('error', (e) => rejectSynced(e))
  ws.on('close', (code, reason) => rejectSynced(new Error(`closed ${code} ${reason.toString()}`)))
  ws.on('message', (data: Buffer) => {
    const at = performance.now()
    if (data[0] !== MSG_SYNC) return
    if (data[1] === UPDATE) {
      if (!tally) return
      const i = data.indexOf(MARKER, 2)
      if (i < 0) return
      let seq = 0
      for (let j = i + 4; j < data.length; j++) {
        const c = data[j]
        if (c < 48 || c > 57) break
        seq = seq * 10 + (c - 48)
      }
      r.got++
      tally.deliver(seq, at)
    } else if (data[1] === STEP2) {
      resolveSynced()
    } else if (data[1] === STEP1) {
      // The server asks what we have: nothing.
      ws.send(syncFrame(STEP2, EMPTY_UPDATE))
    }
  })
  return r
}

/** Opens `n` receivers, `batch` at a time, and waits until each has its first sync. */
export async function receivers(url: string, n: number, tally: Tally | null, batch = 50): Promise<Receiver[]> {
  const out: Receiver[] = []
  for (let i = 0; i < n; i += batch) {
    const group = Array.from({ length: Math.min(batch, n - i) }, () => receiver(url, tally))
    out.push(...group)
    await Promise.all(group.map((g) => g.synced))
  }
  return out
}

/**
 * One writer: a Y.Doc whose map entry `note` is overwritten with `seq:<n>:` + padding, so each
 * update is about `updateBytes` long. Sends sync update frames.
 */
export class Writer {
  readonly doc = new Y.Doc()
  private readonly map = this.doc.getMap('bench')
  private last: Uint8Array | null = null
  readonly ws: WebSocket
  readonly ready: Promise<void>
  seq = 0
  bytesSent = 0
  private pad = ''

  constructor(url: string, readonly tally: Tally, updateBytes = 224) {
    this.doc.on('update', (u: Uint8Array) => (this.last = u))
    // Calibrate the padding so an update (after the first) is about `updateBytes`.
    this.map.set('note', 'seq:0:')
    this.map.set('note', 'seq:0:')
    const overhead = this.last!.byteLength - 'seq:0:'.length
    this.pad = 'x'.repeat(Math.max(0, updateBytes - overhead - 'seq:00000:'.length))
    this.ws = new WebSocket(url, { perMessageDeflate: false })
    this.ready = new Promise((resolve, reject) => {
      this.ws.on('error', reject)
      this.ws.on('close', (code, reason) => reject(new Error(`writer closed ${code} ${reason.toString()}`)))
      this.ws.on('message', (data: Buffer) => {
        if (data[0] !== MSG_SYNC) return
        if (data[1] === STEP1) {
          const d = decoding.createDecoder(data)
          decoding.readVarUint(d)
          decoding.readVarUint(d)
          const sv = decoding.readVarUint8Array(d)
          this.ws.send(syncFrame(STEP2, Y.encodeStateAsUpdate(this.doc, sv)))
        } else if (data[1] === STEP2) resolve()
      })
      this.ws.on('open', () => this.ws.send(syncFrame(STEP1, Y.encodeStateVector(this.doc))))
    })
  }

  /** Makes and sends update number `this.seq` (then increments it). */
  send(): void {
    const seq = this.seq++
    this.map.set('note', `seq:${seq}:${this.pad}`)
    const frame = syncFrame(UPDATE, this.last!)
    this.bytesSent += this.last!.byteLength
    this.tally.sentAt[seq] = performance.now()
    this.ws.send(frame)
  }

  close(): void {
    this.ws.terminate()
    this.doc.destroy()
  }
}

/** Sends `count` updates at `rate` per second (catching up each ms tick when timers run late). */
export async function sendAtRate(writer: Writer, rate: number, count: number): Promise<void> {
  const start = performance.now()
  const first = writer.seq
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(count, Math.floor(((performance.now() - start) * rate) / 1000) + 1)
      while (writer.seq - first < due) writer.send()
      if (writer.seq - first >= count) return resolve()
      setTimeout(tick, Math.max(0, Math.min(1000 / rate, 50) - 0.5))
    }
    tick()
  })
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

export function stats(samples: number[]): { n: number; p50: number; p99: number; max: number } {
  const s = Float64Array.from(samples).sort()
  const arr = Array.from(s)
  return { n: arr.length, p50: percentile(arr, 50), p99: percentile(arr, 99), max: arr[arr.length - 1] ?? NaN }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

export const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '—')
