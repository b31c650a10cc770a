/**
 * One WebSocket client in one room. Owns the socket-level rules: binary frames only, a message
 * rate limit, a bounded send buffer, liveness, and closing with a named code (then destroying
 * the socket if the peer never completes the close handshake).
 */
import { CloseCode, type Role } from '@circleboard/shared'
import type { WebSocket } from 'ws'
import type { Logger } from '../log'
import type { RelayLimits } from './limits'
import type { PreparedFrame } from './protocol'
import { ErrorKind, type RelayMetrics } from './RelayMetrics'
import { TokenBucket } from './TokenBucket'

export type ConnectionContext = {
  limits: RelayLimits
  metrics: RelayMetrics
  logger: Logger
}

let nextConnectionId = 1

const SEND_BINARY = { binary: true } as const

/**
 * What of `ws` (8.x) a direct write of a prepared frame relies on: the socket it writes to and its
 * sender's queue, which holds frames back only while it compresses (no extension is negotiated:
 * the relay's server has `perMessageDeflate: false`) or reads a Blob (the relay sends none).
 */
type WsInternals = { _socket?: { write(chunk: Buffer, cb: (error?: Error | null) => void): boolean }; _sender?: { _queue?: unknown[] } }

export class Connection {
  readonly id = nextConnectionId++
  /** Awareness client ids this connection introduced; it may only change these. */
  readonly awarenessIds = new Set<number>()
  /** Set by ping; cleared when a pong arrives. */
  awaitingPong = false
  /** The code we closed with, or null when the client closed first. */
  closedByRelayWith: number | null = null
  private readonly bucket: TokenBucket
  /** Bytes received: message counts alone let one socket send 16 MiB frames 200 times a second. */
  private readonly byteBucket: TokenBucket
  /** Presence bytes of a viewer (null for editors, whose presence only counts in `byteBucket`). */
  private readonly viewerAwarenessBucket: TokenBucket | null
  private terminateTimer: NodeJS.Timeout | null = null
  /** View-only: receives everything, its document updates are ignored. */
  readonly readOnly: boolean
  /** Whether prepared frames may be written to the socket directly (see `sendPrepared`). */
  private readonly direct: boolean
  /**
   * The voter id this connection placed dots under (the first it used). One per connection, so
   * one socket cannot vote under many names; a new tab or reconnect may use its own again.
   */
  voterId: string | null = null
  /** SHA-256 of the facilitator key this connection presented (facilitators only). */
  facilitatorKeyHash: string | null = null

  constructor(
    readonly ws: WebSocket,
    readonly roomId: string,
    /** What the link gave it: facilitator (`?fac=` key that matches), participant, viewer (`/view/`). */
    readonly role: Role,
    private readonly ctx: ConnectionContext,
    /** Told to the client in its welcome: why its role is less than it asked for. */
    readonly notice: string | null = null,
  ) {
    this.readOnly = role === 'viewer'
    const internals = ws as unknown as WsInternals
    this.direct = ws.extensions === '' && typeof internals._socket?.write === 'function' && Array.isArray(internals._sender?._queue)
    this.bucket = new TokenBucket(ctx.limits.messagesPerSecond, ctx.limits.messageBurst)
    this.byteBucket = new TokenBucket(ctx.limits.bytesPerSecond, ctx.limits.byteBurst)
    this.viewerAwarenessBucket = this.readOnly
      ? new TokenBucket(ctx.limits.viewerAwarenessBytesPerSecond, ctx.limits.viewerAwarenessByteBurst)
      : null
  }

  get isOpen(): boolean {
    return this.closedByRelayWith === null && this.ws.readyState === this.ws.OPEN
  }

  /** Counts a received message against the rate limits; false means the connection was closed. */
  admit(byteLength: number): boolean {
    if (!this.bucket.take()) {
      this.close(CloseCode.rateLimited, 'too many messages per second')
      return false
    }
    if (!this.byteBucket.take(byteLength)) {
      this.close(CloseCode.rateLimited, 'too many bytes per second')
      return false
    }
    return true
  }

  /**
   * Whether a viewer's presence of this size may be relayed now. Over budget it is dropped, not
   * closed: presence is ephemeral and the next state replaces it.
   */
  admitViewerAwareness(byteLength: number): boolean {
    return this.viewerAwarenessBucket === null || this.viewerAwarenessBucket.take(byteLength)
  }

  /**
   * Queues a message. A client that cannot keep up is closed (it resyncs on reconnect) rather
   * than being skipped: skipping one update would leave its document silently diverged.
   */
  send(message: Uint8Array): void {
    if (!this.isOpen) return
    if (this.ws.bufferedAmount + message.byteLength > this.ctx.limits.maxBufferedBytes) {
      this.close(CloseCode.slowConsumer, 'send buffer full')
      return
    }
    this.ctx.metrics.messagesOut++
    this.ctx.metrics.bytesOut += message.byteLength
    // `binary` said, so ws need not look; one callback per connection, not a closure per send.
    this.ws.send(message, SEND_BINARY, this.onSent)
  }

  /**
   * `send` for a message framed once for many receivers (`prepareFrame`): the same checks, then
   * the whole WebSocket frame in one write to the socket, which is all `ws.send` does for an
   * uncompressed frame after building its header (it hands the socket the header and the payload
   * as two buffers). Falls back to `ws.send` whenever ws might hold frames back. Frames stay in
   * order with `send`'s: both write to the socket at once, in call order.
   */
  sendPrepared(frame: PreparedFrame): void {
    if (!this.isOpen) return
    const bytes = frame.message.byteLength
    if (this.ws.bufferedAmount + bytes > this.ctx.limits.maxBufferedBytes) {
      this.close(CloseCode.slowConsumer, 'send buffer full')
      return
    }
    this.ctx.metrics.messagesOut++
    this.ctx.metrics.bytesOut += bytes
    const internals = this.ws as unknown as WsInternals
    if (this.direct && internals._sender!._queue!.length === 0) {
      this.ctx.metrics.framesWrittenDirect++
      internals._socket!.write(frame.wire, this.onSent)
    } else {
      this.ws.send(frame.message, SEND_BINARY, this.onSent)
    }
  }

  private readonly onSent = (error?: Error | null): void => {
    if (error) this.ctx.logger.debug('send failed', { conn: this.id, error })
  }

  close(code: number, reason: string): void {
    if (this.closedByRelayWith !== null) return
    this.closedByRelayWith = code
    // Counted now, not on the socket's close event: a peer that never reads may take the whole
    // close grace period to be gone.
    this.ctx.metrics.closed(code, 'relay')
    if (code !== CloseCode.goingAway && code !== CloseCode.normal) {
      this.ctx.logger.info('closing connection', { conn: this.id, roomId: this.roomId, code, reason })
    }
    try {
      if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, reason)
    } catch (error) {
      this.ctx.metrics.error(ErrorKind.socket)
      this.ctx.logger.warn('close failed; destroying socket', { conn: this.id, error })
      this.ws.terminate()
      return
    }
    // A peer that stopped reading never answers the close frame; do not hold its socket forever.
    this.terminateTimer = setTimeout(() => this.ws.terminate(), this.ctx.limits.closeGraceMs)
    this.terminateTimer.unref()
  }

  /** Called from the socket's 'close' event. */
  disposed(): void {
    if (this.terminateTimer) clearTimeout(this.terminateTimer)
    this.terminateTimer = null
  }
}
