/**
 * What travels between the browser and the relay: the standard y-websocket protocol (lib0
 * varuint message type, then y-protocols payload), the limits the relay enforces, and the
 * WebSocket close codes a client can receive. Shared so the client can explain a close to a person.
 */

/** y-websocket message types (first varuint of every binary frame). */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const
export type MessageType = (typeof MessageType)[keyof typeof MessageType]

/** The path prefix of the sync endpoint: `ws://host:port/sync/<roomId>`. */
export const SYNC_PATH_PREFIX = '/sync/'

/**
 * The path prefix of view-only connections: `ws://host:port/view/<token>`, same protocol as sync,
 * but the relay ignores the viewer's document updates. Tokens come from
 * `POST /api/rooms/<roomId>/view-token` -> `{ "token": string }`.
 */
export const VIEW_PATH_PREFIX = '/view/'

/** Defaults; each is configurable on the relay (see README). */
export const DEFAULT_LIMITS = {
  /** Largest single WebSocket message, bytes. A board's first sync can be large (images). */
  maxPayloadBytes: 16 * 1024 * 1024,
  /** Messages a connection may send per second on average, and the burst allowed above that. */
  messagesPerSecond: 200,
  messageBurst: 1000,
  maxConnectionsPerRoom: 250,
  maxConnectionsTotal: 2000,
  maxRoomsInMemory: 500,
  /** A room with nobody in it is unloaded from memory after this long. */
  roomIdleMs: 30_000,
  /** A connection whose unsent buffer passes this is closed (it resyncs on reconnect). */
  maxBufferedBytes: 32 * 1024 * 1024,
  /** Ping every interval; a connection that has not answered the previous ping is closed. */
  pingIntervalMs: 30_000,
  /**
   * Bytes a connection may send per second on average, and the burst above that. The burst holds
   * two messages of the largest size, so a first sync of a board with photos passes in one go;
   * the rate still allows a few photos a minute.
   */
  bytesPerSecond: 1024 * 1024,
  byteBurst: 32 * 1024 * 1024,
  /**
   * Largest board, bytes of its stored form (the last compacted state plus the updates since).
   * tldraw inlines images as data URLs, so a board with a few dozen phone photos reaches tens of MB.
   */
  maxRoomBytes: 128 * 1024 * 1024,
} as const

/**
 * Close codes. 1000–1015 are the standard ones (1009 = message too big is sent by `ws` itself when
 * maxPayload is passed); 4000–4999 are ours. The stock y-websocket provider (3.x) treats 4400–4499
 * as final (it stops reconnecting), so codes that mean "try again shortly" live in 45xx.
 */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  messageTooBig: 1009,
  internalError: 1011,
  /** A frame that is not a valid y-websocket message (text frame, truncated, unknown type, bad update). */
  badMessage: 4400,
  /** View-only link used, or origin not allowed, or bad token. */
  forbidden: 4403,
  /** Room id malformed. (Normally rejected before the upgrade with HTTP 400.) */
  badRoom: 4404,
  /** No pong to the last ping. */
  pingTimeout: 4508,
  /** Too many messages per second. */
  rateLimited: 4529,
  /** The client did not read fast enough; its send buffer passed the limit. Reconnect to resync. */
  slowConsumer: 4530,
  /** Too many connections on this relay, or too many rooms in memory. */
  full: 4503,
  /** This board already has `maxConnectionsPerRoom` connections. Retried: someone may leave. */
  boardFull: 4509,
  /** The relay's storage quota (all boards together) is used up. Retried: an operator may free space. */
  storageFull: 4507,
  /**
   * Updates from this connection built on changes the relay does not have, and the relay will not
   * hold them any longer (bytes, count or time). Reconnecting resyncs, which sends what was missing.
   */
  missingDependencies: 4531,
  /** The board reached the relay's size limit (`maxRoomBytes`). Final: retrying cannot help. */
  boardTooLarge: 4413,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** A plain-language explanation for a close code, for the sync status. */
export function describeCloseCode(code: number): string {
  switch (code) {
    case CloseCode.badMessage:
      return 'The relay could not read a message from this device and disconnected it.'
    case CloseCode.forbidden:
      return 'This link does not allow editing, or this site is not allowed to use the relay.'
    case CloseCode.badRoom:
      return 'This board link is not valid.'
    case CloseCode.rateLimited:
      return 'Too many changes at once; reconnecting shortly.'
    case CloseCode.slowConsumer:
      return 'The connection was too slow to keep up; reconnecting.'
    case CloseCode.full:
      return 'The relay is full right now; retrying shortly.'
    case CloseCode.boardFull:
      return 'This board is full: it has as many people in it as the relay allows. Retrying until someone leaves.'
    case CloseCode.messageTooBig:
      return 'A change was too large for the relay to accept.'
    case CloseCode.pingTimeout:
      return 'The connection stopped answering; reconnecting.'
    case CloseCode.storageFull:
      return 'The relay has run out of storage; changes stay on this device until it has room again.'
    case CloseCode.missingDependencies:
      return 'Some changes arrived out of order; reconnecting to resync.'
    case CloseCode.boardTooLarge:
      return 'This board has reached the relay\'s size limit; new changes stay on this device. Remove large images, or save the board as a file.'
    default:
      return ''
  }
}
