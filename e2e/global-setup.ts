/**
 * Start one real relay (serving the built client) on a free port with a fresh data folder, and
 * hand its URL to the tests through the environment. The relay is a child process, as in
 * production; it is stopped when the run ends.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

export default async function globalSetup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'circleboard-e2e-'))
  const child = spawn(join(root, 'node_modules/.bin/tsx'), [join(root, 'server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`relay did not start:\n${out}`)), 30_000)
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const m = /running at (http:\/\/[^\s/]+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    child.on('exit', (code) => reject(new Error(`relay exited with ${code}:\n${out}`)))
  })
  process.env.CB_BASE_URL = url
  process.env.CB_DATA_DIR = dataDir
  return async () => {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    rmSync(dataDir, { recursive: true, force: true })
  }
}
