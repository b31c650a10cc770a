// The review's rows and figures from two plans (no editor): states, slipped, moved, new, gone, and
// that the panel's figures are the report's.
import { describe, expect, it } from 'vitest'
import { comparisonCounts, comparisonToMarkdown, type Plan, type PlanAction, type PlanComparison } from '@circleboard/shared'
import { actionZoneChoices, cleanNewAction, newActionDueDate, reviewComparison, reviewView, summaryLine, zoneIdOfKey } from './review'

const act = (what: string, extra: Partial<PlanAction> = {}): PlanAction => ({ what, who: 'Liz', when: '', status: 'todo', ...extra })

function plan(actions: { firstStep?: PlanAction[]; oneMonth?: PlanAction[]; threeMonths?: PlanAction[] }, extra: Partial<Plan> = {}): Plan {
  return {
    format: 'circleboard-plan',
    version: 1,
    board: { name: "J's PATH", exportedAt: '2027-01-12T17:00:00.000Z' },
    sessionDate: '2027-01-12',
    sections: [
      {
        template: 'path',
        instanceId: 'p1',
        title: 'PATH',
        dream: { text: '', items: [] },
        goal: { text: '', items: [] },
        now: { text: '', items: [] },
        enrol: [],
        gettingStronger: [],
        actions: { threeMonths: actions.threeMonths ?? [], oneMonth: actions.oneMonth ?? [], firstStep: actions.firstStep ?? [] },
      },
    ],
    ...extra,
  }
}

const TODAY = '2027-04-13'

function figures(cmp: PlanComparison) {
  const c = comparisonCounts(cmp)
  return { done: c.done, slipped: c.slipped, newActions: c.newActions, dropped: c.dropped }
}
const opts = { today: TODAY, baseTitle: 'After the first session', baseSavedAt: '2027-01-12T17:00:00.000Z' }

