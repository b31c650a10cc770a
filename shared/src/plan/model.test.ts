import { describe, expect, it } from 'vitest'
import { parsePlan, parsePlanText, planToJson } from './model'
import { samplePlan } from './fixtures.test-helpers'

describe('parsePlan', () => {
  it('accepts a good plan and survives a JSON round trip', () => {
    const plan = samplePlan()
    const r = parsePlanText(planToJson(plan))
    expect(r).toEqual({ ok: true, plan })
  })

  it('drops unknown fields (forward compatible)', () => {
    const r = parsePlan({ ...samplePlan(), futureField: 1 })
    expect(r.ok && 'futureField' in r.plan).toBe(false)
  })

  it('refuses a newer version with a message saying so', () => {
    const r = parsePlan({ ...samplePlan(), version: 2 })
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/newer Circleboard \(plan format version 2\).*Update/) })
  })

  it('says what it got instead of a plan', () => {
    expect(parsePlan({ format: 'circleboard-board', version: 1 })).toMatchObject({ ok: false, error: expect.stringMatching(/board file/) })
    expect(parsePlan({ tldrawFileFormatVersion: 1, records: [] })).toMatchObject({ ok: false, error: expect.stringMatching(/tldraw file/) })
    expect(parsePlan([1, 2])).toMatchObject({ ok: false, error: expect.stringMatching(/JSON object/) })
    expect(parsePlanText('{nope')).toMatchObject({ ok: false, error: expect.stringMatching(/not valid JSON/) })
    expect(parsePlan({ format: 'circleboard-plan' })).toMatchObject({ ok: false, error: expect.stringMatching(/version/) })
  })

  it('points at the bad field', () => {
    const bad = samplePlan() as any
    bad.sections[0].actions.oneMonth[0].status = 'finished'
    bad.sessionDate = '12/01/2027'
    const r = parsePlan(bad)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error).toContain('sections[0].actions.oneMonth[0].status')
      expect(r.error).toContain('sessionDate: expected a date written YYYY-MM-DD')
    }
  })

  it('rejects an unknown section template', () => {
    const bad = samplePlan() as any
    bad.sections[1].template = 'maps'
    expect(parsePlan(bad).ok).toBe(false)
  })

  it('reads the people who took part, and still reads a version 1 plan written before they existed', () => {
    const withPeople = { ...samplePlan(), participants: ['J', 'Mo', 'Sam'] }
    expect(parsePlanText(planToJson(withPeople))).toEqual({ ok: true, plan: withPeople })
    const older = JSON.parse(planToJson(samplePlan()))
    expect('participants' in older).toBe(false)
    const r = parsePlan(older)
    expect(r.ok && r.plan.participants).toBeUndefined()
    expect(r.ok && r.plan.version).toBe(1)
  })

  it('bounds the people list', () => {
    expect(parsePlan({ ...samplePlan(), participants: 'Mo' }).ok).toBe(false)
    expect(parsePlan({ ...samplePlan(), participants: Array.from({ length: 201 }, (_, i) => `P${i}`) }).ok).toBe(false)
    expect(parsePlan({ ...samplePlan(), participants: ['x'.repeat(121)] }).ok).toBe(false)
  })
})
