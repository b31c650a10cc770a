/**
 * The relay: one Node http server that serves the built client, `/healthz`, `/metrics`, the
 * view-link API, and upgrades `/sync/<roomId>` and `/view/<token>` to y-websocket connections.
 */
import { CloseCode, FACILITATOR_SOCKET_PARAM, isValidRoomId, SYNC_PATH_PREFIX, VIEW_PATH_PREFIX, VERSION_LIMITS, encodeRelaySnapshot } from '@circleboard/shared'
import http from 'node:http'
import type { Duplex } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { WebSocketServer, type WebSocket } from 'ws'
import { createJsonLogger, type Logger } from '../log'
import * as Y from 'yjs'
import { Compactor } from '../persistence/Compactor'
import { DataDirLock } from '../persistence/DataDirLock'
import { applyStoredRoom } from '../persistence/readOnly'
import { readVersionPlanJson, readVersionState, roomIsStored } from '../persistence/schema'
import { SqliteStore, type SynchronousMode } from '../persistence/SqliteStore'
import { Connection } from './Connection'
import { resolveSyncRole } from './facilitatorKeys'
import { resolveLimits, type RelayLimits } from './limits'
import { ProtocolError } from './protocol'
import { ErrorKind, RelayMetrics } from './RelayMetrics'
import { Room } from './Room'
import { DEFAULT_VERSIONS_CONFIG, type VersionsConfig } from './RoomVersions'
import { VersionPlanner } from './VersionPlanner'
import { serveStatic } from './staticFiles'
import { ViewTokens } from './ViewTokens'

export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../../client/dist', import.meta.url))

export type RelayOptions = {
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string
  /** 0 picks a free port (tests). Default 8787. */
  port?: number
  /** Where the SQLite database and the view-link secret live. Created if missing. */
  dataDir: string
  /** The built client. Default `<repo>/client/dist`. */
  staticDir?: string
  limits?: Partial<RelayLimits>
  logger?: Logger
  /** When set, WebSocket upgrades and API calls must carry one of these exact Origin values. */
  allowedOrigins?: readonly string[]
  /** SQLite durability; see SqliteStore. Default NORMAL. */
  sqliteSynchronous?: SynchronousMode
  /** Version retention and the relay's periodic versions (defaults: DEFAULT_VERSIONS_CONFIG). */
  versions?: Partial<VersionsConfig>
}

export type Relay = {
  /** http://host:port (127.0.0.1 when listening on every interface). */
  readonly url: string
  readonly port: number
  readonly host: string
  readonly limits: RelayLimits
  readonly metrics: RelayMetrics
  stats(): { rooms: number; connections: number }
  /** Resolves once no compaction is queued or running (tests). */
  compactionsIdle(): Promise<void>
  /** Queues a compaction of a room's log now (tests, tools). */
  compactRoom(roomId: string): void
  /** Starts the version worker if needed and resolves once it has loaded (benchmarks, tests). */
  versionWorkerReady(): Promise<void>
  /** Stops accepting, closes every socket with 1001, closes the database. */
  close(): Promise<void>
}

const COMPACTION_RESULT_METRIC = { ok: 'ok', timeout: 'timeout', failed: 'failed' } as const

