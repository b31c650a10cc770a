// The review's open/close state: a fresh panel per start, the plan panel set aside and given back.
import { describe, expect, it } from 'vitest'
import type { Plan } from '@circleboard/shared'
import { planUi } from '../plan/uiState'
import { reviewUi } from './reviewUi'

const plan: Plan = { format: 'circleboard-plan', version: 1, board: { name: 'B', exportedAt: '2027-01-12T17:00:00.000Z' }, sections: [] }

describe('reviewUi', () => {
  it('starts with a title and save time, closes the plan panel meanwhile and opens it again after', () => {
    planUi.set({ panelOpen: true })
    let calls = 0
    const stop = reviewUi.subscribe(() => calls++)
    reviewUi.start(plan, '  3-month review ', { savedAt: Date.UTC(2027, 3, 13, 9) })
    const first = reviewUi.get()!
    expect(first).toMatchObject({ baseTitle: '3-month review', baseSavedAt: '2027-04-13T09:00:00.000Z' })
    expect(planUi.get().panelOpen).toBe(false)
    // Starting again (another version) opens a fresh panel; the plan panel stays set aside.
    reviewUi.start(plan, '')
    expect(reviewUi.get()!.id).not.toBe(first.id)
    expect(reviewUi.get()).toMatchObject({ baseTitle: 'the saved plan', baseSavedAt: plan.board.exportedAt })
    reviewUi.close()
    expect(reviewUi.get()).toBeNull()
    expect(planUi.get().panelOpen).toBe(true)
    expect(calls).toBe(3)
    stop()
  })

  it('leaves a closed plan panel closed, and ignores an unreadable save time', () => {
    planUi.set({ panelOpen: false })
    reviewUi.start(plan, 'v', { savedAt: 'last week' })
    expect(reviewUi.get()!.baseSavedAt).toBe(plan.board.exportedAt)
    reviewUi.close()
    expect(planUi.get().panelOpen).toBe(false)
    reviewUi.close()
  })
})
