import { describe, expect, it } from 'vitest'
import {
  COMPARISON_FORMAT,
  comparePlans,
  comparisonCounts,
  comparisonToJson,
  parseComparison,
  parseComparisonText,
  type PlanComparison,
  type SectionComparison,
} from './diff'
import { comparisonToHtml, comparisonToMarkdown } from './diffRender'
import { samplePlan as sampleWithVotes } from './fixtures.test-helpers'

/** The shared sample carries dot-vote counts; these tests set votes themselves where they check them. */
function samplePlan(): Plan {
  return JSON.parse(JSON.stringify(sampleWithVotes(), (k, v) => (k === 'votes' ? undefined : v)))
}
import { sectionEntryCount } from './format'
import { parsePlan, type Plan, type PlanAction, type PlanItem, type PlanSection } from './model'

const TODAY = '2027-04-13'

function section<T extends PlanSection['template']>(plan: Plan, template: T): Extract<PlanSection, { template: T }> {
  const s = plan.sections.find((x) => x.template === template)
  if (!s) throw new Error(`no ${template} section`)
  return s as Extract<PlanSection, { template: T }>
}

function cmpSection(cmp: PlanComparison, instanceId: string): SectionComparison {
  const s = cmp.sections.find((x) => x.instanceId === instanceId)
  if (!s) throw new Error(`no section ${instanceId} in the comparison`)
  return s
}

function list(s: SectionComparison, key: string) {
  return s.lists.find((l) => l.key === key)
}

function action(what: string, extra: Partial<PlanAction> = {}): PlanAction {
  return { what, who: 'Liz', when: '', status: 'todo', ...extra }
}

/** The sample plan with a shape id on every item and action, as a real export has. */
function withShapes(): Plan {
  const plan = samplePlan()
  let n = 0
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>
      if (('text' in o || 'what' in o || 'person' in o || 'from' in o) && !('items' in o)) o.shapeId = `shape:${++n}`
      for (const x of Object.values(o)) walk(x)
    }
  }
  walk(plan.sections)
  walk(plan.elsewhere)
  return plan
}

function noChanges(s: SectionComparison) {
  expect(s.texts).toEqual([])
  expect(s.lists).toEqual([])
  expect(s.actions).toEqual({ done: [], slipped: [], new: [], dropped: [], statusChanged: [], edited: [] })
}

describe('comparePlans: items', () => {
  it('an identical plan has no changes (and the sample has nothing overdue on a day before every date)', () => {
    const cmp = comparePlans(withShapes(), withShapes(), { today: '2027-01-01' })
    expect(cmp.format).toBe(COMPARISON_FORMAT)
    expect(cmp.sections.map((s) => [s.instanceId, s.change])).toEqual([['p1', 'kept'], ['k1', 'kept'], ['c1', 'kept'], ['s1', 'kept']])
    cmp.sections.forEach(noChanges)
    expect(cmp.elsewhere).toBeUndefined()
  })

  it('reports added, removed and edited items; a shape whose text changed is an edit', () => {
    const before = withShapes()
    const after = withShapes()
    const p = section(after, 'path')
    p.gettingStronger[0].text = 'Keep Saturday rugby and Sunday swimming'
    p.gettingStronger.push({ text: 'Cook together on Mondays', shapeId: 'shape:new' })
    const bp = section(before, 'path')
    bp.gettingStronger.push({ text: 'Walk the dog', shapeId: 'shape:gone' })
    const g = list(cmpSection(comparePlans(before, after, { today: TODAY }), 'p1'), 'gettingStronger')
    expect(g?.zone).toBe('Getting stronger')
    expect(g?.added).toEqual([{ text: 'Cook together on Mondays', shapeId: 'shape:new' }])
    expect(g?.removed).toEqual([{ text: 'Walk the dog', shapeId: 'shape:gone' }])
    expect(g?.edited).toEqual([
      {
        before: { text: 'Keep Saturday rugby', shapeId: bp.gettingStronger[0].shapeId },
        after: { text: 'Keep Saturday rugby and Sunday swimming', shapeId: p.gettingStronger[0].shapeId },
      },
    ])
  })

  it('without shape ids (or with new ones) items match by text, ignoring case, spacing, order and a trailing full stop', () => {
    const before = samplePlan()
    const after = samplePlan()
    section(before, 'community').assets.my = [{ text: 'Sam' }, { text: 'Aunt Jo', shapeId: 'shape:old' }, { text: 'The  gym.' }]
    section(after, 'community').assets.my = [{ text: 'the gym' }, { text: 'aunt jo', shapeId: 'shape:replaced' }, { text: 'SAM' }]
    const cmp = comparePlans(before, after, { today: TODAY })
    expect(list(cmpSection(cmp, 'c1'), 'assets.my')).toBeUndefined()
  })

  it('same text twice pairs up in order; the extra one is added', () => {
    const before = samplePlan()
    const after = samplePlan()
    section(before, 'path').gettingStronger = [{ text: 'Rugby' }]
    section(after, 'path').gettingStronger = [{ text: 'Rugby' }, { text: 'rugby' }]
    const g = list(cmpSection(comparePlans(before, after, { today: TODAY }), 'p1'), 'gettingStronger')
    expect(g?.added).toEqual([{ text: 'rugby' }])
    expect(g?.removed).toEqual([])
  })

  it('compares the items outside every template and the people who took part', () => {
    const before = { ...samplePlan(), participants: ['J', 'Mum', 'Liz'] }
    const after = { ...samplePlan(), participants: ['J', 'mum', 'Sam'], elsewhere: [{ text: 'Parking lot idea' }, { text: 'Ask about buses' }] }
    const cmp = comparePlans(before, after, { today: TODAY })
    expect(cmp.elsewhere?.added).toEqual([{ text: 'Ask about buses' }])
    expect(cmp.participants).toEqual({ added: ['Sam'], removed: ['Liz'] })
  })
})

