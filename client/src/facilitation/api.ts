/**
 * What the board's UI sees of facilitation (shared/src/facilitation.ts has the protocol): the
 * role the relay gave this connection, the live state, the relay's clock, and the ways to act.
 * One FacilitationHandle per open board, created by the session (FacilitationClient implements it
 * over the relay socket) and handed to components through FacilitationContext.
 */
import { createContext, useContext } from 'react'
import { atom, type Atom } from 'tldraw'
import {
  initialFacilitationState,
  type FacilitationCommand,
  type FacilitationState,
  type Role,
} from '@circleboard/shared'

export interface VoteTally {
  voteId: string
  counts: Record<string, number>
  voters: number
}

export interface VoteProgress {
  voteId: string
  voters: number
  dots: number
}

export interface FacilitationHandle {
  /** The role the relay confirmed (until it answers: what the link asks for, facilitator or participant). */
  readonly $role: Atom<Role>
  readonly $state: Atom<FacilitationState>
  /** Whether the relay has sent its state since the last (re)connect. */
  readonly $live: Atom<boolean>
  /** Counts of the current vote once revealed. */
  readonly $tally: Atom<VoteTally | null>
  /** For facilitators while a vote is open. */
  readonly $progress: Atom<VoteProgress | null>
  /** This person's dots in the current vote (kept on the device while offline, sent on reconnect). */
  readonly $myDots: Atom<string[]>
  /** The latest notice to show (a refused change, a facilitator key the relay did not accept). */
  readonly $notice: Atom<{ text: string; at: number } | null>
  /** Relay time now, ms since epoch (this device's clock corrected by the measured offset). */
  relayNow(): number
  /** Sends a facilitator command; ignored (with a notice) for other roles or when offline. */
  send(cmd: FacilitationCommand): void
  /** Replaces this person's dots in the open vote. */
  setMyDots(shapeIds: string[]): void
  /** One-time events (summon). Returns an unsubscribe function. */
  onSummon(listener: (event: { userId: string; name: string; pageId: string; bounds: { x: number; y: number; w: number; h: number } }) => void): () => void
}

/** A handle with no relay behind it: the board is used alone (tests, relay not configured). */
export function createOfflineFacilitation(role: Role = 'facilitator'): FacilitationHandle {
  const $state = atom('facilitation state', initialFacilitationState())
  return {
    $role: atom('role', role),
    $state,
    $live: atom('live', false),
    $tally: atom('tally', null),
    $progress: atom('progress', null),
    $myDots: atom('my dots', []),
    $notice: atom('notice', null),
    relayNow: () => Date.now(),
    send: () => {},
    setMyDots: () => {},
    onSummon: () => () => {},
  }
}

export const FacilitationContext = createContext<FacilitationHandle | null>(null)

export function useFacilitationHandle(): FacilitationHandle {
  const handle = useContext(FacilitationContext)
  if (!handle) throw new Error('useFacilitationHandle outside FacilitationContext')
  return handle
}
