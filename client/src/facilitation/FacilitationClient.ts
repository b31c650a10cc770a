/**
 * FacilitationHandle over the board's relay socket. Facilitation frames travel on the same
 * y-websocket connection as sync and awareness, under their own message type (see
 * shared/src/facilitation.ts), so role, state and the board always arrive together and a
 * reconnect brings everything back at once.
 *
 * The transport is a small interface so the logic can be tested without a socket; providerTransport
 * adapts a y-websocket WebsocketProvider to it.
 */
import { atom } from 'tldraw'
import type { WebsocketProvider } from 'y-websocket'
import { providerFrameTransport, type FrameTransport } from '../sync/frameTransport'
import {
  FACILITATION_MESSAGE_TYPE,
  encodeFacilitationFrame,
  initialFacilitationState,
  parseServerMessage,
  readFacilitationPayload,
  type FacilitationClientMessage,
  type FacilitationCommand,
  type FacilitationServerMessage,
  type FacilitationState,
  type Role,
} from '@circleboard/shared'
import type { FacilitationHandle, VoteProgress, VoteTally } from './api'
import { addSample, bestOffset, clockSample, type ClockSample } from './clock'

export type SummonEvent = Parameters<Parameters<FacilitationHandle['onSummon']>[0]>[0]

/** What FacilitationClient needs of a connection. */
export type FacilitationTransport = FrameTransport

export interface FacilitationClientOptions {
  /** What the link asks for; shown until the relay answers. */
  requestedRole: Role
  /** The person's id (voter id in votes). */
  userId: string
  /** Device clock; tests pass their own. */
  now?: () => number
  /** Probes sent right after connecting (a few, because the first round trip is often slow). */
  initialProbes?: number
  probeSpacingMs?: number
  /** Re-measure the clock this often while connected. */
  probeIntervalMs?: number
  /**
   * Called when the relay gives less than facilitator to a connection that asked for it. Returning
   * true keeps its notice from the person (a key they never knew they had, see roles.ts).
   */
  onFacilitatorRefused?: (notice: string | undefined) => boolean | void
}

const MAX_PENDING_PROBES = 16

export class FacilitationClient implements FacilitationHandle {
  readonly $role
  readonly $state = atom<FacilitationState>('facilitation state', initialFacilitationState())
  readonly $live = atom('facilitation live', false)
  readonly $tally = atom<VoteTally | null>('facilitation tally', null)
  readonly $progress = atom<VoteProgress | null>('facilitation progress', null)
  readonly $myDots = atom<string[]>('facilitation my dots', [])
  readonly $notice = atom<{ text: string; at: number } | null>('facilitation notice', null)
  /** The notice of the last welcome (a facilitator key the relay did not accept), if any. */
  readonly $welcomeNotice = atom<string | null>('facilitation welcome notice', null)

  private transport: FacilitationTransport | null = null
  private unsubs: (() => void)[] = []
  private summonListeners = new Set<(e: SummonEvent) => void>()
  private samples: ClockSample[] = []
  /** Offset from the last welcome/state `now`, used until a probe has come back. */
  private roughOffset = 0
  private probes = new Map<number, number>()
  private probeSeq = 0
  private timers: ReturnType<typeof setTimeout>[] = []
  private interval: ReturnType<typeof setInterval> | null = null
  /** This person changed their dots while the relay could not hear: resend on reconnect. */
  private dotsUnsent = false
  private destroyed = false
  private readonly clock: () => number

  constructor(private readonly opts: FacilitationClientOptions) {
    this.$role = atom<Role>('facilitation role', opts.requestedRole)
    this.clock = opts.now ?? (() => Date.now())
  }

  attach(transport: FacilitationTransport): void {
    this.detach()
    this.transport = transport
    this.unsubs.push(transport.onFrame((payload) => this.receive(payload)))
    this.unsubs.push(transport.onStatus((open) => (open ? this.onOpen() : this.onClose())))
    if (transport.isOpen()) this.onOpen()
  }

  private detach() {
    for (const u of this.unsubs) u()
    this.unsubs = []
    this.onClose()
    this.transport = null
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.detach()
    this.summonListeners.clear()
  }

  // --- FacilitationHandle -----------------------------------------------------------------

  relayNow(): number {
    const offset = bestOffset(this.samples) ?? this.roughOffset
    return this.clock() + offset
  }

  send(cmd: FacilitationCommand): void {
    if (this.$role.get() !== 'facilitator') {
      this.notify('Only a facilitator can do that.')
      return
    }
    if (!this.$live.get() || !this.post({ t: 'cmd', cmd })) {
      this.notify('Not connected to the relay: that did not reach anyone. Try again when the connection is back.')
    }
  }

  setMyDots(shapeIds: string[]): void {
    const ids = [...new Set(shapeIds)]
    this.$myDots.set(ids)
    const vote = this.$state.get().vote
    if (!vote || vote.status !== 'open') return
    this.dotsUnsent = !this.post({ t: 'dots', voteId: vote.id, voterId: this.opts.userId, shapeIds: ids })
  }

