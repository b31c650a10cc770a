/**
 * Relay fan-out: one writer at 20 updates/s of ~224 B, 10 / 100 / 500 receivers in the same room;
 * latency from the writer's send to each receiver's receipt (p50, p99), and lost updates. Ours
 * (production build, SQLite persistence on: every update is stored before it is relayed) against
 * `@y/websocket-server` 0.1.1 (stores nothing), both running side by side as separate processes,
 * alternating which goes first each round.
 *
 *   pnpm --filter @circleboard/server bench:fanout
 *   RECEIVERS=10,100 ROUNDS=2 SECONDS=5 pnpm --filter @circleboard/server bench:fanout
 *
 * 500 receivers is past our default per-room cap (250), so ours runs with
 * MAX_CONNECTIONS_PER_ROOM=600 here; the cap is policy, not a speed limit.
 *
 * Before/after: BEFORE_DIST=dist-before (an earlier `node build.mjs` output, in a folder inside
 * server/, relative to it) runs that build too, as a third server in the same rotation, and adds a
 * "(before)" row under each size with its ratios to the same reference runs.
 */
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { fmt, median, receivers, sendAtRate, sleep, stats, Tally, Writer } from './lib/clients'
import { benchRoomId, oursPersistMeanMs, startServer, type BenchServer, type BuildKind } from './lib/servers'

const RECEIVERS = (process.env.RECEIVERS ?? '10,100,500').split(',').map(Number)
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const SECONDS = Number(process.env.SECONDS ?? 10)
const RATE = Number(process.env.RATE ?? 20)
const BYTES = Number(process.env.BYTES ?? 224)
const WARMUP = 20

type Run = { p50: number; p99: number; allP50: number; allP99: number; lost: number; n: number; cpuMs: number }

async function run(server: BenchServer, n: number): Promise<Run> {
  const room = benchRoomId()
  const count = WARMUP + RATE * SECONDS
  const tally = new Tally(count + 10)
  tally.from = WARMUP // before the writer connects: its first sync carries update 0 again
  const rs = await receivers(server.roomUrl(room), n, tally)
  const writer = new Writer(server.roomUrl(room), tally, BYTES)
  await writer.ready
  await sleep(300)
  const cpu0 = server.cpuMs()
  await sendAtRate(writer, RATE, count)
  // Drain: wait until every receiver has every update, or nothing more arrives for 3 s (so an
  // update counted lost never arrived, rather than arrived late).
  let delivered = -1
  let quietSince = performance.now()
  while (performance.now() - quietSince < 3000) {
    const now = tally.received.reduce((a, b) => a + b, 0)
    if (now !== delivered) {
      delivered = now
      quietSince = performance.now()
    }
    if (tally.received[count - 1] >= n) break
    await sleep(50)
  }
  await sleep(100)
  const cpuMs = server.cpuMs() - cpu0
  let lost = 0
  const last: number[] = []
  for (let s = WARMUP; s < count; s++) {
    lost += n - tally.received[s]
    if (tally.received[s] === n) last.push(tally.lastAt[s] - tally.sentAt[s])
  }
  const d = stats(tally.samples)
  const a = stats(last)
  writer.close()
  for (const r of rs) r.close()
  await sleep(500)
  return { p50: d.p50, p99: d.p99, allP50: a.p50, allP99: a.p99, lost, n: d.n, cpuMs }
}

async function main() {
  console.log(`load average at the start: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`)
  console.log(`fan-out: 1 writer, ${RATE} updates/s of ~${BYTES} B, ${SECONDS} s per run, ${ROUNDS} rounds, receivers ${RECEIVERS.join('/')}`)
  const kinds: BuildKind[] = process.env.BEFORE_DIST ? ['ours', 'reference', 'before'] : ['ours', 'reference']
  const servers = {} as Record<BuildKind, BenchServer>
  for (const kind of kinds) servers[kind] = await startServer(kind, kind === 'reference' ? {} : { MAX_CONNECTIONS_PER_ROOM: '600' })
  const rows: string[] = []
  let persistMs = ''
  try {
    for (const n of RECEIVERS) {
      const results: Record<BuildKind, Run[]> = { ours: [], reference: [], before: [] }
      for (let round = 0; round < ROUNDS; round++) {
        // Each round starts with the next server in turn (two servers: alternating).
        const order = kinds.map((_, i) => kinds[(i + round) % kinds.length])
        for (const kind of order) {
          const r = await run(servers[kind], n)
          results[kind].push(r)
          console.log(
            `  ${String(n).padStart(3)} receivers, round ${round + 1}, ${kind.padEnd(9)}: p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms; ` +
              `last receiver p50 ${fmt(r.allP50, 2)} / p99 ${fmt(r.allP99, 2)} ms; lost ${r.lost}; server CPU ${fmt(r.cpuMs, 0)} ms`,
          )
        }
      }
      const m = (k: BuildKind, f: keyof Run) => median(results[k].map((r) => r[f]))
      const lost = (k: BuildKind) => results[k].reduce((s, r) => s + r.lost, 0)
      for (const k of kinds.filter((x) => x !== 'reference')) {
        rows.push(
          `| ${k === 'ours' ? n : `${n} (before)`} | ${fmt(m(k, 'p50'), 2)} | ${fmt(m('reference', 'p50'), 2)} | **${fmt(m(k, 'p50') / m('reference', 'p50'), 2)}×** | ` +
            `${fmt(m(k, 'p99'), 2)} | ${fmt(m('reference', 'p99'), 2)} | **${fmt(m(k, 'p99') / m('reference', 'p99'), 2)}×** | ` +
            `${fmt(m(k, 'allP99'), 2)} / ${fmt(m('reference', 'allP99'), 2)} | ${lost(k)} / ${lost('reference')} | ${fmt(m(k, 'cpuMs'), 0)} / ${fmt(m('reference', 'cpuMs'), 0)} |`,
        )
      }
    }
    persistMs = (await oursPersistMeanMs(servers.ours)).toFixed(3)
  } finally {
    for (const kind of kinds) await servers[kind].stop()
  }
  console.log('\nmedian over rounds (ours vs reference; ratio = ours / reference):\n')
  console.log('| receivers | p50 ours ms | p50 ref ms | p50 ratio | p99 ours ms | p99 ref ms | p99 ratio | last-receiver p99 ours / ref ms | lost ours / ref | server CPU ms ours / ref |')
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const r of rows) console.log(r)
  console.log(`\nours: mean SQLite append per update (before relaying) ${persistMs} ms`)
  console.log(`load average at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
