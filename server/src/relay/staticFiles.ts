/**
 * Serves the built client (Vite `client/dist`) with an SPA fallback for board and view links.
 * Hashed files under /assets/ are immutable; index.html and the service worker must always be
 * revalidated or a deploy would never reach people.
 */
import fs from 'node:fs'
import type http from 'node:http'
import path from 'node:path'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
}

const IMMUTABLE = 'public, max-age=31536000, immutable'
const REVALIDATE = 'no-cache'

/** Paths that belong to the single-page app and get index.html. */
function isSpaRoute(pathname: string): boolean {
  return pathname === '/' || pathname === '/index.html' || /^\/[bv]\/[^/]+\/?$/.test(pathname)
}

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * Resolves a URL path to a file strictly inside `root`, or null. Rejects encoded traversal,
 * NUL bytes and backslashes rather than trying to normalise them.
 */
export function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const segments = decoded.split('/')
  if (segments.some((s) => s === '..' || s === '.')) return null
  const full = path.resolve(root, '.' + path.posix.normalize(decoded))
  const rootResolved = path.resolve(root)
  if (full !== rootResolved && !full.startsWith(rootResolved + path.sep)) return null
  return full
}

function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, stat: fs.Stats, cacheControl: string): void {
  res.writeHead(200, {
    'Content-Type': contentTypeFor(file),
    'Content-Length': stat.size,
    'Cache-Control': cacheControl,
    'X-Content-Type-Options': 'nosniff',
    'Last-Modified': stat.mtime.toUTCString(),
  })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  const stream = fs.createReadStream(file)
  stream.on('error', () => res.destroy())
  stream.pipe(res)
}

function statFile(file: string): fs.Stats | null {
  try {
    const st = fs.statSync(file)
    return st.isFile() ? st : null
  } catch {
    return null
  }
}

/** Handles GET/HEAD for static files. Returns false when the request is not ours (caller 404s). */
export function serveStatic(root: string, req: http.IncomingMessage, res: http.ServerResponse, pathname: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false
  if (isSpaRoute(pathname)) {
    const index = path.join(root, 'index.html')
    const st = statFile(index)
    if (!st) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
      res.end(`The Circleboard web app is not built (no ${index}). Run "pnpm build", then restart the relay.\n`)
      return true
    }
    sendFile(req, res, index, st, REVALIDATE)
    return true
  }
  const file = resolveStaticPath(root, pathname)
  if (!file) return false
  const st = statFile(file)
  if (!st) return false
  const base = path.basename(file)
  const cache = pathname.startsWith('/assets/') && base !== 'sw.js' ? IMMUTABLE : REVALIDATE
  sendFile(req, res, file, st, cache)
  return true
}
