/**
 * UI state the board bar, the history panel and the version view share (mounted in different
 * places of BoardPage): whether the panel is open, the version being looked at, and what the
 * compare form starts with.
 */
import { useSyncExternalStore } from 'react'
import type { TLRecord } from 'tldraw'
import type { VersionInfo } from '@circleboard/shared'
import { planUi } from '../plan/uiState'

export interface LookingAt {
  version: VersionInfo
  records: TLRecord[]
  /** Records of the version left out because they could not be read. */
  dropped: number
}

export interface HistoryUiState {
  open: boolean
  looking: LookingAt | null
  /** Set by "Compare with now": the panel's compare form starts from this version. */
  compareFrom: string | null
}

let state: HistoryUiState = { open: false, looking: null, compareFrom: null }
const listeners = new Set<() => void>()

export const historyUi = {
  get: () => state,
  subscribe(fn: () => void) {
    listeners.add(fn)
    return () => void listeners.delete(fn)
  },
  set(patch: Partial<HistoryUiState>) {
    state = { ...state, ...patch }
    for (const fn of listeners) fn()
  },
  reset() {
    state = { open: false, looking: null, compareFrom: null }
    for (const fn of listeners) fn()
  },
}

export function useHistoryUi(): HistoryUiState {
  return useSyncExternalStore(historyUi.subscribe, historyUi.get)
}

/** Opens or closes the panel (the bar's History button). */
export function toggleHistory() {
  const open = !historyUi.get().open
  if (open && planUi.get().panelOpen) planUi.set({ panelOpen: false })
  historyUi.set({ open })
}