  onSummon(listener: (e: SummonEvent) => void): () => void {
    this.summonListeners.add(listener)
    return () => this.summonListeners.delete(listener)
  }

  // --- connection ---------------------------------------------------------------------------

  private onOpen() {
    this.clearTimers()
    const n = this.opts.initialProbes ?? 3
    const spacing = this.opts.probeSpacingMs ?? 400
    for (let i = 0; i < n; i++) this.timers.push(setTimeout(() => this.probe(), i * spacing))
    this.interval = setInterval(() => this.probe(), this.opts.probeIntervalMs ?? 30_000)
  }

  private onClose() {
    this.clearTimers()
    this.probes.clear()
    this.$live.set(false)
  }

  private clearTimers() {
    for (const t of this.timers) clearTimeout(t)
    this.timers = []
    if (this.interval) clearInterval(this.interval)
    this.interval = null
  }

  /** Asks the relay for its time (the answer becomes a clock sample). */
  probe(): void {
    const id = ++this.probeSeq
    const sentAt = this.clock()
    if (!this.post({ t: 'time', id })) return
    this.probes.set(id, sentAt)
    // An unanswered probe must not pile up.
    if (this.probes.size > MAX_PENDING_PROBES) this.probes.delete(this.probes.keys().next().value as number)
  }

  private post(message: FacilitationClientMessage): boolean {
    const t = this.transport
    if (!t || !t.isOpen()) return false
    return t.send(encodeFacilitationFrame(message))
  }

  private notify(text: string) {
    this.$notice.set({ text, at: this.clock() })
  }

  /** Handles the bytes of one facilitation frame; anything malformed is dropped (and logged). */
  receive(payload: Uint8Array): void {
    let msg: FacilitationServerMessage
    try {
      msg = parseServerMessage(readFacilitationPayload(payload))
    } catch (e) {
      console.warn('[circleboard] dropped a facilitation frame', (e as Error).message)
      return
    }
    this.handle(msg)
  }

  handle(msg: FacilitationServerMessage): void {
    switch (msg.t) {
      case 'welcome':
      {
        this.$role.set(msg.role)
        const refused = this.opts.requestedRole === 'facilitator' && msg.role !== 'facilitator'
        const quiet = refused && this.opts.onFacilitatorRefused?.(msg.notice) === true
        const notice = quiet ? null : (msg.notice ?? (refused ? 'The relay did not accept this facilitator link: you take part as a participant.' : null))
        this.$welcomeNotice.set(notice)
        if (notice) this.notify(notice)
        this.roughOffset = msg.now - this.clock()
        this.setState(msg.state, true)
        this.$live.set(true)
        this.resendDots()
        return
      }
      case 'state':
        this.roughOffset = msg.now - this.clock()
        this.setState(msg.state, false)
        return
      case 'event':
        for (const fn of [...this.summonListeners]) {
          try {
            fn({ userId: msg.event.userId, name: msg.event.name, pageId: msg.event.pageId, bounds: msg.event.bounds })
          } catch (e) {
            console.error('[circleboard] summon listener failed', e)
          }
        }
        return
      case 'refused':
        this.notify(msg.reason)
        return
      case 'tally':
        this.$tally.set({ voteId: msg.voteId, counts: msg.counts, voters: msg.voters })
        return
      case 'progress':
        this.$progress.set({ voteId: msg.voteId, voters: msg.voters, dots: msg.dots })
        return
      case 'myDots': {
        const vote = this.$state.get().vote
        // Our own unsent choice is newer than what the relay holds.
        if (vote?.id === msg.voteId && !this.dotsUnsent) this.$myDots.set(msg.shapeIds)
        return
      }
      case 'time': {
        const sentAt = this.probes.get(msg.id)
        if (sentAt === undefined) return
        this.probes.delete(msg.id)
        const s = clockSample(sentAt, msg.now, this.clock())
        if (s) this.samples = addSample(this.samples, s)
        return
      }
    }
  }

  private setState(next: FacilitationState, fromWelcome: boolean) {
    const prev = this.$state.get()
    // Frames arrive in order on one socket, but a state older than ours is never news.
    if (!fromWelcome && next.seq < prev.seq) return
    this.$state.set(next)
    const voteId = next.vote?.id ?? null
    if (voteId !== (prev.vote?.id ?? null)) {
      this.$myDots.set([])
      this.dotsUnsent = false
    }
    if (this.$tally.get() && this.$tally.get()!.voteId !== voteId) this.$tally.set(null)
    if (this.$progress.get() && (this.$progress.get()!.voteId !== voteId || next.vote?.status !== 'open')) this.$progress.set(null)
  }

  private resendDots() {
    const vote = this.$state.get().vote
    if (!this.dotsUnsent || !vote || vote.status !== 'open') return
    this.dotsUnsent = !this.post({ t: 'dots', voteId: vote.id, voterId: this.opts.userId, shapeIds: this.$myDots.get() })
  }
}

/** The board socket's transport for this message type (sync/frameTransport.ts). */
export function providerTransport(provider: WebsocketProvider): FacilitationTransport {
  return providerFrameTransport(provider, FACILITATION_MESSAGE_TYPE)
}
