#!/usr/bin/env node
/** Entry point: `pnpm cli ...` runs `tsx server/src/cli/main.ts ...` (see cli.ts and `pnpm cli --help`). */
import { runCli } from './cli'

const code = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  env: process.env,
  // `pnpm cli` runs from the repository root; INIT_CWD is where the user typed it (pnpm sets it).
  cwd: process.env.INIT_CWD ?? process.cwd(),
})
// Let stdout drain before exiting (large exports piped to another program).
process.exitCode = code
