/**
 * The little bit of UI state the board bar, the plan panel and the empty-board card share (they
 * are mounted in different places of BoardPage): whether the panel is open, and the template
 * picker. The panel choice is remembered on this device.
 */
import { useSyncExternalStore } from 'react'

export interface PlanUiState {
  panelOpen: boolean
  /** null = closed; otherwise open with this template preselected. */
  picker: { templateId: string } | null
}

const PANEL_KEY = 'circleboard.planPanel'

/**
 * From this window width the plan panel sits beside the canvas; below it, it is a sheet over the
 * canvas (styles.css uses the same number).
 */
export const PANEL_BESIDE_MIN_WIDTH = 1000

function initialPanel(): boolean {
  try {
    return localStorage.getItem(PANEL_KEY) === 'open'
  } catch {
    return false
  }
}

let state: PlanUiState = { panelOpen: initialPanel(), picker: null }
const listeners = new Set<() => void>()

export const planUi = {
  get: () => state,
  subscribe(fn: () => void) {
    listeners.add(fn)
    return () => void listeners.delete(fn)
  },
  set(patch: Partial<PlanUiState>) {
    state = { ...state, ...patch }
    if ('panelOpen' in patch) {
      try {
        localStorage.setItem(PANEL_KEY, state.panelOpen ? 'open' : 'closed')
      } catch {
        // Private mode: the choice just is not remembered.
      }
    }
    for (const fn of listeners) fn()
  },
  openPicker(templateId = 'path') {
    planUi.set({ picker: { templateId } })
  },
}

export function usePlanUi(): PlanUiState {
  return useSyncExternalStore(planUi.subscribe, planUi.get)
}

export interface Notice {
  kind: 'info' | 'error'
  text: string
  /** Extra lines (what was dropped from a file), shown under the text. */
  details?: string[]
}

let notice: Notice | null = null
const noticeListeners = new Set<() => void>()

/**
 * Messages from file and export actions. Kept outside React so a message survives the page
 * switching to a newly opened board.
 */
export const notices = {
  get: () => notice,
  subscribe(fn: () => void) {
    noticeListeners.add(fn)
    return () => void noticeListeners.delete(fn)
  },
  show(n: Notice | null) {
    notice = n
    for (const fn of noticeListeners) fn()
  },
}

export function useNotice(): Notice | null {
  return useSyncExternalStore(notices.subscribe, notices.get)
}
