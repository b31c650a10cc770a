#!/usr/bin/env node
// The browser tests drive Debian's Chromium (Playwright's own browser download is not reachable
// from our machines). Install it with apt when it is missing; CHROMIUM_PATH overrides the path.
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (existsSync(path)) process.exit(0)
if (process.env.CHROMIUM_PATH) {
  console.error(`CHROMIUM_PATH is set to ${path}, but there is no file there.`)
  process.exit(1)
}
console.log('Chromium is missing: installing Debian’s chromium package (needs root or sudo)…')
const sudo = process.getuid?.() === 0 ? '' : 'sudo '
try {
  execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`, {
    stdio: 'inherit',
  })
} catch {
  console.error('Could not install chromium. Install it yourself (apt-get install chromium) or set CHROMIUM_PATH.')
  process.exit(1)
}