describe('comparePlans: actions', () => {
  function pair() {
    const before = withShapes()
    const after = withShapes()
    return { before, after, bp: section(before, 'path'), ap: section(after, 'path') }
  }

  it('done: the status became done', () => {
    const { before, after, ap } = pair()
    ap.actions.oneMonth[0].status = 'done'
    const a = cmpSection(comparePlans(before, after, { today: TODAY }), 'p1').actions
    expect(a.done.map((c) => [c.before.status, c.after.status, c.after.what, c.after.zone])).toEqual([['doing', 'done', 'Visit the café, with "Sam"', 'Next month']])
    expect(a.statusChanged).toEqual([])
  })

  it('slipped: due before today and not done, in the newer plan', () => {
    const { before, after, ap } = pair()
    ap.actions.threeMonths.push(action('Due today', { dueDate: TODAY }), action('Done late', { dueDate: '2027-02-01', status: 'done' }))
    const a = cmpSection(comparePlans(before, after, { today: TODAY }), 'p1').actions
    // Trial shifts (31 March, to do) and Visit the café (15 Jan, in progress) are past their date;
    // one due today is not yet, one done is not.
    expect(a.slipped.map((x) => [x.what, x.dueDate, x.status])).toEqual([
      ['Trial shifts at the café', '2027-03-31', 'todo'],
      ['Visit the café, with "Sam"', '2027-01-15', 'doing'],
    ])
    expect(cmpSection(comparePlans(before, after, { today: '2027-01-15' }), 'p1').actions.slipped).toEqual([])
  })

  it('new and dropped actions; a new overdue action is also slipped', () => {
    const { before, after, bp, ap } = pair()
    bp.actions.firstStep.push(action('Ring the college', { shapeId: 'shape:college' }))
    ap.actions.firstStep.push(action('Book the taster day', { dueDate: '2027-02-01', shapeId: 'shape:taster' }))
    const a = cmpSection(comparePlans(before, after, { today: TODAY }), 'p1').actions
    expect(a.new.map((x) => x.what)).toEqual(['Book the taster day'])
    expect(a.dropped.map((x) => [x.what, x.zone])).toEqual([['Ring the college', 'First step']])
    expect(a.slipped.map((x) => x.what)).toContain('Book the taster day')
  })

  it('status changes other than to done, in both directions', () => {
    const { before, after, ap } = pair()
    ap.actions.threeMonths[0].status = 'doing'
    ap.actions.firstStep[0].status = 'todo'
    const a = cmpSection(comparePlans(before, after, { today: TODAY }), 'p1').actions
    expect(a.statusChanged.map((c) => [c.after.what, c.before.status, c.after.status])).toEqual([
      ['Trial shifts at the café', 'todo', 'doing'],
      ['=HYPERLINK("http://evil")', 'done', 'todo'],
    ])
    expect(a.done).toEqual([])
  })

  it('edits: new owner, new date, reworded, moved to another zone — one action, never dropped + new', () => {
    const { before, after, ap } = pair()
    ap.actions.threeMonths[0].who = 'Mo'
    ap.actions.threeMonths[0].dueDate = '2027-05-31'
    ap.actions.threeMonths[0].when = 'May'
    // Moved from "Next month" to "First step", and reworded (matched by its shape).
    const moved = ap.actions.oneMonth.pop() as PlanAction
    ap.actions.firstStep.push({ ...moved, what: 'Visit the café with Sam and Dad' })
    const a = cmpSection(comparePlans(before, after, { today: TODAY }), 'p1').actions
    expect(a.new).toEqual([])
    expect(a.dropped).toEqual([])
    expect(a.edited.map((c) => [c.before.who, c.after.who, c.before.dueDate, c.after.dueDate])).toContainEqual(['Liz', 'Mo', '2027-03-31', '2027-05-31'])
    const m = a.edited.find((c) => c.after.what === 'Visit the café with Sam and Dad')
    expect([m?.before.zone, m?.after.zone, m?.before.what]).toEqual(['Next month', 'First step', 'Visit the café, with "Sam"'])
  })

  it('an action only moved to another zone is an edit that says where it moved', () => {
    const { before, after, ap } = pair()
    ap.actions.firstStep.push(ap.actions.oneMonth.pop() as PlanAction)
    const cmp = comparePlans(before, after, { today: TODAY })
    const a = cmpSection(cmp, 'p1').actions
    expect(a.edited.map((c) => [c.after.what, c.before.zone, c.after.zone])).toEqual([['Visit the café, with "Sam"', 'Next month', 'First step']])
    expect(comparisonToMarkdown(cmp)).toContain('### Actions changed\n\n- Visit the café, with "Sam" — Sam: moved from _Next month_ to _First step_\n')
  })

  it('actions without shapes match on what, so a changed owner is an edit', () => {
    const before = samplePlan()
    const after = samplePlan()
    section(after, 'community').connections[0].who = 'Mum'
    const a = cmpSection(comparePlans(before, after, { today: TODAY }), 'c1').actions
    expect(a.edited.map((c) => [c.before.who, c.after.who])).toEqual([['Dad', 'Mum']])
    expect(a.new).toEqual([])
  })
})

