/**
 * Joins: how long a device joining a board waits for its full first sync (socket opened → the
 * server's sync step 2 received), for boards of about 170 kB, 1.3 MB and 6.5 MB; then ten people
 * joining the 6.5 MB board at once (from a child process, so receiving ten boards does not
 * slow the bench's own event loop) while another room (one writer at 20 updates/s, 10 receivers)
 * measures its delivery p99. Ours (production build, SQLite on, the board's room loaded: someone is
 * in it) against `@y/websocket-server` 0.1.1, side by side, alternating.
 *
 *   pnpm --filter @circleboard/server bench:joins
 *   SIZES=170000 ROUNDS=3 pnpm --filter @circleboard/server bench:joins
 *
 * Boards are generated in the document layout's shape (a map of records, each a map of fields,
 * note text as a Y.XmlFragment), about 600 B per note.
 */
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import * as decoding from 'lib0/decoding'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { fmt, median, receivers, sendAtRate, sleep, stats, syncFrame, Tally, Writer } from './lib/clients'
import { benchRoomId, startServer, type BenchServer, type ServerKind } from './lib/servers'

const SIZES = (process.env.SIZES ?? '170000,1300000,6500000').split(',').map(Number)
const ROUNDS = Number(process.env.ROUNDS ?? 5)
const CROWD = Number(process.env.CROWD ?? 10)
const CROWD_SCRIPT = fileURLToPath(new URL('./lib/crowd.mjs', import.meta.url))
const CROWD_ROUNDS = Number(process.env.CROWD_ROUNDS ?? 3)

function makeBoard(targetBytes: number): Uint8Array {
  const doc = new Y.Doc()
  const records = doc.getMap('records')
  let i = 0
  for (;;) {
    doc.transact(() => {
      for (let k = 0; k < 200; k++, i++) {
        const r = new Y.Map<unknown>()
        records.set(`shape:note${i}`, r)
        r.set('typeName', 'shape')
        r.set('type', 'note')
        r.set('x', (i % 40) * 220)
        r.set('y', Math.floor(i / 40) * 220)
        r.set('rotation', 0)
        r.set('parentId', 'page:page')
        r.set('index', `a${i.toString(36)}`)
        r.set('props', { color: 'yellow', size: 'm', font: 'draw', align: 'middle', verticalAlign: 'middle', growY: 0, url: '', scale: 1 })
        r.set('meta', {})
        const text = new Y.XmlFragment()
        r.set('text', text)
        const p = new Y.XmlElement('paragraph')
        text.insert(0, [p])
        p.insert(0, [new Y.XmlText(`Note ${i}: ask the café owner about the Thursday group, and who can drive Sam there`)])
      }
    })
    const u = Y.encodeStateAsUpdate(doc)
    if (u.byteLength >= targetBytes) {
      doc.destroy()
      return u
    }
  }
}

/** Puts `board` into a room and keeps that connection open (the room stays loaded). */
async function load(server: BenchServer, room: string, board: Uint8Array): Promise<WebSocket> {
  const ws = new WebSocket(server.roomUrl(room), { perMessageDeflate: false })
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject)
    ws.on('close', (code, reason) => reject(new Error(`loader closed ${code} ${reason.toString()}`)))
    ws.on('open', () => {
      ws.send(syncFrame(2, board))
      // The server answers this step 1 after it has applied the update above (frames are handled in order).
      ws.send(syncFrame(0, new Uint8Array([0])))
    })
    // The board comes back as one step 2 (an encoded state), or, from our relay for a large
    // board, as the stored rows in update messages followed by an empty step 2: count both.
    let bytes = 0
    ws.on('message', (data: Buffer) => {
      if (data[0] === 0 && (data[1] === 1 || data[1] === 2)) {
        const d = decoding.createDecoder(data)
        decoding.readVarUint(d)
        decoding.readVarUint(d)
        bytes += decoding.readVarUint8Array(d).byteLength
        if (data[1] === 1 && bytes >= board.byteLength * 0.9) resolve()
      }
    })
  })
  return ws
}

/**
 * A small change to the board from the loader's connection, before each measured join: on a live
 * board something changed since the last person joined, so no server may answer from a cache.
 */
async function nudge(loader: WebSocket): Promise<void> {
  const d = new Y.Doc()
  d.getMap('nudge').set('n', Math.random())
  loader.send(syncFrame(2, Y.encodeStateAsUpdate(d)))
  d.destroy()
  await sleep(100)
}

/**
 * One join: ms from opening the socket to receiving the whole state: the sync step 2, which our
 * relay sends after the stored rows of a large board (update messages), so it too marks the end.
 */
function join(server: BenchServer, room: string): Promise<{ ms: number; bytes: number; ws: WebSocket }> {
  const t0 = performance.now()
  const ws = new WebSocket(server.roomUrl(room), { perMessageDeflate: false })
  return new Promise((resolve, reject) => {
    ws.on('error', reject)
    ws.on('open', () => ws.send(syncFrame(0, new Uint8Array([0]))))
    ws.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 1) resolve({ ms: performance.now() - t0, bytes: data.byteLength, ws })
      else if (data[0] === 0 && data[1] === 0) ws.send(syncFrame(1, Y.encodeStateAsUpdate(new Y.Doc())))
    })
  })
}

