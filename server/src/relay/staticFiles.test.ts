import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { contentTypeFor, resolveStaticPath } from './staticFiles'

describe('resolveStaticPath', () => {
  const root = path.resolve('/srv/app')
  it('resolves ordinary paths inside the root', () => {
    expect(resolveStaticPath(root, '/assets/a.js')).toBe(path.join(root, 'assets', 'a.js'))
    expect(resolveStaticPath(root, '/icon%20big.svg')).toBe(path.join(root, 'icon big.svg'))
  })
  it('refuses traversal in every spelling', () => {
    for (const p of ['/../etc/passwd', '/%2e%2e/etc/passwd', '/a/..%2f..%2fetc', '/..%5cwin.ini', '/a%00.js', '/%E0%A4%A', '/./a.js']) {
      expect(resolveStaticPath(root, p), p).toBeNull()
    }
  })
  it('knows the content types the app ships', () => {
    expect(contentTypeFor('x.wasm')).toBe('application/wasm')
    expect(contentTypeFor('x.webmanifest')).toBe('application/manifest+json; charset=utf-8')
    expect(contentTypeFor('x.png')).toBe('image/png')
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream')
  })
})
