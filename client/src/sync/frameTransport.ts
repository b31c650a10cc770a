/**
 * Circleboard's own message types (facilitation 7, versions 8) ride on the board's y-websocket
 * socket. A FrameTransport is what a client of one type needs from that socket; a small interface
 * so the clients' logic is tested without a socket.
 */
import type { WebsocketProvider } from 'y-websocket'

export interface FrameTransport {
  /** Sends a complete frame; false when the socket is not open (nothing was sent). */
  send(frame: Uint8Array): boolean
  isOpen(): boolean
  /** Called with the bytes after the message type of every frame of this type received. */
  onFrame(fn: (payload: Uint8Array) => void): () => void
  /** Called with true when the socket opens and false when it closes. */
  onStatus(fn: (open: boolean) => void): () => void
}

/**
 * Adapts a y-websocket provider for one message type: registers a handler for it (y-websocket 3
 * looks handlers up per provider), sends on the socket when open, reports open and close.
 */
export function providerFrameTransport(provider: WebsocketProvider, messageType: number): FrameTransport {
  const frameListeners = new Set<(payload: Uint8Array) => void>()
  const handlers = provider.messageHandlers as unknown as Array<
    (encoder: unknown, decoder: { arr: Uint8Array; pos: number }, ...rest: unknown[]) => void
  >
  handlers[messageType] = (_encoder, decoder) => {
    const payload = decoder.arr.subarray(decoder.pos)
    // Consume the rest of the message: it is ours, nothing after it is meant for y-websocket.
    decoder.pos = decoder.arr.length
    for (const fn of frameListeners) fn(payload)
  }
  const isOpen = () => !!provider.ws && provider.wsconnected && provider.ws.readyState === WebSocket.OPEN
  return {
    isOpen,
    send(frame) {
      if (!isOpen()) return false
      try {
        provider.ws!.send(frame)
        return true
      } catch {
        return false
      }
    },
    onFrame(fn) {
      frameListeners.add(fn)
      return () => frameListeners.delete(fn)
    },
    onStatus(fn) {
      const onStatus = ({ status }: { status: string }) => {
        if (status === 'connected') fn(true)
        else if (status === 'disconnected') fn(false)
      }
      const onClose = () => fn(false)
      provider.on('status', onStatus)
      provider.on('connection-close', onClose)
      return () => {
        provider.off('status', onStatus)
        provider.off('connection-close', onClose)
      }
    },
  }
}
