/**
 * The relay's versions of one board, over the board's own websocket (message type
 * VERSIONS_MESSAGE_TYPE, shared/src/versions.ts). A save travels after the sender's edits on the
 * same socket, so everything written before "Save a version" is in it.
 *
 * Keeps the list the relay sends (on join and whenever it changes); `save` and `rename` resolve on
 * the matching `saved` answer and reject on the matching `error`, or after a timeout with a message
 * a person can read. Everything received is validated; a bad frame is dropped and logged.
 */
import { atom } from 'tldraw'
import type { WebsocketProvider } from 'y-websocket'
import { providerFrameTransport, type FrameTransport } from '../sync/frameTransport'
import {
  VERSIONS_MESSAGE_TYPE,
  encodeVersionsFrame,
  parseVersionsServerMessage,
  readVersionsPayload,
  type VersionInfo,
  type VersionReason,
  type VersionsClientMessage,
  type VersionsServerMessage,
} from '@circleboard/shared'

/** What VersionsClient needs of a connection (the same shape as the facilitation transport). */
export type VersionsTransport = FrameTransport

export class VersionsRequestError extends Error {}

export const SAVE_TIMEOUT_MS = 8000

interface Pending {
  /** The version saved or renamed; null for a delete. */
  resolve(v: VersionInfo | null): void
  reject(e: Error): void
  timer: ReturnType<typeof setTimeout>
}

/** A save or rename is answered with the version ('saved'), never with 'deleted'. */
const answered = (v: VersionInfo | null): VersionInfo => {
  if (!v) throw new VersionsRequestError('The relay answered something else.')
  return v
}

let reqSeq = 0
const newReqId = () => `r${Date.now().toString(36)}${(++reqSeq).toString(36)}${Math.random().toString(36).slice(2, 8)}`

export class VersionsClient {
  /** The relay's versions, newest first (empty until the relay has listed them). */
  readonly $versions = atom<VersionInfo[]>('relay versions', [])
  /** The relay has answered on this connection (it implements versions and can be asked now). */
  readonly $live = atom('versions live', false)
  /** The last error the relay sent that answered no request (shown in the panel). */
  readonly $error = atom<string | null>('versions error', null)

  private transport: VersionsTransport | null = null
  private unsubs: (() => void)[] = []
  private pending = new Map<string, Pending>()

  constructor(private readonly opts: { timeoutMs?: number } = {}) {}

  attach(transport: VersionsTransport): void {
    this.detach()
    this.transport = transport
    this.unsubs.push(transport.onFrame((p) => this.receive(p)))
    this.unsubs.push(transport.onStatus((open) => (open ? this.requestList() : this.onClose())))
    if (transport.isOpen()) this.requestList()
  }

  private detach() {
    for (const u of this.unsubs) u()
    this.unsubs = []
    this.onClose()
    this.transport = null
  }

  destroy(): void {
    this.detach()
  }

  /** Whether a save can go to the relay now (connected, and the relay speaks versions). */
  canSave(): boolean {
    return this.$live.get() && !!this.transport?.isOpen()
  }

  requestList(): boolean {
    return this.post({ t: 'list' })
  }

  save(name: string, reason: VersionReason, author: string, timeoutMs?: number): Promise<VersionInfo> {
    return this.request((reqId) => ({ t: 'save', reqId, name: name.trim().slice(0, 100), reason, author: author.slice(0, 100) }), timeoutMs).then(answered)
  }

  rename(n: number, name: string): Promise<VersionInfo> {
    const clean = name.trim().slice(0, 100)
    if (!clean) return Promise.reject(new VersionsRequestError('A version needs a name.'))
    return this.request((reqId) => ({ t: 'rename', reqId, n, name: clean })).then(answered)
  }

  /** Deletes a version on the relay (the facilitator only: the relay refuses anyone else). */
  delete(n: number): Promise<void> {
    return this.request((reqId) => ({ t: 'delete', reqId, n })).then(() => undefined)
  }

  private request(make: (reqId: string) => VersionsClientMessage, timeoutMs?: number): Promise<VersionInfo | null> {
    const reqId = newReqId()
    return new Promise<VersionInfo | null>((resolve, reject) => {
      if (!this.post(make(reqId))) {
        reject(new VersionsRequestError('Not connected to the relay.'))
        return
      }
      const timer = setTimeout(() => {
        this.pending.delete(reqId)
        reject(new VersionsRequestError('The relay did not answer in time. The version may not have been saved.'))
      }, timeoutMs ?? this.opts.timeoutMs ?? SAVE_TIMEOUT_MS)
      this.pending.set(reqId, { resolve, reject, timer })
    })
  }

  private post(message: VersionsClientMessage): boolean {
    const t = this.transport
    if (!t || !t.isOpen()) return false
    return t.send(encodeVersionsFrame(message))
  }

  private onClose() {
    this.$live.set(false)
    for (const [, p] of this.pending) {
      clearTimeout(p.timer)
      p.reject(new VersionsRequestError('The connection to the relay closed before it answered. The version may not have been saved.'))
    }
    this.pending.clear()
  }

  /** Handles the bytes of one version frame; anything malformed is dropped (and logged). */
  receive(payload: Uint8Array): void {
    let msg: VersionsServerMessage
    try {
      msg = parseVersionsServerMessage(readVersionsPayload(payload))
    } catch (e) {
      console.warn('[circleboard] dropped a version frame', (e as Error).message)
      return
    }
    this.handle(msg)
  }

  handle(msg: VersionsServerMessage): void {
    switch (msg.t) {
      case 'list': {
        // Newest first whatever order arrived; one entry per number.
        const seen = new Set<number>()
        const list = msg.versions.filter((v) => !seen.has(v.n) && seen.add(v.n)).map((v) => ({ ...v, local: undefined }))
        list.sort((a, b) => b.createdAt - a.createdAt || b.n - a.n)
        this.$versions.set(list)
        this.$live.set(true)
        return
      }
      case 'saved': {
        this.$live.set(true)
        const v = { ...msg.version, local: undefined }
        // Show it at once; the relay's next list confirms it.
        const rest = this.$versions.get().filter((x) => x.n !== v.n)
        this.$versions.set([v, ...rest].sort((a, b) => b.createdAt - a.createdAt || b.n - a.n))
        this.take(msg.reqId)?.resolve(v)
        return
      }
      case 'deleted': {
        // Gone from the list at once; the relay's next list confirms it.
        this.$versions.set(this.$versions.get().filter((x) => x.n !== msg.n))
        this.take(msg.reqId)?.resolve(null)
        return
      }
      case 'error': {
        const p = msg.reqId ? this.take(msg.reqId) : undefined
        if (p) p.reject(new VersionsRequestError(msg.message))
        else this.$error.set(msg.message)
        return
      }
    }
  }

  /** The request waiting for this answer, no longer waiting (undefined: none, or it timed out). */
  private take(reqId: string): Pending | undefined {
    const p = this.pending.get(reqId)
    if (!p) return undefined
    this.pending.delete(reqId)
    clearTimeout(p.timer)
    return p
  }
}

/** The board socket's transport for this message type (sync/frameTransport.ts). */
export function versionsProviderTransport(provider: WebsocketProvider): VersionsTransport {
  return providerFrameTransport(provider, VERSIONS_MESSAGE_TYPE)
}