describe('comparePlans: every template', () => {
  it('PATH: dream, goal and now as before/after text; enrol entries', () => {
    const before = withShapes()
    const after = withShapes()
    const p = section(after, 'path')
    p.goal.text = 'I work three days a week'
    p.now.text = 'At home all week\nAnxious in the evenings' // unchanged
    p.dream.text = ''
    p.enrol[0].asks = 'Mum'
    const s = cmpSection(comparePlans(before, after, { today: TODAY }), 'p1')
    expect(s.texts).toEqual([
      { key: 'dream', zone: 'North Star — the Dream', before: 'A life with my own friends' },
      { key: 'goal', zone: 'The Goal', before: 'I work two days a week', after: 'I work three days a week' },
    ])
    expect(list(s, 'enrol')?.edited.map((e) => [e.before.text, e.after.text])).toEqual([['The bus driver (ask: Dad)', 'The bus driver (ask: Mum)']])
  })

  it('7 Keys: per key, working / not working / next steps (next steps across keys are one list)', () => {
    const before = samplePlan()
    const after = samplePlan()
    const k = section(after, '7keys')
    k.keys[0].notWorking.push({ text: 'No bank card yet' })
    k.keys[0].working = []
    k.keys.push({ key: 'home', label: 'Home', working: [{ text: 'Own room' }], notWorking: [], nextSteps: [action('Look at flats', { who: 'Dad' })] })
    k.keys[0].nextSteps[0].status = 'done'
    const s = cmpSection(comparePlans(before, after, { today: TODAY }), 'k1')
    expect(list(s, 'keys.money.notWorking')).toMatchObject({ zone: 'Money: not working', added: [{ text: 'No bank card yet' }] })
    expect(list(s, 'keys.money.working')?.removed).toEqual([{ text: 'Saves a bit' }])
    expect(list(s, 'keys.home.working')?.added).toEqual([{ text: 'Own room' }])
    expect(s.texts).toEqual([{ key: 'keys.home.label', zone: 'Key', after: 'Home' }])
    expect(s.actions.done.map((c) => [c.after.what, c.after.zone])).toEqual([['Open bank account', 'Money: next steps']])
    expect(s.actions.new.map((x) => [x.what, x.zone])).toEqual([['Look at flats', 'Home: next steps']])
  })

  it('community: layers, bumping spaces, treasure with who offers it, share/swap/give, connections', () => {
    const before = samplePlan()
    const after = samplePlan()
    const c = section(after, 'community')
    c.assets.the.push({ text: 'Job centre' })
    c.bumpingSpaces = []
    c.treasure.peopleIKnow[0].offeredBy = 'Sam, Mo'
    c.treasure.skills.push({ text: 'Fixing bikes', offeredBy: 'Liz M' })
    c.shareSwapGive.push({ text: 'Lifts to rugby' })
    c.person.push({ text: 'J' })
    c.connections.push(action('Meet the bus driver'))
    const s = cmpSection(comparePlans(before, after, { today: TODAY }), 'c1')
    expect(s.lists.map((l) => l.key)).toEqual(['person', 'assets.the', 'bumpingSpaces', 'treasure.peopleIKnow', 'treasure.skills', 'shareSwapGive'])
    expect(list(s, 'treasure.peopleIKnow')?.edited).toEqual([
      { before: { text: 'Knows the café owner @Sam' }, after: { text: 'Knows the café owner @Sam @Mo' } },
    ])
    expect(list(s, 'treasure.skills')).toMatchObject({ zone: 'Treasure chest: Skills and knowledge', added: [{ text: 'Fixing bikes @"Liz M"' }] })
    expect(list(s, 'bumpingSpaces')?.removed).toEqual([{ text: 'Bus 42' }])
    expect(s.actions.new.map((x) => x.zone)).toEqual(['Connections to make'])
  })

  it('silos: a renamed silo keeps its notes and bridges matched; barriers, offers and bridges compared', () => {
    const before = samplePlan()
    const after = samplePlan()
    const s = section(after, 'silos')
    s.silos[0].name = 'NHS'
    s.silos[0].barriers.push({ text: 'Forms by post only' })
    s.bridges[0].from = 'NHS'
    s.bridges.push({ from: 'Housing', to: 'J', label: 'A named contact', fromZoneId: 'silo2', toZoneId: 'person' })
    s.silos.push({ id: 'silo3', name: 'Benefits', offers: [], barriers: [] })
    s.person.push({ text: 'Wants one contact' })
    const c = cmpSection(comparePlans(before, after, { today: TODAY }), 's1')
    expect(c.texts).toEqual([
      { key: 'silos.silo1.name', zone: 'Silo', before: 'Health', after: 'NHS' },
      { key: 'silos.silo3.name', zone: 'Silo', after: 'Benefits' },
    ])
    expect(list(c, 'silos.silo1.offers')).toBeUndefined()
    expect(list(c, 'silos.silo1.barriers')).toMatchObject({ zone: 'NHS: where people get stuck', added: [{ text: 'Forms by post only' }], removed: [] })
    // The renamed bridge is the same bridge (same zone ids), shown as reworded; the new one is added.
    const b = list(c, 'bridges')
    expect(b?.edited).toEqual([{ before: { text: 'Health → Housing: Shared assessment' }, after: { text: 'NHS → Housing: Shared assessment' } }])
    expect(b?.added).toEqual([{ text: 'Housing → J: A named contact' }])
    expect(list(c, 'person')?.added).toEqual([{ text: 'Wants one contact' }])
  })

  it('generic sections: zones by id, items and actions', () => {
    const generic = (items: PlanItem[], actions: PlanAction[], label = 'Good days'): Plan => ({
      ...samplePlan(),
      sections: [
        {
          template: 'generic',
          instanceId: 'g1',
          title: 'Good days',
          templateId: 'gooddays',
          zones: [
            { zoneId: 'days', label, kind: 'items', items, actions: [] },
            { zoneId: 'next', label: 'What next', kind: 'actions', items: [], actions },
          ],
        },
      ],
    })
    const cmp = comparePlans(
      generic([{ text: 'Park with Sam' }], [action('Try the library', { status: 'doing' })]),
      generic([{ text: 'Park with Sam' }, { text: 'Market on Saturday' }], [action('Try the library', { status: 'done' })], 'Good days out'),
      { today: TODAY },
    )
    const s = cmpSection(cmp, 'g1')
    expect(s.texts).toEqual([{ key: 'zones.days.label', zone: 'Zone', before: 'Good days', after: 'Good days out' }])
    expect(list(s, 'zones.days.items')).toMatchObject({ zone: 'Good days out', added: [{ text: 'Market on Saturday' }] })
    expect(s.actions.done.map((c) => [c.after.what, c.after.zone])).toEqual([['Try the library', 'What next']])
  })

  it('nothing written in any section type is left uncompared', () => {
    // Every list of every section type holds something; the newer plan has the same sections with
    // everything taken out. Each entry must come back as removed, dropped or (prose) a text change.
    const full = samplePlan()
    const k = section(full, '7keys')
    k.keys[0].notWorking = [{ text: 'x' }]
    const c = section(full, 'community')
    c.person = [{ text: 'x' }]
    c.assets.the = [{ text: 'x' }]
    for (const t of ['passions', 'skills', 'wantToLearn'] as const) c.treasure[t] = [{ text: t }]
    c.shareSwapGive = [{ text: 'x' }]
    const s = section(full, 'silos')
    s.person = [{ text: 'x' }]
    full.sections.push({
      template: 'generic',
      instanceId: 'g1',
      title: 'Gifts',
      templateId: 'gifts',
      zones: [{ zoneId: 'head', label: 'Head', kind: 'items', items: [{ text: 'x' }], actions: [action('y')] }],
    })
    const emptied = structuredClone(full)
    const empty = (v: unknown, key = ''): unknown => {
      if (Array.isArray(v)) return ['keys', 'silos', 'zones', 'sections'].includes(key) ? v.map((x) => empty(x)) : []
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k2, x]) => [k2, empty(x, k2)]))
      return key === 'text' ? '' : v
    }
    emptied.sections = empty(full.sections, 'sections') as PlanSection[]
    expect(parsePlan(emptied).ok).toBe(true)
    const cmp = comparePlans(full, emptied, { today: TODAY })
    for (const [i, sec] of full.sections.entries()) {
      const got = cmp.sections[i]
      expect(got.instanceId).toBe(sec.instanceId)
      const removed = got.lists.reduce((n, l) => n + l.removed.length, 0) + got.actions.dropped.length
      // Text blocks count their items as entries; they are compared as prose (one text change each).
      const proseItems = sec.template === 'path' ? sec.dream.items.length + sec.goal.items.length + sec.now.items.length : 0
      expect(removed + proseItems, sec.template).toBe(sectionEntryCount(sec))
      for (const l of got.lists) expect(l.added, `${sec.template} ${l.key}`).toEqual([])
    }
    expect(cmpSection(cmp, 'p1').texts.map((t) => t.key)).toEqual(['dream', 'goal', 'now'])
  })
})

