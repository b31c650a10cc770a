#!/usr/bin/env node
// `pnpm start`: build the client if its build is missing or older than its sources, then run the
// relay, which serves the built client and the sync endpoint on one port.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const built = join(root, 'client/dist/index.html')

function newestMtime(dir) {
  let newest = 0
  if (!existsSync(dir)) return 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

const sources = ['client/src', 'client/public', 'client/index.html', 'shared/src', 'templates/src']
const sourceTime = Math.max(
  ...sources.map((s) => {
    const p = join(root, s)
    return existsSync(p) && statSync(p).isFile() ? statSync(p).mtimeMs : newestMtime(p)
  })
)
if (!existsSync(built) || statSync(built).mtimeMs < sourceTime) {
  console.log('Building the client (first run or sources changed)…')
  const r = spawnSync('pnpm', ['--filter', '@circleboard/client', 'build'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

const tsx = join(root, 'node_modules/.bin/tsx')
const child = spawn(tsx, [join(root, 'server/src/main.ts')], { cwd: root, stdio: 'inherit', env: process.env })
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
