/**
 * Throughput: the highest sustained update rate one writer can push through one room with 50
 * receivers before the delivery p99 passes 50 ms (or anything is lost). Ours (production build,
 * SQLite on) against `@y/websocket-server` 0.1.1, side by side, alternating at every step.
 *
 *   pnpm --filter @circleboard/server bench:throughput
 *   RATES=100,200,400 ROUNDS=1 pnpm --filter @circleboard/server bench:throughput
 *
 * Ours runs with its per-connection message and byte rate limits lifted (MESSAGES_PER_SECOND,
 * MESSAGE_BURST, BYTES_PER_SECOND, BYTE_BURST): by default one connection may send 200 messages/s,
 * a policy against one misbehaving tab, not the room's capacity (in a real room many people each
 * send a little). Receivers and writer share the bench process: at the top rates it, too, is busy,
 * for both servers alike.
 */
import { performance } from 'node:perf_hooks'
import { fmt, median, receivers, sendAtRate, sleep, stats, Tally, Writer } from './lib/clients'
import { benchRoomId, startServer, type BenchServer, type ServerKind } from './lib/servers'

const RATES = (process.env.RATES ?? '20,50,100,200,400,700,1000,1500,2000,3000').split(',').map(Number)
const RECEIVERS = Number(process.env.RECEIVERS ?? 50)
const SECONDS = Number(process.env.SECONDS ?? 4)
const ROUNDS = Number(process.env.ROUNDS ?? 2)
const P99_MS = 50

type Step = { rate: number; p50: number; p99: number; lost: number; ok: boolean }

async function step(server: BenchServer, rate: number): Promise<Step> {
  const room = benchRoomId()
  const warmup = Math.ceil(rate / 2) // half a second
  const count = warmup + Math.ceil(rate * SECONDS)
  const tally = new Tally(count + 10)
  tally.from = warmup
  const rs = await receivers(server.roomUrl(room), RECEIVERS, tally)
  const writer = new Writer(server.roomUrl(room), tally, 224)
  await writer.ready
  await sleep(200)
  let closed = false
  for (const r of rs) r.ws.once('close', () => (closed = true))
  writer.ws.once('close', () => (closed = true))
  await sendAtRate(writer, rate, count)
  const deadline = performance.now() + 3000
  while (performance.now() < deadline && tally.received[count - 1] < RECEIVERS) await sleep(20)
  await sleep(100)
  let lost = 0
  for (let s = warmup; s < count; s++) lost += RECEIVERS - tally.received[s]
  const d = stats(tally.samples)
  const wasClosed = closed
  writer.close()
  for (const r of rs) r.close()
  await sleep(300)
  return { rate, p50: d.p50, p99: d.p99, lost, ok: !wasClosed && lost === 0 && d.p99 <= P99_MS }
}

async function main() {
  console.log(`throughput: 1 writer, ${RECEIVERS} receivers, ~224 B updates, ${SECONDS} s per step, rates ${RATES.join('/')}, ${ROUNDS} rounds; pass = p99 ≤ ${P99_MS} ms and nothing lost`)
  const servers: Record<ServerKind, BenchServer> = {
    ours: await startServer('ours', {
      MESSAGES_PER_SECOND: '1000000',
      MESSAGE_BURST: '1000000',
      BYTES_PER_SECOND: '1000000000',
      BYTE_BURST: '1000000000',
    }),
    reference: await startServer('reference'),
  }
  const best: Record<ServerKind, number[]> = { ours: [], reference: [] }
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const top: Record<ServerKind, number> = { ours: 0, reference: 0 }
      const failed: Record<ServerKind, number> = { ours: 0, reference: 0 }
      for (const rate of RATES) {
        const order: ServerKind[] = (round + RATES.indexOf(rate)) % 2 === 0 ? ['ours', 'reference'] : ['reference', 'ours']
        for (const kind of order) {
          if (failed[kind] >= 3) continue // three failed steps in a row: past its limit (one may be noise)
          const s = await step(servers[kind], rate)
          console.log(`  round ${round + 1}, ${String(rate).padStart(5)}/s, ${kind.padEnd(9)}: p50 ${fmt(s.p50, 2)} ms, p99 ${fmt(s.p99, 2)} ms, lost ${s.lost} ${s.ok ? 'pass' : 'FAIL'}`)
          if (s.ok) {
            top[kind] = rate
            failed[kind] = 0
          } else failed[kind]++
        }
        if (failed.ours >= 3 && failed.reference >= 3) break
      }
      best.ours.push(top.ours)
      best.reference.push(top.reference)
    }
  } finally {
    await servers.ours.stop()
    await servers.reference.stop()
  }
  const o = median(best.ours)
  const r = median(best.reference)
  console.log(`\nhighest passing rate per round: ours ${best.ours.join(', ')} / reference ${best.reference.join(', ')} updates/s`)
  console.log(`median: ours ${o}/s, reference ${r}/s, ratio ours / reference **${fmt(o / r, 2)}×** (target ≥ 1.0×)`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
