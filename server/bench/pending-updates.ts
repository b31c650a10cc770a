/**
 * Audit F1's attack on an in-process relay: one raw socket sends N updates to a made-up room,
 * each from a new client id, each 64 KiB and missing its first struct, so Yjs keeps them all
 * "pending". Meanwhile a probe in another room sends a sync step 1 every 20 ms and times the
 * answer. Runs twice in one process: with the pending and byte bounds lifted (the relay as it was
 * before them) and with the defaults.
 *
 *   pnpm --filter @circleboard/server bench:pending            # N = 1000 (the audit's figure)
 *   N=300 pnpm --filter @circleboard/server bench:pending      # quicker (the unbounded run is quadratic)
 *   ONLY=defaults pnpm --filter @circleboard/server bench:pending
 *
 * Prints, per run: frames the relay handled and the time until it had handled them all (or closed
 * the attacker), the worst and median probe round trip meanwhile, updates stored, how the
 * attacker's socket ended, RSS growth. Attacker and probe run in the relay's process, so their
 * own work (masking and sending N x 64 KiB) is in the figures too.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as encoding from 'lib0/encoding'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { silentLogger } from '../src/log'
import type { RelayLimits } from '../src/relay/limits'
import { startRelay } from '../src/relay/Relay'

const N = Number(process.env.N ?? 1000)
const UPDATE_BYTES = 64 * 1024
const PROBE_EVERY_MS = 20
const ONLY = process.env.ONLY

function frame(syncType: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, syncType)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

/** The second of two updates by a fresh client: it cannot integrate without the first. */
function pendingUpdate(clientId: number): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = clientId
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  doc.getText('t').insert(0, 'a')
  doc.getText('t').insert(1, 'x'.repeat(UPDATE_BYTES))
  doc.destroy()
  return updates[1]
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.on('error', () => {})
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', () => reject(new Error('upgrade refused')))
  })
}

type Result = { name: string; framesHandled: number; handledMs: number; worstRtt: number; medianRtt: number; stored: number; attacker: string; rssMb: number }

async function run(name: string, limits: Partial<RelayLimits>, attack: Uint8Array[]): Promise<Result> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-bench-pending-'))
  const relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir, logger: silentLogger, limits: { pingIntervalMs: 0, ...limits } })
  const ws = relay.url.replace(/^http/, 'ws')
  try {
    const probe = await open(`${ws}/sync/probe-room-0001`)
    const rtts: number[] = []
    let sentAt = 0
    probe.on('message', () => {
      if (sentAt) rtts.push(performance.now() - sentAt)
      sentAt = 0
    })
    const step1 = frame(0, Y.encodeStateVector(new Y.Doc()))
    const probeTimer = setInterval(() => {
      if (sentAt) return // still waiting: the wait itself is the round trip being measured
      sentAt = performance.now()
      probe.send(step1)
    }, PROBE_EVERY_MS)

    const attacker = await open(`${ws}/sync/made-up-room-${name}`)
    const messagesBefore = relay.metrics.messagesIn
    const rssBefore = process.memoryUsage().rss
    const t0 = performance.now()
    for (const u of attack) attacker.send(frame(2, u))
    // Handled = every frame has reached the relay's message handler (or the socket is gone).
    while (relay.metrics.messagesIn - messagesBefore < attack.length && attacker.readyState === attacker.OPEN) {
      await new Promise((r) => setTimeout(r, 5))
    }
    const handledMs = performance.now() - t0
    const rssMb = (process.memoryUsage().rss - rssBefore) / 1048576
    // Let the probe's last round trip finish, so a stall still in progress is counted.
    while (sentAt) await new Promise((r) => setTimeout(r, 5))
    clearInterval(probeTimer)
    const worst = sentAt ? performance.now() - sentAt : 0
    const sorted = [...rtts].sort((a, b) => a - b)
    const result = {
      name,
      handledMs,
      worstRtt: Math.max(worst, ...rtts),
      medianRtt: sorted[Math.floor(sorted.length / 2)] ?? 0,
      stored: relay.metrics.updatesStored,
      // Only the attacker can have been closed by the relay here.
      attacker: [...relay.metrics.closes].filter(([k]) => k.endsWith('|relay')).map(([k]) => `closed ${k.split('|')[0]}`).join(', ') || 'open',
      framesHandled: relay.metrics.messagesIn - messagesBefore,
      rssMb,
    }
    probe.terminate()
    attacker.terminate()
    return result
  } finally {
    await relay.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  console.log(`Building ${N} pending updates of ${UPDATE_BYTES / 1024} KiB (${((N * UPDATE_BYTES) / 1048576).toFixed(0)} MiB)...`)
  const attack = Array.from({ length: N }, (_, i) => pendingUpdate(100_000 + i))
  const big = 1e15
  const runs: [string, Partial<RelayLimits>][] = [
    // The relay before the fix: only the message count bounded (and the burst allows N).
    ['unbounded', { maxPendingBytes: big, maxPendingUpdates: big, pendingTimeoutMs: 2 ** 31 - 1, byteBurst: big, bytesPerSecond: big, messageBurst: Math.max(1000, N) }],
    ['defaults', {}],
  ]
  const results: Result[] = []
  for (const [name, limits] of runs) {
    if (ONLY && ONLY !== name) continue
    console.log(`running: ${name}`)
    results.push(await run(name, limits, attack))
  }
  console.log('')
  console.log('| limits | frames handled (all sockets) | until all handled or attacker closed, ms | worst probe RTT ms | median probe RTT ms | stored | attacker | RSS growth MB |')
  console.log('|---|---:|---:|---:|---:|---:|---|---:|')
  for (const r of results) {
    console.log(`| ${r.name} | ${r.framesHandled} | ${r.handledMs.toFixed(0)} | ${r.worstRtt.toFixed(0)} | ${r.medianRtt.toFixed(1)} | ${r.stored} | ${r.attacker} | ${r.rssMb.toFixed(0)} |`)
  }
  if (results.length === 2) {
    console.log(`\nworst RTT unbounded / defaults: ${(results[0].worstRtt / Math.max(1, results[1].worstRtt)).toFixed(0)}x`)
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
