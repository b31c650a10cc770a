#!/usr/bin/env node
// Builds the relay for production: one ES module, server/dist/main.js, with our TypeScript, the
// workspace packages (shared, templates) and the pure-JS dependencies (yjs, lib0, y-protocols,
// ws) bundled in, so `node server/dist/main.js` starts without a TypeScript loader and without
// resolving hundreds of files. The compaction worker is a second entry, server/dist/compactWorker.mjs,
// beside main.js where `new URL('./compactWorker.mjs', import.meta.url)` looks for it, and so is
// the versions' plan worker, server/dist/versionPlanWorker.mjs.
//
// Kept outside the bundle: better-sqlite3 (a native addon, loaded from node_modules), and ws's
// optional native helpers (ws requires them inside try/catch and runs without them).
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const serverDir = fileURLToPath(new URL('.', import.meta.url))
const outdir = fileURLToPath(new URL('./dist', import.meta.url))

const common = {
  absWorkingDir: serverDir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outdir,
  external: ['better-sqlite3', 'bufferutil', 'utf-8-validate'],
  // Bundled CommonJS (ws) calls require() for Node's own modules; an ES module has no require.
  banner: { js: "import { createRequire as __cbCreateRequire } from 'node:module'; const require = __cbCreateRequire(import.meta.url);" },
  // Readable stack traces in production logs: names kept, no minification.
  minify: false,
  keepNames: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
}

// No clean first: a running relay loads compactWorker.mjs lazily, so the file must never be missing.
await build({ ...common, entryPoints: { main: 'src/main.ts' }, outExtension: { '.js': '.js' } })
await build({ ...common, entryPoints: { compactWorker: 'src/persistence/compactWorker.mjs' }, outExtension: { '.js': '.mjs' } })
// The versions' plan worker (relay/VersionPlanner.ts looks for versionPlanWorker.mjs beside main.js);
// bundled, it loads in milliseconds instead of compiling the plan code through tsx.
await build({ ...common, entryPoints: { versionPlanWorker: 'src/relay/versionPlanWorker.ts' }, outExtension: { '.js': '.mjs' } })
