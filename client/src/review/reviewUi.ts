/**
 * Which review is open, if any. Kept outside React (like plan/uiState.ts) because a review is
 * started from places mounted far from the panel: the versions history panel and the export
 * dialog's "What changed since last time".
 */
import { useSyncExternalStore } from 'react'
import type { Plan } from '@circleboard/shared'
import { planUi } from '../plan/uiState'

export interface ReviewRequest {
  /** The saved version's plan: the actions the review goes through. */
  basePlan: Plan
  /** How the facilitator knows that version ("3-month review", "js-path-plan-2027-01-12.json"). */
  baseTitle: string
  /** When it was saved (ISO date-time); defaults to the plan's own export time. */
  baseSavedAt?: string
  /** Changes with every start, so starting again opens a fresh panel. */
  id: number
}

export interface StartReviewOptions {
  /** When the version was saved: an ISO date-time or ms since the epoch (VersionInfo.createdAt). */
  savedAt?: string | number
}

let current: ReviewRequest | null = null
let nextId = 1
/** Whether the plan panel was open when the review started (it is closed meanwhile, and comes back). */
let planPanelWasOpen = false
const listeners = new Set<() => void>()
const emit = () => listeners.forEach((fn) => fn())

function iso(at: string | number | undefined): string | undefined {
  if (at === undefined) return undefined
  const t = typeof at === 'number' ? at : Date.parse(at)
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined
}

export const reviewUi = {
  get: () => current,
  subscribe(fn: () => void) {
    listeners.add(fn)
    return () => void listeners.delete(fn)
  },
  start(basePlan: Plan, baseTitle: string, opts: StartReviewOptions = {}) {
    if (!current) {
      // The review panel takes the plan panel's place beside the canvas (both would leave a
      // 1024-px screen almost no board); it comes back when the review closes.
      planPanelWasOpen = planUi.get().panelOpen
      if (planPanelWasOpen) planUi.set({ panelOpen: false })
    }
    current = {
      basePlan,
      baseTitle: baseTitle.trim().slice(0, 500) || 'the saved plan',
      baseSavedAt: iso(opts.savedAt) ?? basePlan.board.exportedAt,
      id: nextId++,
    }
    emit()
  },
  close() {
    if (!current) return
    current = null
    if (planPanelWasOpen && !planUi.get().panelOpen) planUi.set({ panelOpen: true })
    planPanelWasOpen = false
    emit()
  },
}

/**
 * The review state for BoardPage and for whoever starts a review:
 * `startReview(plan, title, { savedAt })` opens the review panel against that plan; `close()` ends it.
 */
export function useReview(): {
  review: ReviewRequest | null
  startReview(basePlan: Plan, baseTitle: string, opts?: StartReviewOptions): void
  close(): void
} {
  const review = useSyncExternalStore(reviewUi.subscribe, reviewUi.get)
  return { review, startReview: reviewUi.start, close: reviewUi.close }
}
