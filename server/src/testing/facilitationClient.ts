/**
 * A stock y-websocket client that also speaks facilitation frames (message type 7): it records
 * every facilitation message the relay sends and can send its own. The board sync is the stock
 * provider's, so a test can play a tampered client by writing to `doc` directly.
 */
import {
  encodeFacilitationFrame,
  FACILITATION_MESSAGE_TYPE,
  FACILITATOR_SOCKET_PARAM,
  parseServerMessage,
  readFacilitationPayload,
  type FacilitationClientMessage,
  type FacilitationServerMessage,
} from '@circleboard/shared'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { Relay } from '../relay/Relay'
import { waitFor, wsUrl, type TestClient } from './relayHarness'

export type FacClient = TestClient & {
  /** Every facilitation message received, oldest first. */
  received: FacilitationServerMessage[]
  send(message: FacilitationClientMessage): void
  /** Resolves with the first message received from now on (or already after `from`) that matches. */
  next<T extends FacilitationServerMessage['t']>(
    t: T,
    match?: (m: Extract<FacilitationServerMessage, { t: T }>) => boolean,
    from?: number,
  ): Promise<Extract<FacilitationServerMessage, { t: T }>>
  /** Messages of one kind received so far. */
  all<T extends FacilitationServerMessage['t']>(t: T): Extract<FacilitationServerMessage, { t: T }>[]
}

export function connectFacClient(
  relay: Pick<Relay, 'url'>,
  roomOrToken: string,
  opts: { key?: string; path?: 'sync' | 'view'; doc?: Y.Doc } = {},
): FacClient {
  const doc = opts.doc ?? new Y.Doc()
  const provider = new WebsocketProvider(`${wsUrl(relay)}/${opts.path ?? 'sync'}`, roomOrToken, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
    params: opts.key ? { [FACILITATOR_SOCKET_PARAM]: opts.key } : {},
  })
  const received: FacilitationServerMessage[] = []
  provider.messageHandlers[FACILITATION_MESSAGE_TYPE] = (_encoder, decoder) => {
    received.push(parseServerMessage(readFacilitationPayload(decoder.arr.subarray(decoder.pos))))
  }
  const all = <T extends FacilitationServerMessage['t']>(t: T) =>
    received.filter((m): m is Extract<FacilitationServerMessage, { t: T }> => m.t === t)
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
      provider.ws.send(encodeFacilitationFrame(message))
    },
    all,
    async next(t, match, from = received.length) {
      type M = Extract<FacilitationServerMessage, { t: typeof t }>
      let found: M | undefined
      await waitFor(() => {
        found = received.slice(from).find((m): m is M => m.t === t && (!match || match(m as M)))
        return found !== undefined
      }, `a ${t} message`)
      return found!
    },
  }
}

/** Waits until the client has its welcome (so it is admitted, synced enough to send frames). */
export async function welcomed(client: FacClient): Promise<Extract<FacilitationServerMessage, { t: 'welcome' }>> {
  return client.next('welcome', undefined, 0)
}