describe('comparePlans: sections', () => {
  it('added and removed sections; order is the newer plan, then the removed ones', () => {
    const before = samplePlan()
    const after = samplePlan()
    const [p, k, c, s] = after.sections
    after.sections = [c, p, { ...k, instanceId: 'k2', title: '7 Keys (2)' }]
    void s
    const cmp = comparePlans(before, after, { today: TODAY })
    expect(cmp.sections.map((x) => [x.instanceId, x.change])).toEqual([
      ['c1', 'kept'],
      ['p1', 'kept'],
      ['k2', 'added'],
      ['k1', 'removed'],
      ['s1', 'removed'],
    ])
    const added = cmpSection(cmp, 'k2')
    expect(list(added, 'keys.money.working')?.added).toEqual([{ text: 'Saves a bit' }])
    expect(added.actions.new.map((a) => a.what)).toEqual(['Open bank account'])
    // The silo names of a whole section that came or went are not listed as renames.
    expect(cmpSection(cmp, 's1').texts).toEqual([])
    expect(cmpSection(cmp, 's1').actions.dropped).toEqual([])
    expect(cmpSection(cmp, 'k1').actions.dropped.map((a) => a.what)).toEqual(['Open bank account'])
  })

  it('a renamed section keeps its old title; an id reused by another template is removed + added', () => {
    const before = samplePlan()
    const after = samplePlan()
    after.sections[0].title = 'PATH for J'
    after.sections[1] = { ...section(after, 'silos'), instanceId: 'k1' }
    after.sections.pop()
    const cmp = comparePlans(before, after, { today: TODAY })
    expect(cmpSection(cmp, 'p1').titleBefore).toBe('PATH')
    expect(cmp.sections.filter((x) => x.instanceId === 'k1').map((x) => [x.template, x.change])).toEqual([
      ['silos', 'added'],
      ['7keys', 'removed'],
    ])
  })

  it('is deterministic and refuses a today that is not a date', () => {
    const a = comparePlans(samplePlan(), withShapes(), { today: TODAY })
    expect(comparisonToJson(comparePlans(samplePlan(), withShapes(), { today: TODAY }))).toBe(comparisonToJson(a))
    expect(() => comparePlans(samplePlan(), samplePlan(), { today: '13/04/2027' })).toThrow(/YYYY-MM-DD/)
  })
})

