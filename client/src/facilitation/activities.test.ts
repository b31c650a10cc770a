// @vitest-environment jsdom
import { META_PRIVATE, initialFacilitationState, type FacilitationState } from '@circleboard/shared'
import { beforeEach, describe, expect, it } from 'vitest'
import { isPrivateRecord, isRoundRevealed, privateRoundOf } from './privateWriting'
import { dotsLeftText, loadDots, newVoteId, saveDots } from './votes'

describe('private writing: which records stay on the device', () => {
  const note = (meta: Record<string, unknown>) => ({ typeName: 'shape', id: 'shape:a', meta }) as never
  it('a shape with a round mark is private; anything else is not', () => {
    expect(isPrivateRecord(note({ [META_PRIVATE]: 'r1' }))).toBe(true)
    expect(privateRoundOf(note({ [META_PRIVATE]: 'r1' }))).toBe('r1')
    expect(isPrivateRecord(note({}))).toBe(false)
    expect(isPrivateRecord(note({ [META_PRIVATE]: '' }))).toBe(false)
    expect(isPrivateRecord(note({ [META_PRIVATE]: 7 }))).toBe(false)
    expect(isPrivateRecord({ typeName: 'page', id: 'page:p', meta: { [META_PRIVATE]: 'r1' } } as never)).toBe(false)
  })
  it('a round is revealed when the state says so now, or lists it among earlier reveals', () => {
    const s: FacilitationState = { ...initialFacilitationState(), privateWriting: { round: 'r2', status: 'writing' }, revealedRounds: ['r1'] }
    expect(isRoundRevealed(s, 'r1')).toBe(true)
    expect(isRoundRevealed(s, 'r2')).toBe(false)
    expect(isRoundRevealed({ ...s, privateWriting: { round: 'r2', status: 'revealed' } }, 'r2')).toBe(true)
    // ended without a reveal: stays private
    expect(isRoundRevealed({ ...s, privateWriting: { round: 'r2', status: 'ended' } }, 'r2')).toBe(false)
  })
})

describe('dot voting on the device', () => {
  beforeEach(() => localStorage.clear())
  it('keeps this person’s dots per board and vote', () => {
    expect(loadDots('room1', 'v1')).toBeNull()
    saveDots('room1', 'v1', ['shape:a', 'shape:b'])
    expect(loadDots('room1', 'v1')).toEqual(['shape:a', 'shape:b'])
    expect(loadDots('room2', 'v1')).toBeNull()
    expect(loadDots('room1', 'v2')).toBeNull()
    saveDots('room1', 'v1', [])
    expect(loadDots('room1', 'v1')).toEqual([])
  })
  it('ignores what it cannot read, and forgets old votes of a board', () => {
    localStorage.setItem('circleboard.dots.room1.v9', '{nope')
    expect(loadDots('room1', 'v9')).toBeNull()
    for (let i = 0; i < 8; i++) saveDots('room1', `old${i}`, ['shape:x'])
    const kept = Object.keys(localStorage).filter((k) => k.startsWith('circleboard.dots.room1.'))
    expect(kept.length).toBeLessThanOrEqual(6)
    expect(loadDots('room1', 'old7')).toEqual(['shape:x'])
  })
  it('says how many dots are left', () => {
    const vote = { id: 'v1', title: '', scope: { kind: 'board' as const }, dots: 3, status: 'open' as const }
    expect(dotsLeftText(vote, 1)).toBe('2 of 3 dots left')
    expect(dotsLeftText({ ...vote, dots: 1 }, 0)).toBe('1 of 1 dot left')
    expect(dotsLeftText(vote, 5)).toBe('0 of 3 dots left')
    expect(newVoteId()).toMatch(/^[A-Za-z0-9_-]{1,64}$/)
  })
})
