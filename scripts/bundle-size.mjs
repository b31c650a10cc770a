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
// The reference: `pnpm bench:bundle <dir-of-a-vite-app>` builds that app (its own vite.config and
// Vite, output to a temporary folder) and measures it side by side, twice: as its config builds it,
// and like-for-like with Circleboard's build, where tldraw's asset files are not inlined into the JS
// as base64 (client/vite.config.ts). A plain `<Tldraw/>` app with the same tldraw and Vite versions
// is the reference (e.g. bench/client from the client benchmarks: `pnpm bench:bundle bench/client`).
// Without an argument it uses the figure recorded for such an app built with Vite's defaults,
// 550.5 kB (BENCHMARKS.md, "Client JavaScript on first load").
// SKIP_BUILD=1 measures client/dist as it is.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const RECORDED_REFERENCE_KB = 550.5
const TARGET_RATIO = 1.1
const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * Builds the app in `dir` into `outDir` (its own config and Vite; see bundle-size-build.mjs) and
 * returns the gzip kB Vite printed for each JS file (its gzip column).
 */
function build(dir, outDir, ...flags) {
  if (process.env.SKIP_BUILD) return new Map()
  const helper = join(root, 'scripts', 'bundle-size-build.mjs')
  const r = spawnSync(process.execPath, [helper, dir, outDir, ...flags], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } })
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr)
    throw new Error(`vite build failed in ${dir}`)
  }
  const printed = new Map()
  // dist/assets/index-abc.js   129.07 kB │ gzip:  44.44 kB
  for (const m of r.stdout.matchAll(/^\S*?(assets\/\S+\.js)\s+[\d.,]+ kB\s+│ gzip:\s+([\d.,]+) kB/gm)) printed.set(m[1], Number(m[2].replace(/,/g, '')))
  return printed
}

const zlibKB = (file) => gzipSync(readFileSync(file)).length / 1000

/** First-load and lazy JS of a built Vite app in `dir` (its dist/ and dist/.vite/manifest.json). */
export function measure(dist, printed = new Map()) {
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
const clientDist = join(clientDir, 'dist')
const ours = measure(clientDist, build(clientDir, clientDist))

let refKB = RECORDED_REFERENCE_KB
let refSource = 'recorded: bare tldraw 3.15.6 + Vite 8 app, Vite defaults (BENCHMARKS.md)'
let likeForLike = null
const refArg = process.argv[2]
if (refArg && existsSync(join(resolve(refArg), 'package.json'))) {
  const refDir = resolve(refArg)
  const tmp = mkdtempSync(join(tmpdir(), 'cb-bundle-ref-'))
  try {
    refKB = measure(join(tmp, 'a'), build(refDir, join(tmp, 'a'))).firstKB
    refSource = `${refArg} built now, with its own config (Vite inlines small assets)`
    // The same app with tldraw's asset files kept as files, as Circleboard builds them.
    likeForLike = measure(join(tmp, 'b'), build(refDir, join(tmp, 'b'), '--no-inline-tldraw-assets')).firstKB
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
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
| **ratio first load / reference** | **${ratio.toFixed(3)}×** (target ≤ ${TARGET_RATIO}×: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}) |${
  likeForLike === null
    ? ''
    : `
| reference like-for-like (tldraw's asset files not inlined, as in Circleboard's build) | ${likeForLike.toFixed(1)} |
| ratio first load / like-for-like reference | ${(ours.firstKB / likeForLike).toFixed(3)}× (target ≤ ${TARGET_RATIO}×: ${ours.firstKB / likeForLike <= TARGET_RATIO ? 'met' : 'NOT met'}) |`
}
`)
