/**
 * Idle memory of the server process: ours as `pnpm start` runs it (`node server/dist/main.js`,
 * the production build, serving the built client and SQLite) against `@y/websocket-server` 0.1.1
 * as people run it (`npx y-websocket`: one node process), started side by side, left idle, RSS
 * read from /proc. Several fresh pairs; the order of starting alternates.
 *
 *   pnpm --filter @circleboard/server bench:idle
 *   ROUNDS=5 IDLE_MS=10000 pnpm --filter @circleboard/server bench:idle
 *
 * Also reported: RSS after one board was opened, edited and closed (the room unloads after
 * ROOM_IDLE_MS; the reference keeps its doc).
 */
import { fmt, median, receiver, sleep, Tally, Writer } from './lib/clients'
import { benchRoomId, startServer, type BenchServer, type ServerKind } from './lib/servers'

const ROUNDS = Number(process.env.ROUNDS ?? 3)
const IDLE_MS = Number(process.env.IDLE_MS ?? 5000)
/** How long after the board is closed "after one board" is read (AFTER_MS=65000: past the compaction worker's 60 s idle stop). */
const AFTER_MS = Number(process.env.AFTER_MS ?? 2000)
const MB = 1024 * 1024

async function touch(server: BenchServer): Promise<void> {
  const room = benchRoomId()
  const tally = new Tally(200)
  const r = receiver(server.roomUrl(room), tally)
  await r.synced
  const w = new Writer(server.roomUrl(room), tally)
  await w.ready
  for (let i = 0; i < 100; i++) w.send()
  await sleep(500)
  w.close()
  r.close()
}

async function main() {
  console.log(`idle RSS: ${ROUNDS} rounds, ${IDLE_MS} ms idle after start; "after one board" ${AFTER_MS} ms after it closed`)
  const idle: Record<ServerKind, number[]> = { ours: [], reference: [] }
  const used: Record<ServerKind, number[]> = { ours: [], reference: [] }
  for (let round = 0; round < ROUNDS; round++) {
    const order: ServerKind[] = round % 2 === 0 ? ['ours', 'reference'] : ['reference', 'ours']
    const servers = {} as Record<ServerKind, BenchServer>
    for (const kind of order) servers[kind] = await startServer(kind, kind === 'ours' ? { ROOM_IDLE_MS: '1000' } : {})
    try {
      await sleep(IDLE_MS)
      for (const kind of order) idle[kind].push(servers[kind].rss())
      for (const kind of order) await touch(servers[kind])
      await sleep(AFTER_MS)
      for (const kind of order) used[kind].push(servers[kind].rss())
      console.log(
        `  round ${round + 1}: idle ours ${fmt(idle.ours[round] / MB)} MB, reference ${fmt(idle.reference[round] / MB)} MB; ` +
          `after one board ours ${fmt(used.ours[round] / MB)} MB, reference ${fmt(used.reference[round] / MB)} MB`,
      )
    } finally {
      for (const kind of order) await servers[kind].stop()
    }
  }
  const o = median(idle.ours) / MB
  const r = median(idle.reference) / MB
  console.log('\n| server process | idle RSS MB (median) | after one board MB |')
  console.log('|---|---:|---:|')
  console.log(`| circleboard relay, \`node server/dist/main.js\` | ${fmt(o)} | ${fmt(median(used.ours) / MB)} |`)
  console.log(`| @y/websocket-server 0.1.1, \`node src/server.js\` | ${fmt(r)} | ${fmt(median(used.reference) / MB)} |`)
  console.log(`\nidle RSS ratio ours / reference: **${fmt(o / r, 2)}×** (target ≤ 1.3×)`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
