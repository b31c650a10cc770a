/**
 * Runs the relay as a real child process (`node --import tsx src/main.ts`), for crash tests.
 * PORT=0 and the relay prints its real address on stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url))

export type ChildRelay = { url: string; child: ChildProcess; output: () => string; exited: Promise<number | null> }

export async function spawnRelay(env: Record<string, string>): Promise<ChildRelay> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'main.ts')], {
    cwd: SERVER_DIR,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d.toString()))
  child.stderr!.on('data', (d) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    // Generous: on a loaded machine starting tsx alone can take many seconds.
    const timer = setTimeout(() => reject(new Error(`relay did not start:\n${out}`)), 40_000)
    const onData = () => {
      const m = /Circleboard is running at (http:\/\/[^\s/]+)\//.exec(out)
      if (m) {
        clearTimeout(timer)
        child.stdout!.off('data', onData)
        resolve(m[1])
      }
    }
    child.stdout!.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`relay exited with ${code} before starting:\n${out}`))
    })
  })
  return { url, child, output: () => out, exited }
}
