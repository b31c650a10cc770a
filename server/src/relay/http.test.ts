import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { relayHasAllOf } from '@circleboard/shared'
import { connectClient, makeTempDir, randomRoomId, startTestRelay, upgradeStatus, waitFor, waitForSynced, wsUrl } from '../testing/relayHarness'
import type { Relay } from './Relay'

let relay: Relay & { dataDir: string }
let staticDir: string

beforeAll(async () => {
  staticDir = makeTempDir('cb-static-')
  fs.mkdirSync(path.join(staticDir, 'assets'))
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Circleboard</title>')
  fs.writeFileSync(path.join(staticDir, 'assets', 'index-abc123.js'), 'console.log(1)')
  fs.writeFileSync(path.join(staticDir, 'assets', 'index-abc123.css'), 'body{}')
  fs.writeFileSync(path.join(staticDir, 'assets', 'font-x.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]))
  fs.writeFileSync(path.join(staticDir, 'sw.js'), 'self.addEventListener("fetch", () => {})')
  fs.writeFileSync(path.join(staticDir, 'icon.svg'), '<svg/>')
  fs.writeFileSync(path.join(staticDir, 'manifest.webmanifest'), '{}')
  fs.writeFileSync(path.join(path.dirname(staticDir), 'secret.txt'), 'outside the static root')
  relay = await startTestRelay({ staticDir })
})
afterAll(() => relay.close())

/** A request written byte for byte, so no client library normalises the path for us. */
function rawGet(pathname: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(relay.port, '127.0.0.1', () => {
      socket.write(`GET ${pathname} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)
    })
    let out = ''
    socket.on('data', (d) => (out += d.toString()))
    socket.on('end', () => resolve(out))
    socket.on('error', reject)
  })
}

describe('http endpoints and static files', () => {
  it('reports health', async () => {
    const res = await fetch(`${relay.url}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('ok')
  })

  it('serves index.html for the app routes, never cached', async () => {
    for (const route of ['/', '/b/abcdefgh12', '/v/some-token', '/b/abcdefgh12/']) {
      const res = await fetch(`${relay.url}${route}`)
      expect(res.status, route).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(await res.text()).toContain('<title>Circleboard</title>')
    }
  })

  it('serves files with their content type and caching', async () => {
    const cases: [string, string, string][] = [
      ['/assets/index-abc123.js', 'text/javascript; charset=utf-8', 'immutable'],
      ['/assets/index-abc123.css', 'text/css; charset=utf-8', 'immutable'],
      ['/assets/font-x.woff2', 'font/woff2', 'immutable'],
      ['/sw.js', 'text/javascript; charset=utf-8', 'no-cache'],
      ['/icon.svg', 'image/svg+xml', 'no-cache'],
      ['/manifest.webmanifest', 'application/manifest+json; charset=utf-8', 'no-cache'],
    ]
    for (const [p, type, cache] of cases) {
      const res = await fetch(`${relay.url}${p}`)
      expect(res.status, p).toBe(200)
      expect(res.headers.get('content-type'), p).toBe(type)
      expect(res.headers.get('cache-control'), p).toContain(cache)
      await res.arrayBuffer()
    }
  })

  it('answers 404 for missing files and refuses path traversal', async () => {
    expect((await fetch(`${relay.url}/nope.js`)).status).toBe(404)
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00index.html']) {
      const res = await rawGet(attempt)
      expect(res, attempt).toMatch(/^HTTP\/1\.1 (400|404)/)
      expect(res, attempt).not.toContain('outside the static root')
    }
  })

  it('rejects bad room ids and unknown paths before the upgrade', async () => {
    expect(await upgradeStatus(`${wsUrl(relay)}/sync/bad!id`)).toBe(400)
    expect(await upgradeStatus(`${wsUrl(relay)}/sync/short`)).toBe(400)
    expect(await upgradeStatus(`${wsUrl(relay)}/elsewhere/abcdefgh12`)).toBe(404)
    expect(await upgradeStatus(`${wsUrl(relay)}/view/not-a-real-token-not-a-real-token-not-a-real-token`)).toBe(403)
  })

  it('serves a room snapshot that tells a client whether the relay has all its changes', async () => {
    const room = randomRoomId()
    const a = connectClient(relay, room)
    await waitForSynced(a)
    a.doc.getMap('records').set('shape:1', 'x')
    await waitFor(() => relay.metrics.updatesStored >= 1, 'stored')
    const res = await fetch(`${relay.url}/api/rooms/${room}/snapshot`)
    expect(res.status).toBe(200)
    const snap = new Uint8Array(await res.arrayBuffer())
    expect(relayHasAllOf(snap, a.doc)).toBe(true)
    // A change the relay never received is seen as missing.
    const offline = new Y.Doc()
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(a.doc))
    offline.getMap('records').set('shape:2', 'y')
    expect(relayHasAllOf(snap, offline)).toBe(false)
    a.destroy()

    // An unknown room: the relay has nothing, so any content is missing.
    const empty = new Uint8Array(await (await fetch(`${relay.url}/api/rooms/${randomRoomId()}/snapshot`)).arrayBuffer())
    expect(relayHasAllOf(empty, new Y.Doc())).toBe(true)
    expect(relayHasAllOf(empty, offline)).toBe(false)
    expect((await fetch(`${relay.url}/api/rooms/bad!/snapshot`)).status).toBe(400)
  })

  it('exposes Prometheus metrics', async () => {
    const text = await (await fetch(`${relay.url}/metrics`)).text()
    expect(text).toMatch(/^circleboard_connections \d+$/m)
    expect(text).toMatch(/^circleboard_rooms_loaded \d+$/m)
    expect(text).toMatch(/^circleboard_persist_seconds_count \d+$/m)
    expect(text).toMatch(/^circleboard_messages_in_total \d+$/m)
  })
})
