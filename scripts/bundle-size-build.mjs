#!/usr/bin/env node
// Helper of bundle-size.mjs, run with <dir> as the working directory: builds the Vite app there into
// <outDir> with a manifest, using the app's own config file and its own Vite (resolved from <dir>),
// and prints Vite's usual report (with its gzip column). With `--no-inline-tldraw-assets`, tldraw's asset files stay files as in
// client/vite.config.ts, so a reference app can be measured like-for-like with Circleboard.
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const [dirArg, outDir, flag] = process.argv.slice(2)
const dir = resolve(dirArg)
const require = createRequire(join(dir, 'package.json'))
const { build } = await import(pathToFileURL(require.resolve('vite')).href)
await build({
  logLevel: 'info',
  build: {
    manifest: true,
    outDir: resolve(outDir),
    emptyOutDir: true,
    ...(flag === '--no-inline-tldraw-assets' ? { assetsInlineLimit: (f) => (f.includes('@tldraw/assets') ? false : undefined) } : {}),
  },
})