describe('comparePlans: votes (optional on items)', () => {
  it('reports changed vote counts and shows votes on added items; no votes, no field', () => {
    const before = withShapes()
    const after = withShapes()
    const withVotes = (i: PlanItem, votes: number) => Object.assign(i, { votes })
    withVotes(section(before, 'path').gettingStronger[0], 1)
    withVotes(section(after, 'path').gettingStronger[0], 4)
    section(after, 'path').gettingStronger.push(withVotes({ text: 'Swimming', shapeId: 'shape:swim' }, 2))
    const g = list(cmpSection(comparePlans(before, after, { today: TODAY }), 'p1'), 'gettingStronger')
    expect(g?.votes).toEqual([{ text: 'Keep Saturday rugby', shapeId: section(after, 'path').gettingStronger[0].shapeId, before: 1, after: 4 }])
    expect(g?.added).toEqual([{ text: 'Swimming', shapeId: 'shape:swim', votes: 2 }])
    expect(g?.edited).toEqual([])
    const md = comparisonToMarkdown(comparePlans(before, after, { today: TODAY }))
    expect(md).toContain('- **Votes:** “Keep Saturday rugby” 1 → 4')
    expect(md).toContain('- **Added:** Swimming (2 votes)')
    const plain = comparePlans(samplePlan(), samplePlan(), { today: TODAY })
    expect(comparisonToJson(plain)).not.toContain('votes":')
  })
})

