#!/usr/bin/env node
// `pnpm bench:bundle` (also `BENCH=bundle pnpm bench`): how much gzipped JavaScript a browser must
// load before Circleboard's first paint, against a bare tldraw app (issue 13, item 6: at most 1.1×).
//
// It builds the client with Vite (build.manifest is on in client/vite.config.ts), then walks the
// manifest from index.html: the entry chunk plus every chunk it imports statically (what Vite
// modulepreloads) is "first load"; every chunk reached only through a dynamic import() is "lazy".
// Sizes are the gzip column Vite prints for each file (the recorded reference was read from that
// column); with SKIP_BUILD=1, Node's zlib on the files on disk (about 0.8 % lower).
//
// The reference: `node scripts/bundle-size.mjs <dir-of-a-vite-app>` builds that app the same way and
// measures it side by side (e.g. bench/plain-tldraw/, a bare `<Tldraw/>` app with the same tldraw
// and Vite versions). Without an argument (or when the directory is missing) it uses the figure
// recorded for such an app, 550.5 kB (see BENCHMARKS.md, "Client JavaScript on first load").
// SKIP_BUILD=1 measures client/dist as it is.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const RECORDED_REFERENCE_KB = 550.5
const TARGET_RATIO = 1.1
const root = fileURLToPath(new URL('..', import.meta.url))

/** Builds the app in `dir`; returns the gzip kB Vite printed for each JS file (its gzip column). */
function build(dir) {
  if (process.env.SKIP_BUILD) return new Map()
  // The manifest may be off in a reference app's own config: ask for it on the command line.
  const r = spawnSync('npx', ['vite', 'build', '--manifest'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } })
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr)
    throw new Error(`vite build failed in ${dir}`)
  }
  const printed = new Map()
  // dist/assets/index-abc.js   129.07 kB │ gzip:  44.44 kB
  for (const m of r.stdout.matchAll(/^\S*?dist\/(\S+\.js)\s+[\d.,]+ kB\s+│ gzip:\s+([\d.,]+) kB/gm)) printed.set(m[1], Number(m[2].replace(/,/g, '')))
  return printed
}

const zlibKB = (file) => gzipSync(readFileSync(file)).length / 1000

/** First-load and lazy JS of a built Vite app in `dir` (its dist/ and dist/.vite/manifest.json). */
export function measure(dir, printed = new Map()) {
  const dist = join(dir, 'dist')
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'))
  const entries = Object.keys(manifest).filter((k) => manifest[k].isEntry)
  const first = new Set()
  const visit = (key) => {
    if (first.has(key)) return
    first.add(key)
    for (const i of manifest[key].imports ?? []) visit(i)
  }
  for (const e of entries) visit(e)
  const rows = []
  for (const [key, chunk] of Object.entries(manifest)) {
    if (!chunk.file.endsWith('.js')) continue
    // Vite's own figure when the build printed one (the reference was read from that column), else
    // Node's zlib at its default level (about 0.8 % lower than Vite's, which compresses in Rust).
    const kB = printed.get(chunk.file) ?? zlibKB(join(dist, chunk.file))
    rows.push({ key, file: chunk.file, kB, first: first.has(key), source: printed.has(chunk.file) ? 'vite' : 'zlib' })
  }
  const sum = (xs) => xs.reduce((a, r) => a + r.kB, 0)
  return { rows, firstKB: sum(rows.filter((r) => r.first)), lazyKB: sum(rows.filter((r) => !r.first)) }
}

const clientDir = join(root, 'client')
const ours = measure(clientDir, build(clientDir))

let refKB = RECORDED_REFERENCE_KB
let refSource = 'recorded figure (bare tldraw 3.15.6 + Vite 8 app, BENCHMARKS.md)'
const refArg = process.argv[2]
if (refArg && existsSync(join(resolve(refArg), 'package.json'))) {
  refKB = measure(resolve(refArg), build(resolve(refArg))).firstKB
  refSource = `built now from ${refArg}`
} else if (refArg) {
  console.log(`(no app at ${refArg}: using the recorded reference)`)
}

const f = (n) => n.toFixed(1).padStart(7)
console.log('\nFirst load (entry + static imports), gzip kB:')
for (const r of ours.rows.filter((r) => r.first).sort((a, b) => b.kB - a.kB)) console.log(`  ${f(r.kB)}  ${r.file}`)
console.log('Lazy chunks (dynamic import(), loaded when first used), gzip kB:')
for (const r of ours.rows.filter((r) => !r.first).sort((a, b) => b.kB - a.kB)) console.log(`  ${f(r.kB)}  ${r.file}`)
const ratio = ours.firstKB / refKB
console.log(`
| | gzip kB |
|---|---:|
| Circleboard, first load | ${ours.firstKB.toFixed(1)} |
| Circleboard, lazy (all chunks) | ${ours.lazyKB.toFixed(1)} |
| reference: ${refSource} | ${refKB.toFixed(1)} |
| **ratio first load / reference** | **${ratio.toFixed(3)}×** (target ≤ ${TARGET_RATIO}×: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}) |
`)