export async function startRelay(opts: RelayOptions): Promise<Relay> {
  const logger = opts.logger ?? createJsonLogger()
  const limits = resolveLimits(opts.limits)
  const versionsConfig: VersionsConfig = { ...DEFAULT_VERSIONS_CONFIG, ...opts.versions }
  const host = opts.host ?? '127.0.0.1'
  const staticDir = opts.staticDir ?? DEFAULT_STATIC_DIR
  const allowedOrigins = opts.allowedOrigins && opts.allowedOrigins.length > 0 ? new Set(opts.allowedOrigins) : null

  // First of all: a second relay on this directory must not open, let alone write, the database.
  const lock = DataDirLock.acquire(opts.dataDir)
  let store: SqliteStore
  let viewTokens: ViewTokens
  try {
    store = new SqliteStore(opts.dataDir, opts.sqliteSynchronous)
    try {
      viewTokens = ViewTokens.load(opts.dataDir)
    } catch (error) {
      store.close()
      throw error
    }
  } catch (error) {
    lock.release()
    throw error
  }
  const rooms = new Map<string, Room>()
  const connections = new Set<Connection>()
  const metrics = new RelayMetrics(() => ({ rooms: rooms.size, connections: connections.size }))
  const compactor = new Compactor(
    store,
    limits.compactionTimeoutMs,
    logger,
    (roomId, result) => {
      if (result !== 'skipped') metrics.compaction(COMPACTION_RESULT_METRIC[result])
      // A compaction folds overwritten content away: the room's stored size is exact again.
      if (result === 'ok') rooms.get(roomId)?.refreshStoredBytes()
      if (result === 'timeout' || result === 'failed') metrics.error(ErrorKind.compaction)
    },
    undefined,
    limits.workerIdleStopMs,
    (result) => metrics.checkpoint(typeof result === 'string' ? result : result.busy ? 'busy' : 'ok'),
  )
  // WAL checkpoints (a copy into the database file and two fsyncs) run in that worker, not in the
  // middle of relaying an update; SQLite's own stays as a backstop (SqliteStore.moveCheckpointsOffThread).
  compactor.onSnapshot = (roomId, state, uptoId) => rooms.get(roomId)?.snapshotWritten(state, uptoId)
  store.moveCheckpointsOffThread(limits.walCheckpointBytes, limits.walBackstopPages, () => compactor.checkpoint())
  // Versions' plans are made in a worker; saves still being stored are awaited before closing.
  const planner = new VersionPlanner(logger, limits.compactionTimeoutMs, true, limits.workerIdleStopMs)
  const versionJobs = new Set<Promise<unknown>>()
  let ready = false
  let shuttingDown = false

  const unloadRoom = (room: Room) => {
    if (room.destroyed) return
    // A failed room may already have been replaced by a fresh load of the same id.
    if (rooms.get(room.id) === room) rooms.delete(room.id)
    // The session is over for this board: keep how it ended (only if it changed; never for a
    // failed room, whose memory may hold what the disk does not).
    room.versions.saveAuto('session-end')
    if (room.needsCompaction && !room.failed) compactor.schedule(room.id)
    room.destroy()
    metrics.roomsUnloadedTotal++
    logger.debug('room unloaded', { roomId: room.id })
  }

  const roomContext = {
    store,
    compactor,
    limits,
    metrics,
    logger,
    versions: versionsConfig,
    planner,
    versionJobs,
    onEmpty: (room: Room) => {
      if (room.idleTimer) clearTimeout(room.idleTimer)
      room.idleTimer = setTimeout(() => {
        if (room.conns.size === 0) unloadRoom(room)
      }, limits.roomIdleMs)
      room.idleTimer.unref()
    },
    onFailed: (room: Room) => {
      // Unload after the current update event has finished unwinding through Yjs.
      setImmediate(() => unloadRoom(room))
    },
  }

  /** The room, loaded if needed; null when memory is full of rooms that people are in. */
  const getRoom = (roomId: string): Room | null => {
    const existing = rooms.get(roomId)
    if (existing && !existing.failed) return existing
    if (rooms.size >= limits.maxRoomsInMemory) {
      // Map order is load order: evict the longest-loaded empty rooms first.
      for (const r of rooms.values()) {
        if (rooms.size < limits.maxRoomsInMemory) break
        if (r.conns.size === 0) unloadRoom(r)
      }
      if (rooms.size >= limits.maxRoomsInMemory) return null
    }
    const room = new Room(roomId, roomContext)
    room.load()
    rooms.set(roomId, room)
    metrics.roomsLoadedTotal++
    return room
  }

  /**
   * Everything the relay holds for a room as one Yjs update (an empty doc's update for an unknown
   * room). The client compares it with its own doc before it forgets a board locally. A room that
   * is not in memory is read into a throwaway doc rather than loaded, so polling costs no memory.
   */
  const roomSnapshot = (roomId: string): Uint8Array => {
    const loaded = rooms.get(roomId)
    // A Yjs snapshot (state vector + delete set), not the content: enough for a client to check
    // that the relay holds every change it has (relayHasAllOf), at a fraction of the size.
    if (loaded && !loaded.failed) return encodeRelaySnapshot(loaded.doc)
    const doc = new Y.Doc()
    try {
      const stored = store.loadRoom(roomId)
      if (stored) applyStoredRoom(doc, stored)
      return encodeRelaySnapshot(doc)
    } finally {
      doc.destroy()
    }
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxPayloadBytes,
    // Compression would let a small frame inflate into a large one; y-websocket frames are binary.
    perMessageDeflate: false,
    clientTracking: false,
  })

  const closeUnadmitted = (ws: WebSocket, code: number, reason: string) => {
    metrics.closed(code, 'relay')
    ws.close(code, reason)
    setTimeout(() => ws.terminate(), limits.closeGraceMs).unref()
  }

  /** `facilitatorKey`: the `?fac=` value of a /sync/ connection (null: none, or a viewer). */
  const onConnection = (ws: WebSocket, roomId: string, readOnly: boolean, facilitatorKey: string | null) => {
    ws.on('error', (error) => {
      // ws emits protocol violations (RSV bits, bad opcodes, oversize) here and closes the socket itself.
      metrics.error(ErrorKind.socket)
      logger.info('socket error', { roomId, error })
    })
    if (shuttingDown) return closeUnadmitted(ws, CloseCode.goingAway, 'relay shutting down')
    if (connections.size >= limits.maxConnectionsTotal) return closeUnadmitted(ws, CloseCode.full, 'relay is full')
    let room: Room | null
    try {
      room = getRoom(roomId)
    } catch (error) {
      metrics.error(ErrorKind.persistence)
      logger.error('could not load room', { roomId, error })
      return closeUnadmitted(ws, CloseCode.internalError, 'could not load the board')
    }
    if (!room) return closeUnadmitted(ws, CloseCode.full, 'too many boards open')
    if (room.conns.size >= limits.maxConnectionsPerRoom) return closeUnadmitted(ws, CloseCode.boardFull, 'board is full')

    let granted: ReturnType<typeof resolveSyncRole>
    try {
      granted = readOnly ? { role: 'viewer', notice: null, keyHash: null } : resolveSyncRole(store, roomId, facilitatorKey)
    } catch (error) {
      metrics.error(ErrorKind.persistence)
      logger.error('could not read the facilitator key', { roomId, error })
      return closeUnadmitted(ws, CloseCode.internalError, 'could not load the board')
    }
    const conn = new Connection(ws, roomId, granted.role, { limits, metrics, logger }, granted.notice)
    conn.facilitatorKeyHash = granted.keyHash
    const theRoom = room
    connections.add(conn)
    ws.on('message', (data, isBinary) => {
      if (!conn.isOpen) return
      const bytes = data instanceof Buffer ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
      metrics.messagesIn++
      metrics.bytesIn += bytes.byteLength
      if (!conn.admit(bytes.byteLength)) return
      if (!isBinary) {
        metrics.error(ErrorKind.textFrame)
        conn.close(CloseCode.badMessage, 'text frames are not part of the protocol')
        return
      }
      try {
        theRoom.handleMessage(conn, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      } catch (error) {
        if (error instanceof ProtocolError) {
          metrics.error(ErrorKind.badMessage)
          conn.close(CloseCode.badMessage, 'malformed message')
        } else {
          metrics.error(ErrorKind.internal)
          logger.error('unexpected error handling a message', { roomId, conn: conn.id, error })
          conn.close(CloseCode.internalError, 'internal error')
        }
      }
    })
    ws.on('pong', () => {
      conn.awaitingPong = false
    })
    ws.on('close', (code) => {
      conn.disposed()
      connections.delete(conn)
      if (conn.closedByRelayWith === null) metrics.closed(code, 'client')
      theRoom.removeConnection(conn)
    })
    theRoom.addConnection(conn)
  }

  const pingTimer =
    limits.pingIntervalMs > 0
      ? setInterval(() => {
          for (const conn of connections) {
            if (conn.awaitingPong) {
              conn.close(CloseCode.pingTimeout, 'no pong')
              continue
            }
            conn.awaitingPong = true
            try {
              conn.ws.ping()
            } catch {
              // Socket already closing; its close event cleans up.
            }
          }
        }, limits.pingIntervalMs)
      : null
  pingTimer?.unref()

  const originAllowed = (req: http.IncomingMessage) => {
    if (!allowedOrigins) return true
    const origin = req.headers.origin
    return typeof origin === 'string' && allowedOrigins.has(origin)
  }

  const rejectUpgrade = (socket: Duplex, status: number, message: string) => {
    if (!socket.writable) return socket.destroy()
    const body = message + '\n'
    socket.once('finish', () => socket.destroy())
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\n` +
        'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    )
  }

  const server = http.createServer((req, res) => {
    try {
      handleHttp(req, res)
    } catch (error) {
      metrics.error(ErrorKind.internal)
      logger.error('http handler failed', { url: req.url, error })
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('Internal error.\n')
    }
  })

  const sendText = (res: http.ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' })
    res.end(text)
  }

  /**
   * CORS for the API: an app built with VITE_RELAY_URL lives on another origin and calls the API
   * there. Allowed origins are those of ALLOWED_ORIGINS (any when unset: then WebSockets from any
   * origin are accepted too, and the API reveals nothing a socket to the same room would not).
   * True when the request was a preflight and has been answered.
   */
  const corsAnswered = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    const origin = req.headers.origin
    const allowed = typeof origin === 'string' && originAllowed(req)
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', allowedOrigins ? origin : '*')
      if (allowedOrigins) res.setHeader('Vary', 'Origin')
    }
    if (req.method !== 'OPTIONS') return false
    if (!allowed) {
      sendText(res, 403, 'This site is not allowed to use the relay.\n')
      return true
    }
    res.writeHead(204, {
      'Access-Control-Allow-Methods': 'GET, HEAD, POST',
      'Access-Control-Allow-Headers': 'Content-Type',
      'Access-Control-Max-Age': '600',
      'Cache-Control': 'no-store',
    })
    res.end()
    return true
  }

  const sendJsonError = (res: http.ServerResponse, status: number, error: string) =>
    sendText(res, status, JSON.stringify({ error }), 'application/json; charset=utf-8')

  /**
   * GET /api/rooms/<room>/versions (list, newest first), …/versions/<n>/state (Yjs update),
   * …/versions/<n>/plan (plan JSON). Read from SQLite, so a board not in memory is not loaded.
   * Anyone with the room id may read them, as they may open the board itself.
   */
  const serveVersions = (req: http.IncomingMessage, res: http.ServerResponse, roomId: string, nText?: string, part?: 'state' | 'plan') => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      return sendJsonError(res, 405, 'Use GET to read versions.')
    }
    if (!isValidRoomId(roomId)) return sendJsonError(res, 400, 'Not a valid board id.')
    if (!rooms.has(roomId) && !roomIsStored(store.db, roomId)) return sendJsonError(res, 404, 'This relay has no board with that id.')
    const head = req.method === 'HEAD'
    if (nText === undefined) {
      const body = JSON.stringify({ versions: store.listVersions(roomId, VERSION_LIMITS.maxListed) })
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
      return res.end(head ? undefined : body)
    }
    const n = /^[1-9][0-9]{0,14}$/.test(nText) ? Number(nText) : NaN
    if (!Number.isSafeInteger(n)) return sendJsonError(res, 400, 'A version number is a whole number from 1.')
    if (part === 'state') {
      const state = readVersionState(store.db, roomId, n)
      if (!state) return sendJsonError(res, 404, `This board has no version ${n}.`)
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': state.byteLength, 'Cache-Control': 'no-store' })
      return res.end(head ? undefined : state)
    }
    const plan = readVersionPlanJson(store.db, roomId, n)
    if (plan === null) return sendJsonError(res, 404, `This board has no version ${n}.`)
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(plan), 'Cache-Control': 'no-store' })
    return res.end(head ? undefined : plan)
  }

  const handleHttp = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const pathname = (req.url ?? '/').split('?')[0]
    if (pathname === '/healthz') {
      return ready && !shuttingDown ? sendText(res, 200, 'ok') : sendText(res, 503, 'starting or stopping')
    }
    if (pathname === '/metrics') {
      return sendText(res, 200, metrics.render(), 'text/plain; version=0.0.4; charset=utf-8')
    }
    if (pathname.startsWith('/api/') && corsAnswered(req, res)) return
    const viewTokenMatch = /^\/api\/rooms\/([^/]+)\/view-token$/.exec(pathname)
    if (viewTokenMatch) {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST')
        return sendText(res, 405, 'Use POST to create a view-only link.\n')
      }
      if (!originAllowed(req)) return sendText(res, 403, 'This site is not allowed to use the relay.\n')
      const roomId = viewTokenMatch[1]
      if (!isValidRoomId(roomId)) return sendText(res, 400, 'Not a valid board id.\n')
      // The body (if any) is not used; drain it so keep-alive connections stay usable.
      req.resume()
      return sendText(res, 200, JSON.stringify({ token: viewTokens.issue(roomId) }), 'application/json; charset=utf-8')
    }
    const snapshotMatch = /^\/api\/rooms\/([^/]+)\/snapshot$/.exec(pathname)
    if (snapshotMatch) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD')
        return sendText(res, 405, 'Use GET to read a board snapshot.\n')
      }
      const roomId = snapshotMatch[1]
      if (!isValidRoomId(roomId)) return sendText(res, 400, 'Not a valid board id.\n')
      const state = roomSnapshot(roomId)
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': state.byteLength,
        'Cache-Control': 'no-store',
      })
      return res.end(req.method === 'HEAD' ? undefined : state)
    }
    const versionsMatch = /^\/api\/rooms\/([^/]+)\/versions(?:\/([^/]+)\/(state|plan))?$/.exec(pathname)
    if (versionsMatch) return serveVersions(req, res, versionsMatch[1], versionsMatch[2], versionsMatch[3] as 'state' | 'plan' | undefined)
    if (serveStatic(staticDir, req, res, pathname)) return
    sendText(res, 404, 'Not found.\n')
  }

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => logger.debug('upgrade socket error', { error }))
    if (shuttingDown) return rejectUpgrade(socket, 503, 'The relay is shutting down.')
    const [pathname, query = ''] = (req.url ?? '/').split('?', 2)
    let roomId: string | null
    let readOnly: boolean
    if (pathname.startsWith(SYNC_PATH_PREFIX)) {
      roomId = pathname.slice(SYNC_PATH_PREFIX.length)
      readOnly = false
      if (!isValidRoomId(roomId)) return rejectUpgrade(socket, 400, 'Not a valid board id.')
    } else if (pathname.startsWith(VIEW_PATH_PREFIX)) {
      roomId = viewTokens.open(pathname.slice(VIEW_PATH_PREFIX.length))
      readOnly = true
      if (!roomId) return rejectUpgrade(socket, 403, 'This view-only link is not valid.')
    } else {
      return rejectUpgrade(socket, 404, 'Not found.')
    }
    if (!originAllowed(req)) return rejectUpgrade(socket, 403, 'This site is not allowed to use the relay.')
    const id = roomId
    // An empty `fac=` (a client that always sends the parameter) asks for nothing.
    const facilitatorKey = readOnly ? null : new URLSearchParams(query).get(FACILITATOR_SOCKET_PARAM) || null
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, id, readOnly, facilitatorKey))
  })
  server.on('clientError', (error, socket) => {
    logger.debug('http client error', { error })
    socket.destroy()
  })

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(opts.port ?? 8787, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    // Port taken, say: let go of the data folder so a retry (or another relay) can have it.
    if (pingTimer) clearInterval(pingTimer)
    await compactor.close()
    store.close()
    lock.release()
    throw error
  }
  server.on('error', (error) => logger.error('http server error', { error }))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0)
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  ready = true
  logger.info('relay listening', { host, port, dataDir: opts.dataDir, staticDir })

  let closing: Promise<void> | null = null
  const close = () => {
    closing ??= (async () => {
      shuttingDown = true
      if (pingTimer) clearInterval(pingTimer)
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()))
      const socketsClosed = Promise.all(
        [...connections].map(
          (conn) =>
            new Promise<void>((resolve) => {
              if (conn.ws.readyState === conn.ws.CLOSED) return resolve()
              conn.ws.once('close', () => resolve())
              conn.close(CloseCode.goingAway, 'relay shutting down')
            }),
        ),
      )
      await socketsClosed
      server.closeAllConnections()
      await serverClosed
      wss.close()
      for (const room of [...rooms.values()]) {
        rooms.delete(room.id)
        // A restart ends the session too; keep how the board was, as an idle unload would.
        room.versions.saveAuto('session-end')
        room.destroy()
      }
      await Promise.allSettled([...versionJobs])
      await planner.close()
      await compactor.close()
      store.close()
      lock.release()
      logger.info('relay stopped')
    })()
    return closing
  }

  return {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    limits,
    metrics,
    stats: () => ({ rooms: rooms.size, connections: connections.size }),
    compactionsIdle: () => compactor.idle(),
    compactRoom: (roomId: string) => compactor.schedule(roomId),
    versionWorkerReady: () => planner.whenReady(),
    close,
  }
}