/** A realistic review: three months on, some things done, some late, some new, one goal reworded. */
function review(): PlanComparison {
  const before = withShapes()
  const after = withShapes()
  after.board.exportedAt = '2027-04-13T09:30:00.000Z'
  const p = section(after, 'path')
  p.goal.text = 'I work three days a week'
  p.actions.oneMonth[0].status = 'done'
  p.actions.firstStep[0].status = 'todo'
  p.actions.firstStep.push(action('Ask about the bus pass', { who: 'Dad', when: 'Friday', dueDate: '2027-04-16', shapeId: 'shape:bus' }))
  p.gettingStronger[0].text = 'Keep Saturday rugby and swim'
  p.gettingStronger.push({ text: '# DONE | ok [link](http://x) <script>alert(1)</script>', shapeId: 'shape:evil' })
  section(after, 'community').connections = []
  after.sections[0].title = 'PATH\n# injected heading'
  after.sections.pop()
  return comparePlans(before, after, { today: TODAY, beforeLabel: 'After the first session' })
}

describe('comparisonToMarkdown', () => {
  const md = comparisonToMarkdown(review(), { locale: 'en-GB', timeZone: 'UTC' })
  it('reads as a review report in plain words', () => {
    expect(md.startsWith('# What changed since “After the first session”\n')).toBe(true)
    expect(md).toContain('**Then:** “After the first session” (session on 12 January 2027) · **Now:** the plan of 13 April 2027 at 09:30  \n**Checked on:** 13 April 2027')
    expect(md).toContain('**In short:** 1 action done, 1 past its date, 1 new action, 1 dropped, 1 thing added, 3 removed, 1 reworded.')
    expect(md).toContain('### Done ✓\n\n- ✓ Visit the café, with "Sam" — Sam — _Next month_')
    expect(md).toContain('### Past the date, not done yet\n\n- Trial shifts at the café — Liz — was due 31 March 2027 (March) — _Next few months_')
    expect(md).toContain('### New actions\n\n- Ask about the bus pass — Dad — by Friday (16 April 2027) — _First step_')
    expect(md).toContain('### Dropped actions (no longer on the board)\n\n- Introduce J to the rugby club — Dad — _Connections to make_')
    expect(md).toContain('### Other progress\n\n- \\=HYPERLINK("http://evil") — @Liz: was done, now to do — _First step_')
    expect(md).toContain('- **Reworded:** was “Keep Saturday rugby”, now “Keep Saturday rugby and swim”')
    expect(md).toContain('### Dream, goal and now\n\n- **The Goal** changed. Before: “I work two days a week”. Now: “I work three days a week”.')
    expect(md).toContain('## Silos\n\n_No longer on the board._')
    expect(md).toContain('## 7 Keys to Citizenship\n\n_Nothing changed._')
    expect(md.endsWith('\n')).toBe(true)
  })
  it('escapes hostile text: no heading, table cell, link or HTML can be injected', () => {
    expect(md).toContain('- **Added:** \\# DONE \\| ok \\[link\\](http://x) \\<script\\>alert(1)\\</script\\>')
    // The newline in the title does not start a new heading.
    expect(md).toContain('## PATH # injected heading\n')
    expect(md).not.toMatch(/^# injected/m)
    expect(md).not.toMatch(/^#+ DONE/m)
    expect(md).not.toContain('<script>')
    expect(md).toContain('\nWas called “PATH”.\n')
  })
  it('a title ending in # keeps it', () => {
    const cmp = review()
    cmp.sections[0].title = 'Plan #'
    expect(comparisonToMarkdown(cmp)).toContain('## Plan \\#\n')
  })
  it('says so when nothing changed', () => {
    const same = comparisonToMarkdown(comparePlans(samplePlan(), samplePlan(), { today: '2027-01-01' }))
    expect(same).toContain('_Nothing changed._')
    expect(same).not.toContain('## PATH')
    expect(same).not.toContain('In short')
  })
  it('writes dates in the reader\'s locale', () => {
    const us = comparisonToMarkdown(review(), { locale: 'en-US', timeZone: 'UTC' })
    expect(us).toContain('was due March 31, 2027')
  })
})

describe('comparisonToHtml', () => {
  const html = comparisonToHtml(review(), { locale: 'en-GB', timeZone: 'UTC' })
  it('is a complete, self-contained, printable page', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain("default-src 'none'")
    expect(html).toContain('@media print')
    expect(html).not.toMatch(/<script|<link|<img|src=|href=/i)
    expect(html).toContain('</html>')
  })
  it('escapes everything someone wrote', () => {
    expect(html).toContain('<li><strong>Added:</strong> # DONE | ok [link](http://x) &lt;script&gt;alert(1)&lt;/script&gt;</li>')
    expect(html).toContain('<h2>PATH<br># injected heading</h2>')
    expect(html).toContain('<title>What changed since “After the first session”</title>')
    const hostile = review()
    hostile.before.label = '</title><script>x</script>'
    hostile.participants.added = ['<b>Mo</b>']
    const page = comparisonToHtml(hostile)
    expect(page).not.toMatch(/<script|<b>/i)
    expect(page).toContain('&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;')
    expect(page).toContain('<strong>Joined this time:</strong> &lt;b&gt;Mo&lt;/b&gt;')
  })
  it('has the same sections as the Markdown', () => {
    expect(html).toContain('<h3>Done ✓</h3><ul class="done"><li>✓ Visit the café, with &quot;Sam&quot; — Sam — <em>Next month</em></li></ul>')
    expect(html).toContain('<h3>Past the date, not done yet</h3>')
    expect(html).toContain('was due 31 March 2027')
  })
})

describe('comparison JSON', () => {
  it('round-trips through comparisonToJson and parseComparison', () => {
    const cmp = review()
    const text = comparisonToJson(cmp)
    expect(JSON.parse(text)).toMatchObject({ format: 'circleboard-plan-comparison', version: 1, today: TODAY })
    const back = parseComparisonText(text)
    expect(back).toEqual({ ok: true, comparison: cmp })
    if (back.ok) expect(comparisonToMarkdown(back.comparison)).toBe(comparisonToMarkdown(cmp))
    expect(comparisonCounts(cmp)).toMatchObject({ done: 1, slipped: 1, newActions: 1, dropped: 1, sectionsRemoved: 1 })
  })
  it('refuses a newer version, a plan and broken files clearly', () => {
    const value = JSON.parse(comparisonToJson(review()))
    expect(parseComparison({ ...value, version: 2 })).toEqual({
      ok: false,
      error: 'This comparison was saved by a newer Circleboard (comparison format version 2); this one reads version 1. Update Circleboard to open it.',
    })
    expect(parseComparison(samplePlan())).toMatchObject({ ok: false, error: expect.stringContaining('is a Circleboard plan, not a comparison') })
    expect(parseComparison({ ...value, version: 0 })).toMatchObject({ ok: false, error: expect.stringContaining('no valid "version"') })
    expect(parseComparison([])).toMatchObject({ ok: false })
    expect(parseComparisonText('{')).toMatchObject({ ok: false, error: expect.stringContaining('not valid JSON') })
    value.sections[0].actions.done[0].after.status = 'finished'
    expect(parseComparison(value)).toMatchObject({ ok: false, error: expect.stringContaining('sections[0].actions.done[0].after.status') })
  })
})

describe('large plans', () => {
  /** One generic section with `n` items and `n` actions, all with shape ids. */
  function big(n: number): Plan {
    const items: PlanItem[] = []
    const actions: PlanAction[] = []
    for (let i = 0; i < n; i++) {
      items.push({ text: `Note number ${i}`, shapeId: `shape:i${i}` })
      actions.push(action(`Task number ${i}`, { dueDate: '2027-03-01', shapeId: `shape:a${i}` }))
    }
    return {
      ...samplePlan(),
      sections: [
        {
          template: 'generic',
          instanceId: 'g',
          title: 'Big',
          templateId: 'big',
          zones: [
            { zoneId: 'z1', label: 'Notes', kind: 'items', items, actions: [] },
            { zoneId: 'z2', label: 'Tasks', kind: 'actions', items: [], actions },
          ],
        },
      ],
    }
  }

  it('compares two 5,000-item plans correctly', () => {
    const N = 5_000
    const before = big(N)
    const after = big(N)
    const zones = (p: Plan) => (p.sections[0] as Extract<PlanSection, { template: 'generic' }>).zones
    const [notes, tasks] = zones(after)
    // Every 10th note reworded (same shape); every 7th (not 10th) removed; every 11th (not 7th or
    // 10th) lost its shape id or got a new one (must still match by text); 100 new notes; reversed.
    const kept: PlanItem[] = []
    let edited = 0
    let removed = 0
    for (const [i, it] of notes.items.entries()) {
      if (i % 10 === 0) {
        kept.push({ ...it, text: `${it.text} (changed)` })
        edited++
      } else if (i % 7 === 0) removed++
      else if (i % 11 === 0) kept.push(i % 2 ? { text: it.text.toUpperCase() } : { text: it.text, shapeId: `shape:new${i}` })
      else kept.push(it)
    }
    for (let i = 0; i < 100; i++) kept.push({ text: `Fresh note ${i}` })
    notes.items = kept.reverse()
    // Every 3rd task done, every 5th (not 3rd) dropped, 50 new.
    let done = 0
    let dropped = 0
    tasks.actions = tasks.actions.flatMap((a, i) => {
      if (i % 3 === 0) {
        done++
        return [{ ...a, status: 'done' as const }]
      }
      if (i % 5 === 0) {
        dropped++
        return []
      }
      return [a]
    })
    for (let i = 0; i < 50; i++) tasks.actions.push(action(`New task ${i}`, { shapeId: `shape:n${i}` }))

    const cmp = comparePlans(before, after, { today: TODAY })
    const s = cmp.sections[0]
    const l = list(s, 'zones.z1.items')
    expect(l?.edited.length).toBe(edited)
    expect(l?.removed.length).toBe(removed)
    expect(l?.added.map((x) => x.text).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `Fresh note ${i}`).sort())
    expect(l?.edited[0]).toEqual({ before: { text: 'Note number 4990', shapeId: 'shape:i4990' }, after: { text: 'Note number 4990 (changed)', shapeId: 'shape:i4990' } })
    expect(s.actions.done.length).toBe(done)
    expect(s.actions.dropped.length).toBe(dropped)
    expect(s.actions.new.length).toBe(50)
    expect(s.actions.slipped.length).toBe(N - done - dropped)
    expect(s.actions.edited).toEqual([])
    expect(parseComparison(JSON.parse(comparisonToJson(cmp))).ok).toBe(true)
  })
})