async function crowd(server: BenchServer, bigRoom: string): Promise<{ p50: number; p99: number; max: number; lost: number; joinMs: number }> {
  const room = benchRoomId()
  const rate = 20
  const count = rate * 6
  const tally = new Tally(count + 10)
  tally.from = 10
  const rs = await receivers(server.roomUrl(room), 10, tally)
  const writer = new Writer(server.roomUrl(room), tally, 224)
  await writer.ready
  await sleep(200)
  const sending = sendAtRate(writer, rate, count)
  await sleep(1500)
  const child = spawn(process.execPath, [CROWD_SCRIPT, server.roomUrl(bigRoom), String(CROWD)], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (d) => (out += d.toString()))
  await new Promise((resolve) => child.once('exit', resolve))
  const joinMs = (JSON.parse(out) as { allMs: number }).allMs
  await sending
  await sleep(300)
  let lost = 0
  for (let s = tally.from; s < count; s++) lost += rs.length - tally.received[s]
  const d = stats(tally.samples)
  writer.close()
  for (const r of rs) r.close()
  await sleep(500)
  return { p50: d.p50, p99: d.p99, max: d.max, lost, joinMs }
}

async function main() {
  console.log(`joins: boards ${SIZES.join(' / ')} B, ${ROUNDS} joins per server per board (alternating); then ${CROWD} at once on the largest, ${CROWD_ROUNDS} rounds`)
  const servers: Record<ServerKind, BenchServer> = {
    ours: await startServer('ours'),
    reference: await startServer('reference'),
  }
  const rows: string[] = []
  let crowdRow = ''
  try {
    const rooms: Record<ServerKind, string> = { ours: '', reference: '' }
    const loaders = {} as Record<ServerKind, WebSocket>
    const old: WebSocket[] = []
    for (const size of SIZES) {
      const board = makeBoard(size)
      const times: Record<ServerKind, number[]> = { ours: [], reference: [] }
      for (const kind of ['ours', 'reference'] as ServerKind[]) {
        if (loaders[kind]) old.push(loaders[kind])
        rooms[kind] = benchRoomId()
        loaders[kind] = await load(servers[kind], rooms[kind], board)
      }
      for (let round = 0; round < ROUNDS; round++) {
        const order: ServerKind[] = round % 2 === 0 ? ['ours', 'reference'] : ['reference', 'ours']
        for (const kind of order) {
          await nudge(loaders[kind])
          const j = await join(servers[kind], rooms[kind])
          j.ws.terminate()
          times[kind].push(j.ms)
          await sleep(200)
        }
      }
      const o = median(times.ours)
      const r = median(times.reference)
      console.log(`  board ${(board.byteLength / 1e6).toFixed(2)} MB: ours ${times.ours.map((t) => fmt(t)).join(', ')} ms; reference ${times.reference.map((t) => fmt(t)).join(', ')} ms`)
      rows.push(`| ${(board.byteLength / 1e6).toFixed(2)} MB | ${fmt(o)} | ${fmt(r)} | **${fmt(o / r, 2)}×** |`)
    }
    // Ten at once on the largest board (the rooms from the last size), another room measured.
    const res: Record<ServerKind, { p50: number; p99: number; max: number; lost: number; joinMs: number }[]> = { ours: [], reference: [] }
    for (let round = 0; round < CROWD_ROUNDS; round++) {
      const order: ServerKind[] = round % 2 === 0 ? ['ours', 'reference'] : ['reference', 'ours']
      for (const kind of order) {
        await nudge(loaders[kind])
        const c = await crowd(servers[kind], rooms[kind])
        res[kind].push(c)
        console.log(`  ${CROWD} join at once, round ${round + 1}, ${kind.padEnd(9)}: other room p50 ${fmt(c.p50, 2)} ms, p99 ${fmt(c.p99, 2)} ms, max ${fmt(c.max, 1)} ms, lost ${c.lost}; all ${CROWD} synced in ${fmt(c.joinMs, 0)} ms`)
      }
    }
    const m = (k: ServerKind, f: 'p99' | 'joinMs' | 'max') => median(res[k].map((x) => x[f]))
    crowdRow = `| other room's p99 while ${CROWD} join the largest board | ${fmt(m('ours', 'p99'), 1)} ms | ${fmt(m('reference', 'p99'), 1)} ms | max ${fmt(m('ours', 'max'), 0)} / ${fmt(m('reference', 'max'), 0)} ms; all ${CROWD} synced in ${fmt(m('ours', 'joinMs'), 0)} / ${fmt(m('reference', 'joinMs'), 0)} ms |`
    for (const l of [...old, ...Object.values(loaders)]) l.terminate()
  } finally {
    await servers.ours.stop()
    await servers.reference.stop()
  }
  console.log('\nfull sync, median (ratio = ours / reference, target ≤ 1.0×):\n')
  console.log('| board | ours ms | reference ms | ratio |')
  console.log('|---:|---:|---:|---:|')
  for (const r of rows) console.log(r)
  console.log('\n| what | ours | reference | notes |')
  console.log('|---|---:|---:|---|')
  console.log(crowdRow)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
