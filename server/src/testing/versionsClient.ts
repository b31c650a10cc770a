/**
 * A stock y-websocket client that also speaks version frames (message type 8): it records every
 * version message the relay sends and can send its own, on the same socket as its edits (so a
 * save sent after an edit follows it, as the app's does).
 */
import {
  FACILITATOR_SOCKET_PARAM,
  encodeVersionsFrame,
  parseVersionsServerMessage,
  readVersionsPayload,
  VERSIONS_MESSAGE_TYPE,
  type VersionsClientMessage,
  type VersionsServerMessage,
} from '@circleboard/shared'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { Relay } from '../relay/Relay'
import { waitFor, wsUrl, type TestClient } from './relayHarness'

type Msg<T extends VersionsServerMessage['t']> = Extract<VersionsServerMessage, { t: T }>

export type VersionsClient = TestClient & {
  /** Every version message received, oldest first. */
  received: VersionsServerMessage[]
  send(message: VersionsClientMessage): void
  /** Resolves with the first message from index `from` on (default: from now) that matches. */
  next<T extends VersionsServerMessage['t']>(t: T, match?: (m: Msg<T>) => boolean, from?: number): Promise<Msg<T>>
  all<T extends VersionsServerMessage['t']>(t: T): Msg<T>[]
  /** The newest list received (null before the first). */
  lastList(): Msg<'list'> | null
}

export function connectVersionsClient(
  relay: Pick<Relay, 'url'>,
  roomOrToken: string,
  opts: { path?: 'sync' | 'view'; facilitatorKey?: string } = {},
): VersionsClient {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`${wsUrl(relay)}/${opts.path ?? 'sync'}`, roomOrToken, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: opts.facilitatorKey ? { [FACILITATOR_SOCKET_PARAM]: opts.facilitatorKey } : {},
    disableBc: true,
    maxBackoffTime: 200,
  })
  const received: VersionsServerMessage[] = []
  provider.messageHandlers[VERSIONS_MESSAGE_TYPE] = (_encoder, decoder) => {
    received.push(parseVersionsServerMessage(readVersionsPayload(decoder.arr.subarray(decoder.pos))))
  }
  const all = <T extends VersionsServerMessage['t']>(t: T) => received.filter((m): m is Msg<T> => m.t === t)
  return {
    doc,
    provider,
    received,
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
    send(message) {
      if (!provider.ws || provider.ws.readyState !== provider.ws.OPEN) throw new Error('not connected')
      provider.ws.send(encodeVersionsFrame(message))
    },
    all,
    lastList: () => all('list').at(-1) ?? null,
    async next(t, match, from = received.length) {
      let found: Msg<typeof t> | undefined
      await waitFor(() => {
        found = received.slice(from).find((m): m is Msg<typeof t> => m.t === t && (!match || match(m as Msg<typeof t>)))
        return found !== undefined
      }, `a ${t} version message`)
      return found!
    },
  }
}
