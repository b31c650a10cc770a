/**
 * Saving a version of a 2,000-shape board on the relay, and whether other rooms stall meanwhile.
 *
 *   pnpm --filter @circleboard/server bench:versions
 *   SHAPES=5000 SAVES=20 pnpm --filter @circleboard/server bench:versions
 *
 * The board: a PATH template (its zones) and SHAPES tldraw notes spread over the zones, written
 * as real records, then 1,000 separate edits (notes moved and re-worded) so the doc has the
 * history a session leaves. A save is timed inside the relay (RoomVersions logs each save): the
 * time on the event loop (taking the state, then the SQLite insert and retention) and the time
 * until the version is stored (the plan and summary are made in the version worker meanwhile),
 * over SAVES saves with an edit between each.
 *
 * Reference, same process, same doc: `Y.encodeStateAsUpdate` alone plus one plain insert of that
 * blob into a SQLite table (WAL, synchronous=NORMAL, like the relay's). The ratio says what the
 * plan, the summary and the bookkeeping cost on top of the unavoidable part.
 *
 * Meanwhile another room is probed: a sync step 1 every 5 ms on its own socket, timed until the
 * relay's step 2 comes back. Its p95/max with saves running against an idle baseline shows
 * whether a save holds the event loop (it runs synchronously, so a save's duration is the
 * longest another room can wait).
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { encodeVersionsFrame, readVersionsPayload, setBoardName, VERSIONS_MESSAGE_TYPE, writeRecord, writeRecordChanges } from '@circleboard/shared'
import { DEFAULT_PAGE_ID, makeDocument, makeNote, makePage, templateToShapes } from '@circleboard/templates'
import { createJsonLogger } from '../src/log'
import { startRelay } from '../src/relay/Relay'

const SHAPES = Number(process.env.SHAPES ?? 2000)
const SAVES = Number(process.env.SAVES ?? 20)
const EDITS = 1000

function stats(xs: number[]): { median: number; p95: number; max: number } {
  const s = [...xs].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] }
}
const ms = (n: number) => `${n.toFixed(1)} ms`

/** The board as a client would have written it: one doc, the records, then many small edits. */
function buildBoard(): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  const zones = templateToShapes('path', { x: 0, y: 0, instanceId: 'bench', parentId: DEFAULT_PAGE_ID })
  let seed = 42
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
  const notes = Array.from({ length: SHAPES - zones.length }, (_, i) => {
    const z = zones[i % zones.length] as { x: number; y: number; props: { w: number; h: number } }
    return makeNote({
      id: `shape:n${i}`,
      parentId: DEFAULT_PAGE_ID,
      index: `a${String(i).padStart(5, '0')}`,
      x: z.x + 10 + rand() * Math.max(1, z.props.w - 220),
      y: z.y + 10 + rand() * Math.max(1, z.props.h - 220),
      text: `Idea ${i}: ${['ask Sam about the hall', 'weekly walk @Liz by Friday', 'more music', 'open the garden'][i % 4]}`,
    })
  })
  doc.transact(() => {
    setBoardName(doc, 'Bench PATH')
    writeRecord(doc, makeDocument({ name: 'Bench PATH', sessionDate: '2027-01-12' }))
    writeRecord(doc, makePage({ id: DEFAULT_PAGE_ID }))
    for (const z of zones) writeRecord(doc, z)
  })
  // Notes arrive in batches, as people write them.
  for (let i = 0; i < notes.length; i += 50) doc.transact(() => notes.slice(i, i + 50).forEach((n) => writeRecord(doc, n)))
  for (let i = 0; i < EDITS; i++) {
    const n = notes[Math.floor(rand() * notes.length)]
    const moved = { ...n, x: n.x + 5 }
    doc.transact(() => writeRecordChanges(doc, n, moved))
    Object.assign(n, moved)
  }
  return { doc, updates }
}

