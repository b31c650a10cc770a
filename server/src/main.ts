/**
 * The relay's entry point: runs it from environment variables (see config.ts and docs/relay.md)
 * and prints the address on stdout (with the real port when PORT=0). In production it runs built,
 * `node server/dist/main.js` (server/build.mjs bundles it; `pnpm start` execs it); in development
 * and tests, `tsx server/src/main.ts`.
 *
 * SIGTERM and SIGINT stop it gracefully: stop accepting, flush every room to SQLite, close the
 * sockets, exit 0. `pnpm start` forwards SIGTERM to this process (the start script `exec`s node,
 * so no shell sits in between to swallow it).
 */
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { configFromEnv, ConfigError } from './config'
import { createJsonLogger } from './log'
import { startRelay } from './relay/Relay'

async function main(): Promise<void> {
  let config
  try {
    config = configFromEnv()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Circleboard relay: ${error.message}\n`)
      process.exit(2)
    }
    throw error
  }
  const logger = createJsonLogger(undefined, config.logLevel)
  // The built client, relative to this file: server/src/main.ts and server/dist/main.js are both
  // two folders below the repository root (Relay's own default is relative to its source file,
  // which a bundle moves).
  const staticDir = config.staticDir ?? fileURLToPath(new URL('../../client/dist', import.meta.url))
  const relay = await startRelay({ ...config, staticDir, logger })
  process.stdout.write(`Circleboard is running at ${relay.url}/\n`)
  if (relay.host === '0.0.0.0' || relay.host === '::') {
    // Listening on every interface: show the addresses other devices in the room can open.
    for (const addrs of Object.values(os.networkInterfaces())) {
      for (const a of addrs ?? []) {
        if (a.family === 'IPv4' && !a.internal) process.stdout.write(`  on this network: http://${a.address}:${relay.port}/\n`)
      }
    }
  }

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info('shutting down', { signal })
    // Do not hang forever on a peer that never finishes its close handshake.
    setTimeout(() => {
      logger.error('shutdown took too long; exiting')
      process.exit(1)
    }, 15_000).unref()
    relay.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error })
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))

  // Under `pnpm start`, pnpm is our parent and passes SIGTERM on. If pnpm itself is killed
  // outright (SIGKILL, OOM), nothing is passed on: notice that we were orphaned and stop the same
  // graceful way rather than keep serving with nobody supervising. Only under a package-manager
  // script: run directly (`node server/dist/main.js &` from a shell that then exits), being
  // re-parented is normal.
  if (process.env.npm_lifecycle_event) {
    // With pnpm gone, our stdout/stderr pipes have no reader: a log line may fail with EPIPE, and
    // that must not end the process before the store is closed.
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {})
    const parent = process.ppid
    setInterval(() => {
      if (process.ppid !== parent) stop('parent exited')
    }, 1000).unref()
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error)
  const hint =
    (error as NodeJS.ErrnoException)?.code === 'EADDRINUSE'
      ? ' Another program uses this port; set PORT to a free one.'
      : (error as NodeJS.ErrnoException)?.code === 'EACCES'
        ? ' Check that DATA_DIR is writable and PORT is allowed.'
        : ''
  process.stderr.write(`Circleboard relay could not start: ${message}${hint}\n`)
  process.exit(1)
})
