#!/usr/bin/env node
// First half of `pnpm start`: build the client (client/dist) and the relay (server/dist) when a
// build is missing or older than its sources, then exit. The start script then `exec`s
// `node server/dist/main.js`, so the running server is one node process under pnpm, with no
// script or shell in between (pnpm forwards SIGTERM/SIGINT to it; see README "Deploying").
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

function newestMtime(p) {
  if (!existsSync(p)) return 0
  const st = statSync(p)
  if (st.isFile()) return st.mtimeMs
  let newest = 0
  for (const entry of readdirSync(p, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue
    newest = Math.max(newest, newestMtime(join(p, entry.name)))
  }
  return newest
}

function stale(output, sources) {
  const out = join(root, output)
  if (!existsSync(out)) return true
  return statSync(out).mtimeMs < Math.max(...sources.map((s) => newestMtime(join(root, s))))
}

function run(what, command, args) {
  console.log(`Building the ${what} (first run or sources changed)…`)
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

const shared = ['shared/src', 'templates/src', 'pnpm-lock.yaml']
// CIRCLEBOARD_SKIP_CLIENT_BUILD=1: the production-start test, which needs only the relay.
if (process.env.CIRCLEBOARD_SKIP_CLIENT_BUILD !== '1' && stale('client/dist/index.html', ['client/src', 'client/public', 'client/index.html', 'client/vite.config.ts', ...shared])) {
  run('client', 'pnpm', ['--filter', '@circleboard/client', 'build'])
}
if (stale('server/dist/main.js', ['server/src', 'server/build.mjs', ...shared])) {
  run('relay', process.execPath, [join(root, 'server/build.mjs')])
}