function syncFrame(type: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, type)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.binaryType = 'nodebuffer'
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-bench-versions-'))
  const saveMs: number[] = []
  const totalMs: number[] = []
  const logger = createJsonLogger((line) => {
    if (!line.includes('"version saved"')) return
    const entry = JSON.parse(line) as { mainMs: number; totalMs: number }
    saveMs.push(entry.mainMs)
    totalMs.push(entry.totalMs)
  }, 'debug')
  const relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir, logger, versions: { periodicMs: 0 } })
  const ws = relay.url.replace(/^http/, 'ws')
  try {
    // Until the version worker has loaded, plans are made in-process; measure the steady state.
    await relay.versionWorkerReady()
    const { doc, updates } = buildBoard()
    // Three sockets in the board: one connection may ask for 12 saves a minute.
    const writers = await Promise.all([0, 1, 2].map(() => open(`${ws}/sync/benchroomaaa`)))
    const answers = new Map<string, () => void>()
    for (const w of writers) {
      w.on('message', (data: Buffer) => {
        const bytes = new Uint8Array(data)
        const d = decoding.createDecoder(bytes)
        if (decoding.readVarUint(d) !== VERSIONS_MESSAGE_TYPE) return
        const m = readVersionsPayload(bytes.subarray(d.pos)) as { t: string; reqId?: string; message?: string }
        if (m.t === 'error') throw new Error(`save refused: ${m.message}`)
        if (m.t === 'saved' && m.reqId) answers.get(m.reqId)?.()
      })
    }
    for (const u of updates) writers[0].send(syncFrame(2, u))
    const stored = updates.length
    while (relay.metrics.updatesStored < stored) await new Promise((r) => setTimeout(r, 20))
    const shapes = [...doc.getMap('records').keys()].filter((k) => k.startsWith('shape:')).length
    console.log(`board: ${shapes} shapes, ${updates.length} updates, state ${(Y.encodeStateAsUpdate(doc).byteLength / 1024).toFixed(0)} KB`)

    // The other room and its probe.
    const other = await open(`${ws}/sync/otherroombb`)
    const rtts: number[] = []
    let probing = false
    let sentAt = 0
    other.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 1 && probing) {
        rtts.push(performance.now() - sentAt)
        probing = false
      }
    })
    const probeFor = async (untilDone: () => boolean): Promise<number[]> => {
      rtts.length = 0
      while (!untilDone()) {
        probing = true
        sentAt = performance.now()
        other.send(syncFrame(0, new Uint8Array([0])))
        while (probing) await new Promise((r) => setImmediate(r))
        await new Promise((r) => setTimeout(r, 5))
      }
      return [...rtts]
    }
    const baselineEnd = performance.now() + 2000
    const idle = await probeFor(() => performance.now() > baselineEnd)

    // Saves, with one small edit before each (so each is a new state), probing all the while.
    let done = false
    const probing2 = probeFor(() => done)
    for (let i = 0; i < SAVES; i++) {
      const u: Uint8Array[] = []
      const h = (x: Uint8Array) => u.push(x)
      doc.on('update', h)
      doc.getText('bench').insert(0, String(i))
      doc.off('update', h)
      const w = writers[i % writers.length]
      for (const x of u) w.send(syncFrame(2, x))
      const reqId = `s${i}`
      await new Promise<void>((resolve) => {
        answers.set(reqId, resolve)
        w.send(encodeVersionsFrame({ t: 'save', reqId, name: i % 2 ? `Save ${i}` : '', reason: 'manual', author: 'Bench' }))
      })
      await new Promise((r) => setTimeout(r, 30))
    }
    done = true
    const during = await probing2

    // Reference: the state alone plus one plain blob insert, same doc (the relay's copy holds the
    // same content), same SQLite settings.
    const refDb = new Database(path.join(dataDir, 'reference.sqlite'))
    refDb.pragma('journal_mode = WAL')
    refDb.pragma('synchronous = NORMAL')
    refDb.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)')
    const insert = refDb.prepare('INSERT INTO blobs (data) VALUES (?)')
    const refMs: number[] = []
    for (let i = 0; i < SAVES; i++) {
      doc.getText('bench').insert(0, String(i))
      const t0 = performance.now()
      const state = Y.encodeStateAsUpdate(doc)
      insert.run(Buffer.from(state.buffer, state.byteOffset, state.byteLength))
      refMs.push(performance.now() - t0)
    }
    refDb.close()

    const s = stats(saveMs)
    const t = stats(totalMs)
    const r = stats(refMs)
    const base = stats(idle)
    const busy = stats(during)
    console.log(`saves: ${saveMs.length}`)
    console.log(`relay save, on the event loop: median ${ms(s.median)}, p95 ${ms(s.p95)}, max ${ms(s.max)}  (target: under 100 ms)`)
    console.log(`relay save, until stored:      median ${ms(t.median)}, p95 ${ms(t.p95)}, max ${ms(t.max)}  (plan made in the worker meanwhile)`)
    console.log(`reference:                      median ${ms(r.median)}, p95 ${ms(r.p95)}  (Y.encodeStateAsUpdate + one SQLite blob insert)`)
    console.log(`ratio, event loop / reference (median): ${(s.median / r.median).toFixed(2)}x`)
    console.log(`other room RTT idle:         median ${ms(base.median)}, p95 ${ms(base.p95)}, max ${ms(base.max)} (${idle.length} probes)`)
    console.log(`other room RTT during saves: median ${ms(busy.median)}, p95 ${ms(busy.p95)}, max ${ms(busy.max)} (${during.length} probes)`)
    console.log(`machine: ${os.cpus()[0]?.model ?? '?'} x${os.cpus().length}, node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`)
    for (const w of writers) w.close()
    other.close()
  } finally {
    await relay.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