describe('reviewView', () => {
  const base = plan({
    firstStep: [act('Call the café owner', { shapeId: 'shape:call', when: 'Friday', dueDate: '2027-01-15' })],
    oneMonth: [
      act('Visit the café with Sam', { shapeId: 'shape:visit', who: 'Sam', dueDate: '2027-02-15' }),
      act('Ask about the bus pass', { shapeId: 'shape:bus', dueDate: '2027-02-01' }),
    ],
    threeMonths: [act('Trial shifts at the café', { shapeId: 'shape:trial', when: 'March', dueDate: '2027-03-31' }), act('Join the pub quiz', { shapeId: 'shape:quiz' })],
  })

  it('lists every saved action by zone with its state now: done, doing, slipped, moved, gone; new ones after', () => {
    const live = plan({
      firstStep: [
        act('Call the café owner', { shapeId: 'shape:call', when: 'Friday', dueDate: '2027-01-15', status: 'done' }),
        // Moved from the next few months, and now in progress.
        act('Trial shifts at the café', { shapeId: 'shape:trial', when: 'March', dueDate: '2027-03-31', status: 'doing' }),
        act('Ring the rugby club', { shapeId: 'shape:new', who: 'Dad', when: 'in two weeks', dueDate: '2027-04-27' }),
      ],
      // The visit is still to do and past its date; the bus pass sticky was rewritten (a new shape, same words).
      oneMonth: [act('Visit the café with Sam', { shapeId: 'shape:visit', who: 'Sam', dueDate: '2027-02-15' }), act('ask about the bus pass.', { shapeId: 'shape:bus2', dueDate: '2027-02-01', status: 'done' })],
      // The pub quiz is gone.
    })
    const v = reviewView(base, live, opts)
    expect(v.total).toBe(5)
    const [s] = v.sections
    expect(s.zones.map((z) => z.zone)).toEqual(['Next few months', 'Next month', 'First step'])
    const rows = s.zones.flatMap((z) => z.rows).map((r) => [r.base!.what, r.state, r.slipped, r.movedTo])
    expect(rows).toEqual([
      ['Trial shifts at the café', 'doing', true, 'First step'],
      ['Join the pub quiz', 'gone', false, undefined],
      ['Visit the café with Sam', 'todo', true, undefined],
      ['Ask about the bus pass', 'done', false, undefined],
      ['Call the café owner', 'done', false, undefined],
    ])
    expect(s.added.map((r) => [r.now!.what, r.state, r.slipped])).toEqual([['Ring the rugby club', 'todo', false]])
    // Keys are unique (React keys, and where a dropped card is remembered).
    const keys = [...s.zones.flatMap((z) => z.rows), ...s.added].map((r) => r.key)
    expect(new Set(keys).size).toBe(keys.length)

    // The figures are the comparison's: done since then, past the date now, new, dropped.
    expect(v.summary).toEqual({ done: 2, slipped: 2, newActions: 1, dropped: 1 })
    const cmp = reviewComparison(base, live, opts)
    const c = comparisonCounts(cmp)
    expect([c.done, c.slipped, c.newActions, c.dropped]).toEqual([2, 2, 1, 1])
    expect(summaryLine(v.summary)).toBe('2 done, 2 past their date, 1 new, 1 dropped')
    expect(cmp.review).toEqual({ against: { title: 'After the first session', savedAt: '2027-01-12T17:00:00.000Z' } })
    const md = comparisonToMarkdown(cmp, { locale: 'en-GB' })
    expect(md).toContain('# Review: what changed since “After the first session”')
    expect(md).toMatch(/### Dropped actions[^#]*Join the pub quiz/)
    expect(md).toMatch(/### New actions[^#]*Ring the rugby club/)
    expect(md).toMatch(/### Past the date, not done yet[^#]*Visit the café with Sam/)
  })

  it('nothing changed yet: every action as it was, no figures', () => {
    const v = reviewView(base, base, { ...opts, today: '2027-01-13' })
    expect(v.sections[0].zones.flatMap((z) => z.rows).every((r) => r.state === 'todo' && !r.slipped && !r.movedTo)).toBe(true)
    expect(v.sections[0].added).toEqual([])
    expect(summaryLine(v.summary)).toBe('No changes to the actions yet')
    expect(v.summary).toEqual(figures(reviewComparison(base, base, { ...opts, today: '2027-01-13' })))
  })

  it('a template no longer on the board: its actions are all gone, and dropped in the report', () => {
    const live = { ...base, sections: [] }
    const v = reviewView(base, live, opts)
    expect(v.sections[0].gone).toBe(true)
    expect(v.sections[0].zones.flatMap((z) => z.rows).every((r) => r.state === 'gone')).toBe(true)
    expect(v.summary.dropped).toBe(5)
    expect(v.summary).toEqual(figures(reviewComparison(base, live, opts)))
  })
})

describe('the panel\'s figures are the report\'s', () => {
  it('for many random reviews (seeded): statuses, dates, drops, rewrites, moves and new actions', () => {
    let seed = 11
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]
    const statuses = ['todo', 'doing', 'done'] as const
    const zones = ['firstStep', 'oneMonth', 'threeMonths'] as const
    for (let round = 0; round < 200; round++) {
      const baseActs: Record<string, PlanAction[]> = { firstStep: [], oneMonth: [], threeMonths: [] }
      const liveActs: Record<string, PlanAction[]> = { firstStep: [], oneMonth: [], threeMonths: [] }
      const n = Math.floor(rnd() * 8)
      for (let i = 0; i < n; i++) {
        const a = act(pick(['Call Sam', 'Visit the café', 'Ring the club', 'Join the quiz']), {
          shapeId: rnd() < 0.8 ? `shape:${i}` : undefined,
          status: pick(statuses),
          dueDate: rnd() < 0.6 ? pick(['2027-01-15', '2027-05-01', '2027-04-12', '2027-04-13']) : undefined,
        })
        baseActs[pick(zones)].push(a)
        if (rnd() < 0.2) continue // dropped
        const now = { ...a, status: rnd() < 0.5 ? pick(statuses) : a.status }
        if (rnd() < 0.2) now.shapeId = `shape:re${i}` // rewritten on a new sticky
        if (rnd() < 0.2) now.what = now.what.toUpperCase() + '.'
        liveActs[rnd() < 0.2 ? pick(zones) : zones[0]].push(now)
      }
      for (let i = 0; i < Math.floor(rnd() * 3); i++) liveActs[pick(zones)].push(act(`New ${i}`, { shapeId: `shape:new${i}`, dueDate: pick(['2027-01-01', '2027-09-09']), status: pick(statuses) }))
      const base = plan(baseActs)
      const live = plan(liveActs)
      const v = reviewView(base, live, opts)
      expect(v.summary, `round ${round}`).toEqual(figures(reviewComparison(base, live, opts)))
      expect(v.total).toBe(n)
    }
  })
})

describe('helpers', () => {
  it('zone keys name the template zone an action goes back into', () => {
    expect(zoneIdOfKey('actions.firstStep')).toBe('firstStep')
    expect(zoneIdOfKey('actions.threeMonths')).toBe('threeMonths')
    expect(zoneIdOfKey('keys.money.nextSteps')).toBe('money.nextSteps')
    expect(zoneIdOfKey('connections')).toBe('connections')
    expect(zoneIdOfKey('zones.todo.actions')).toBe('todo')
    expect(zoneIdOfKey('gettingStronger')).toBeUndefined()
  })

  it('offers every action zone of the board, PATH first steps first, two PATHs told apart', () => {
    const p = plan({})
    const two: Plan = { ...p, sections: [p.sections[0], { ...p.sections[0], instanceId: 'p2' }] }
    two.sections.push({ template: 'community', instanceId: 'c1', title: 'Community', person: [], assets: { my: [], our: [], the: [] }, bumpingSpaces: [], treasure: { peopleIKnow: [], passions: [], skills: [], wantToLearn: [] }, shareSwapGive: [], connections: [] })
    two.sections.push({ template: '7keys', instanceId: 'k1', title: '7 Keys', person: [], keys: [{ key: 'money', label: 'Money', working: [], notWorking: [], nextSteps: [] }] })
    expect(actionZoneChoices(two).map((c) => `${c.instanceId}/${c.zoneId}: ${c.label}`)).toEqual([
      'p1/firstStep: PATH (1) — First step',
      'p1/oneMonth: PATH (1) — Next month',
      'p1/threeMonths: PATH (1) — Next few months',
      'p2/firstStep: PATH (2) — First step',
      'p2/oneMonth: PATH (2) — Next month',
      'p2/threeMonths: PATH (2) — Next few months',
      'c1/connections: Community — Connections to make',
      'k1/money.nextSteps: 7 Keys — Money: next steps',
    ])
  })

  it('a new action\'s "by when" counts from the review day, not the first session', () => {
    // 13 April 2027 is a Tuesday.
    expect(newActionDueDate('Friday', TODAY)).toBe('2027-04-16')
    expect(newActionDueDate('1 June', TODAY)).toBe('2027-06-01')
    expect(newActionDueDate('when we can', TODAY)).toBeUndefined()
    expect(newActionDueDate('  ', TODAY)).toBeUndefined()
  })

  it('a new action needs words; the rest is tidied', () => {
    expect(cleanNewAction({ what: '  ', who: 'Liz', when: '' })).toBeUndefined()
    expect(cleanNewAction({ what: ' Ring  the club ', who: ' Dad ', when: ' Friday ' })).toEqual({ what: 'Ring the club', who: 'Dad', when: 'Friday' })
  })
})
