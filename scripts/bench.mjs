#!/usr/bin/env node
// `pnpm bench`: runs every benchmark, one after the other: each `bench:<name>` script of
// server/package.json and bench/client/package.json (the client benchmarks in Chromium), so a new
// one, such as bench:versions, is picked up without a change here.
// BENCH=fanout,joins picks a subset by name; BENCH=list prints the names. Each benchmark prints its
// figures and its ratio against the reference it runs side by side; see BENCHMARKS.md.
// Benchmarks are not tests: `pnpm test` never runs them.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const packageDirs = ['../server', '../bench/client'].map((d) => fileURLToPath(new URL(d, import.meta.url)))
/** Benchmark name → the package folder whose `bench:<name>` script runs it. */
const where = new Map()
const scripts = {}
for (const dir of packageDirs) {
  const own = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')).scripts ?? {}
  for (const [k, v] of Object.entries(own)) {
    if (!k.startsWith('bench:')) continue
    where.set(k.slice('bench:'.length), dir)
    scripts[k] = v
  }
}
const all = [...where.keys()]
const wanted = (process.env.BENCH ?? '').split(',').map((s) => s.trim()).filter(Boolean)
if (wanted.includes('list')) {
  console.log(all.join('\n'))
  process.exit(0)
}
const unknown = wanted.filter((w) => !all.includes(w))
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; there are: ${all.join(', ')}`)
  process.exit(2)
}
const chosen = wanted.length > 0 ? all.filter((n) => wanted.includes(n)) : all
const failed = []
for (const name of chosen) {
  console.log(`\n=== bench:${name} (${scripts[`bench:${name}`]}) ===`)
  const t0 = Date.now()
  const r = spawnSync('pnpm', ['run', '--silent', `bench:${name}`], { cwd: where.get(name), stdio: 'inherit' })
  console.log(`=== bench:${name}: ${r.status === 0 ? 'done' : `FAILED (${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(0)} s ===`)
  if (r.status !== 0) failed.push(name)
}
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`)
  process.exit(1)
}
