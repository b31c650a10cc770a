#!/usr/bin/env node
// `pnpm dev`: the relay on PORT (default 8787) and Vite's dev server proxying to it.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const port = process.env.PORT ?? '8787'
const children = [
  spawn(join(root, 'node_modules/.bin/tsx'), ['watch', join(root, 'server/src/main.ts')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PORT: port },
  }),
  spawn('pnpm', ['--filter', '@circleboard/client', 'dev'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CIRCLEBOARD_RELAY: `http://127.0.0.1:${port}` },
  }),
]
const stop = () => children.forEach((c) => c.kill('SIGTERM'))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
for (const c of children) c.on('exit', (code) => { stop(); process.exitCode = code ?? 0 })
