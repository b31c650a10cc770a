import { describe, expect, it } from 'vitest'
import { parsePlan } from '@circleboard/shared'
import type { Plan } from '@circleboard/shared'
import { boardToPlan, readParticipants } from './extract'
import { MAX_IMPORT_ITEMS, MAX_IMPORT_SECTIONS, planEntryCount, planToBoard } from './import'
import { jPathBoardRecords } from './examples'

const NOW = new Date('2027-01-20T12:00:00Z')

/**
 * A valid PATH plan with `n` more items than J's PATH, spread over lists of at most 10,000 (the
 * schema's cap per list); the audit's 1 MB file had 50,038.
 */
function bigPlan(n: number): Plan {
  const plan = boardToPlan(jPathBoardRecords(), { now: NOW })
  const s = plan.sections[0]
  if (s.template !== 'path') throw new Error('expected PATH')
  const lists = [s.gettingStronger, s.dream.items, s.goal.items, s.now.items, s.actions.oneMonth, s.enrol] as unknown[][]
  for (let i = 0; i < n; i++) {
    const list = lists[Math.floor(i / 9_000)]
    if (list === s.actions.oneMonth) list.push({ what: `Step ${i}`, who: 'Sam', when: '', status: 'todo' })
    else if (list === s.enrol) list.push({ person: `Friend ${i}`, asks: 'Dad' })
    else list.push({ text: `Strength ${i}` })
  }
  const parsed = parsePlan(JSON.parse(JSON.stringify(plan)))
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.plan
}

describe('plan import is bounded (audit F14)', () => {
  it('counts every entry that would become a shape', () => {
    const plan = boardToPlan(jPathBoardRecords(), { now: NOW })
    const base = planEntryCount(plan)
    expect(base).toBeGreaterThan(5)
    expect(planEntryCount(bigPlan(100))).toBe(base + 100)
    expect(planEntryCount(bigPlan(50_000))).toBe(base + 50_000)
  })

  it('refuses a 50,000-item plan before building anything, saying what to do', () => {
    const plan = bigPlan(50_000)
    expect(() => planToBoard(plan)).toThrow(/50,0\d\d items; Circleboard imports at most 5,000 at once.*Split it into smaller plan files/)
  })

  it('still imports a plan just under the cap', () => {
    const plan = bigPlan(MAX_IMPORT_ITEMS - planEntryCount(bigPlan(0)))
    expect(planEntryCount(plan)).toBe(MAX_IMPORT_ITEMS)
    const { records } = planToBoard(plan, { withDocumentAndPage: false })
    expect(records.filter((r) => r.typeName === 'shape').length).toBeGreaterThan(MAX_IMPORT_ITEMS)
  })

  it('refuses more templates than the cap', () => {
    const one = boardToPlan(jPathBoardRecords(), { now: NOW })
    const plan = { ...one, sections: Array.from({ length: MAX_IMPORT_SECTIONS + 1 }, (_, i) => ({ ...one.sections[0], instanceId: `p${i}` })) }
    expect(() => planToBoard(plan)).toThrow(/51 templates; Circleboard imports at most 50/)
  })
})

describe('the people who took part', () => {
  it('travel from a plan to a board (document meta) and back', () => {
    const plan = { ...boardToPlan(jPathBoardRecords(), { now: NOW }), participants: ['J', 'Mo', 'Sam'] }
    const back = boardToPlan(planToBoard(plan).records, { now: NOW })
    expect(back.participants).toEqual(['J', 'Mo', 'Sam'])
    expect(back.reviewDate).toBe(plan.reviewDate)
  })
  it('are read leniently from hostile meta: strings only, trimmed, no blanks or repeats, capped', () => {
    expect(readParticipants(['  Mo ', 'Mo', '', 3, null, 'Sam\n Jones', 'x'.repeat(500)])).toEqual(['Mo', 'Sam Jones', 'x'.repeat(120)])
    expect(readParticipants('Mo')).toEqual([])
    expect(readParticipants(Array.from({ length: 5000 }, (_, i) => `P${i}`))).toHaveLength(200)
    const plan = boardToPlan(jPathBoardRecords(), { now: NOW })
    expect('participants' in plan).toBe(false)
  })
})
