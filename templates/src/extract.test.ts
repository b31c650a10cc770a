import { describe, expect, it } from 'vitest'
import { parsePlan, planToCsv, planToMarkdown } from '@circleboard/shared'
import type { CommunitySection, ConnectionsSection, GenericSection, GiftsSection, InterestToActionSection, PathSection, SevenKeysSection, SilosSection, ToForWithBySection } from '@circleboard/shared'
import { J_PATH_SESSION_DATE, jPathBoardRecords } from './examples'
import { PlanCache, boardToPlan } from './extract'
import { readChains } from './connections'
import { arrowFromTo, board, cardAt, nextId, noteAt, textAt } from './testHelpers'

const NOW = new Date('2027-01-20T12:00:00Z')
const strip = <T,>(v: T): T => JSON.parse(JSON.stringify(v, (k, val) => (k === 'shapeId' ? undefined : val)))

describe("J's PATH (DOMAIN.md example session)", () => {
  const plan = boardToPlan(jPathBoardRecords(), { now: NOW })
  const s = plan.sections[0] as PathSection

  it('is a valid plan with the board name and dates', () => {
    expect(parsePlan(plan)).toEqual({ ok: true, plan })
    expect(plan.board).toEqual({ name: "J's PATH", exportedAt: '2027-01-20T12:00:00.000Z' })
    expect(plan.sessionDate).toBe(J_PATH_SESSION_DATE)
    expect(plan.reviewDate).toBe('2027-04-13')
    expect(plan.sections).toHaveLength(1)
    expect(plan.elsewhere).toEqual([])
  })

  it('has dream, goal and now as text', () => {
    expect(s.dream.text).toBe('A life with my own friends, my own money and my own place.')
    expect(s.goal.text).toBe('I work two days a week at the café. I go to the pub quiz on Thursdays with Sam. I have my own bank card.')
    expect(s.now.text).toBe('At home all week. No placement. Anxious in the evenings. Loves rugby and buses.')
  })

  it('has the enrol list of two with who asks them', () => {
    expect(strip(s.enrol)).toEqual([
      { person: 'The bus driver who chats with J', asks: 'Dad' },
      { person: 'Café owner on the high street', asks: 'Liz' },
    ])
  })

  it('has three actions, each with an owner and a date', () => {
    expect(strip(s.actions)).toEqual({
      threeMonths: [{ what: 'Trial shifts at the café', who: 'Liz', when: 'March', dueDate: '2027-03-31', status: 'todo' }],
      oneMonth: [{ what: 'Visit the café with Sam', who: 'Sam', when: '15 Jan', dueDate: '2027-01-15', status: 'todo' }],
      firstStep: [{ what: 'Call the café owner', who: 'Liz', when: 'Friday', dueDate: '2027-01-15', status: 'todo' }],
    })
    expect(strip(s.gettingStronger).map((i) => i.text)).toEqual(['Keep Saturday rugby', 'Mum and Dad get a break every other week'])
  })

  it('keeps source shape ids so the UI can zoom to them', () => {
    expect(s.actions.firstStep[0].shapeId).toMatch(/^shape:/)
    expect(s.enrol[0].shapeId).toMatch(/^shape:/)
  })
})

describe('membership and order', () => {
  it('orders items top-to-bottom, left-to-right, tolerating ragged rows', () => {
    const b = board('path')
    const z = b.zone('enrol')
    const top = z.y + 150
    b.records.push(
      noteAt(z.x + 900, top + 30, 'row1 right'),
      noteAt(z.x + 200, top, 'row1 left'),
      noteAt(z.x + 550, top + 60, 'row1 middle'), // 60 below the row's first item: same row
      noteAt(z.x + 150, top + 220, 'row2 left'),
    )
    const s = boardToPlan(b.records, { now: NOW }).sections[0] as PathSection
    expect(s.enrol.map((e) => e.person)).toEqual(['row1 left', 'row1 middle', 'row1 right', 'row2 left'])
  })

  it('uses the page-space centre through frames, groups and rotation', () => {
    const b = board('path')
    const now = b.zone('now')
    const goal = b.zone('goal')
    const frame = {
      id: 'shape:frame', typeName: 'shape', type: 'frame', x: now.x, y: now.y, rotation: 0, index: 'a4', parentId: 'page:page',
      isLocked: false, opacity: 1, props: { w: 300, h: 300, name: 'f', color: 'black' }, meta: {},
    }
    // Child at frame-local (50, 200) -> centre (150, 300) local -> inside Now.
    const child = { ...noteAt(0, 0, 'in a frame'), parentId: 'shape:frame', x: 50, y: 200 }
    // A group rotated by 90° about its origin: local (x, y) -> page (gx - y, gy + x).
    const group = {
      id: 'shape:group', typeName: 'shape', type: 'group', x: goal.cx + 100, y: goal.cy - 100, rotation: Math.PI / 2, index: 'a4',
      parentId: 'page:page', isLocked: false, opacity: 1, props: {}, meta: {},
    }
    const rotated = { ...noteAt(0, 0, 'rotated in a group'), parentId: 'shape:group', x: 0, y: 0 }
    b.records.push(frame, child, group, rotated)
    const s = boardToPlan(b.records, { now: NOW }).sections[0] as PathSection
    expect(s.now.items.map((i) => i.text)).toEqual(['in a frame'])
    expect(s.goal.items.map((i) => i.text)).toEqual(['rotated in a group'])
  })

  it('gives items to the innermost ring and skips decoration', () => {
    const b = board('community')
    const the = b.zone('the')
    const my = b.zone('my')
    const our = b.zone('our')
    b.records.push(
      noteAt(the.cx, the.cy, 'at the centre'),
      noteAt(my.x + 150, my.cy, 'in my ring'),
      noteAt(our.x + 120, our.cy, 'in our ring'),
      noteAt(the.x + 150, the.cy, 'in THE ring'),
      noteAt(the.x + 60, the.y + 60, 'corner of the bounding box, outside the circle'),
      noteAt(b.zone('chest').x + 10 + 200, b.zone('chest').y + 60, 'on the chest lid'),
    )
    const plan = boardToPlan(b.records, { now: NOW })
    const s = plan.sections[0] as CommunitySection
    expect(s.person.map((i) => i.text)).toEqual(['at the centre'])
    expect(s.assets.my.map((i) => i.text)).toEqual(['in my ring'])
    expect(s.assets.our.map((i) => i.text)).toEqual(['in our ring'])
    expect(s.assets.the.map((i) => i.text)).toEqual(['in THE ring'])
    expect(plan.elsewhere!.map((i) => i.text)).toEqual(['corner of the bounding box, outside the circle', 'on the chest lid'])
  })

  it('reads offers with @name and connections as actions', () => {
    const b = board('community')
    const p = b.zone('peopleIKnow')
    const c = b.zone('connections')
    b.records.push(
      noteAt(p.cx, p.cy, 'Knows the café owner @Sam'),
      noteAt(c.x + 200, c.cy, 'Introduce J to the rugby club @Dad by Friday'),
      cardAt(c.x + 700, c.cy, { what: 'Ask the library about volunteering', who: 'Liz', when: 'March', status: 'doing' }),
    )
    const s = boardToPlan(b.records, { now: NOW, sessionDate: '2027-01-12' }).sections[0] as CommunitySection
    expect(strip(s.treasure.peopleIKnow)).toEqual([{ text: 'Knows the café owner', offeredBy: 'Sam' }])
    expect(strip(s.connections)).toEqual([
      { what: 'Introduce J to the rugby club', who: 'Dad', when: 'Friday', dueDate: '2027-01-15', status: 'todo' },
      { what: 'Ask the library about volunteering', who: 'Liz', when: 'March', dueDate: '2027-03-31', status: 'doing' },
    ])
  })

  it('reads 7 Keys bands and next steps', () => {
    const b = board('7keys')
    const w = b.zone('money.working')
    const nw = b.zone('money.notWorking')
    const ns = b.zone('money.nextSteps')
    b.records.push(
      noteAt(w.cx, w.cy, 'Has a savings jar'),
      noteAt(nw.cx, nw.cy, 'No bank card'),
      textAt(ns.x + 20, ns.y + 100, 'Open a bank account @Mum by 1 Feb (doing)'),
    )
    const s = boardToPlan(b.records, { now: NOW }).sections[0] as SevenKeysSection
    expect(s.keys.map((k) => k.label)).toEqual(['Meaning', 'Freedom', 'Money', 'Home', 'Help', 'Life', 'Love'])
    const money = strip(s.keys[2])
    expect(money).toEqual({
      key: 'money', label: 'Money', working: [{ text: 'Has a savings jar' }], notWorking: [{ text: 'No bank card' }],
      nextSteps: [{ what: 'Open a bank account', who: 'Mum', when: '1 Feb', dueDate: '2027-02-01', status: 'doing' }],
    })
  })

  it('uses a card due date kept in meta only while "when" is unchanged', () => {
    const b = board('path')
    const f = b.zone('firstStep')
    b.records.push(
      cardAt(f.cx, f.y + 150, { what: 'A', who: 'Liz', when: 'after the review' }, { dueDate: '2027-05-01', dueFor: 'after the review' }),
      cardAt(f.cx, f.y + 350, { what: 'B', who: 'Liz', when: 'Friday' }, { dueDate: '2027-05-01', dueFor: 'Monday' }),
    )
    const s = boardToPlan(b.records, { now: NOW, sessionDate: '2027-01-12' }).sections[0] as PathSection
    expect(s.actions.firstStep.map((a) => a.dueDate)).toEqual(['2027-05-01', '2027-01-15'])
  })
})

describe('silos bridges', () => {
  it('turns arrows between silos (free or bound ends) into bridges, and follows renamed silos', () => {
    const b = board('silos')
    const plate = (id: string) => ({ x: b.zone(id).cx, y: b.zone(id).y + 60 })
    const offers3 = b.zone('silo3.offers')
    const target = noteAt(offers3.cx, offers3.cy, 'Housing officer')
    const bound = arrowFromTo({ x: 0, y: 0 }, { x: 10, y: 10 }, 'Named contact')
    const binding = (terminal: string, toId: string) => ({
      id: `binding:${nextId()}`, typeName: 'binding', type: 'arrow', fromId: bound.id, toId,
      props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' }, meta: {},
    })
    const zoneShape = b.zones.find((z) => z.props.zoneId === 'person')!
    const renamed = b.zones.find((z) => z.props.zoneId === 'silo1')!
    renamed.props.label = 'GP surgery'
    const first = arrowFromTo(plate('silo1'), { x: b.zone('silo2.offers').cx, y: b.zone('silo2.offers').cy }, 'Shared assessment')
    first.index = 'a6' // bridges come in creation (z) order: this one is below the bound arrow (a9)
    b.records.push(
      first,
      target,
      bound,
      binding('start', target.id),
      binding('end', zoneShape.id),
      arrowFromTo(plate('silo4'), { x: b.zone('silo4.barriers').cx, y: b.zone('silo4.barriers').cy }, 'inside one silo: not a bridge'),
      arrowFromTo(plate('silo5'), { x: -5000, y: -5000 }, 'into nowhere: not a bridge'),
    )
    const s = boardToPlan(b.records, { now: NOW }).sections[0] as SilosSection
    expect(s.silos.map((x) => x.name)).toEqual(['GP surgery', 'Social care', 'Housing', 'Benefits', 'Education', 'Voluntary and community sector'])
    expect(s.silos[2].offers.map((i) => i.text)).toEqual(['Housing officer'])
    expect(strip(s.bridges)).toEqual([
      { from: 'GP surgery', to: 'Social care', label: 'Shared assessment', fromZoneId: 'silo1', toZoneId: 'silo2' },
      { from: 'Housing', to: 'The person / community', label: 'Named contact', fromZoneId: 'silo3', toZoneId: 'person' },
    ])
  })
})

describe('robustness', () => {
  it('never throws on junk and still returns a valid plan', () => {
    const b = board('path')
    const junk: unknown[] = [
      null, 1, 'x', [], {}, { id: 5 }, { id: 'shape:x', typeName: 'shape' },
      { id: 'shape:nan', typeName: 'shape', type: 'note', x: NaN, y: 'a', props: { richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'nan note' }] }] } } },
      { id: 'shape:c1', typeName: 'shape', type: 'note', parentId: 'shape:c2', x: 0, y: 0, props: { richText: 'cycle 1' } },
      { id: 'shape:c2', typeName: 'shape', type: 'group', parentId: 'shape:c1', x: 0, y: 0, props: {} },
      { id: 'shape:orphan', typeName: 'shape', type: 'note', parentId: 'shape:missing', props: { richText: 'orphan' } },
      { id: 'shape:z', typeName: 'shape', type: 'cb-zone', props: { w: -1, h: 'x', templateId: 'path' } },
      { id: 'shape:z2', typeName: 'shape', type: 'cb-zone', parentId: 'page:page', x: 0, y: 0, props: { w: 100, h: 100, templateId: 'path', instanceId: 'i1', zoneId: 'dream', geometry: 'blob', kind: 'weird' } },
      { id: 'binding:b', typeName: 'binding', type: 'arrow', fromId: 'shape:nope', toId: 7, props: null },
      { id: 'shape:a', typeName: 'shape', type: 'arrow', parentId: 'page:page', props: { start: null, end: 'x' } },
      { id: 'shape:empty', typeName: 'shape', type: 'note', parentId: 'page:page', x: 0, y: 0, props: { richText: { type: 'doc', content: [] } } },
      { id: 'shape:draw', typeName: 'shape', type: 'draw', parentId: 'page:page', x: 0, y: 0, props: {} },
    ]
    const plan = boardToPlan([...b.records, ...junk], { now: NOW })
    expect(parsePlan(plan).ok).toBe(true)
    expect(plan.sections.map((s) => s.template)).toEqual(['path'])
    const texts = plan.elsewhere!.map((i) => i.text)
    expect(texts).toContain('orphan')
    expect(texts).not.toContain('')
    expect(boardToPlan('not an array' as unknown, { now: NOW }).sections).toEqual([])
    expect(boardToPlan(null, { now: NOW }).board.name).toBe('Untitled board')
  })

  it('lists images with alt text and links elsewhere, ignores drawings', () => {
    const b = board('path')
    b.records.push(
      { id: 'shape:img', typeName: 'shape', type: 'image', parentId: 'page:page', x: 5000, y: 0, rotation: 0, index: 'a5', props: { w: 100, h: 100, altText: 'Photo of the café' }, meta: {} },
      { id: 'shape:img2', typeName: 'shape', type: 'image', parentId: 'page:page', x: 5200, y: 0, rotation: 0, index: 'a5', props: { w: 100, h: 100, altText: '' }, meta: {} },
      { id: 'shape:bm', typeName: 'shape', type: 'bookmark', parentId: 'page:page', x: 5400, y: 0, rotation: 0, index: 'a5', props: { w: 100, h: 100, url: 'https://example.org' }, meta: {} },
    )
    expect(boardToPlan(b.records, { now: NOW }).elsewhere!.map((i) => i.text)).toEqual(['Photo of the café', 'https://example.org'])
  })

  it('numbers several instances and orders them by position; unknown templates become generic sections', () => {
    const right = board('path', { x: 4000, instanceId: 'second' })
    const left = board('path', { x: 0, instanceId: 'first' })
    const unknown = board('silos', { x: 0, y: 3000, instanceId: 'u' })
    for (const z of unknown.zones) z.props.templateId = 'fromTheFuture'
    const plan = boardToPlan([...right.records, ...left.zones, ...unknown.zones], { now: NOW })
    expect(plan.sections.map((s) => [s.title, s.instanceId])).toEqual([
      ['PATH', 'first'],
      ['PATH (2)', 'second'],
      ['fromTheFuture', 'u'],
    ])
    const g = plan.sections[2]
    expect(g.template).toBe('generic')
    if (g.template === 'generic') expect(g.zones.length).toBe(13)
    expect(parsePlan(plan).ok).toBe(true)
  })
})

describe('connections chains and TO / FOR / WITH / BY moves (arrows as people draw them)', () => {
  const strip = <T,>(v: T): T => JSON.parse(JSON.stringify(v, (k, val) => (k === 'shapeId' || k.endsWith('ShapeId') ? undefined : val)))
  const bind = (arrowId: string, terminal: 'start' | 'end', toId: string) => ({
    id: `binding:${nextId()}`, typeName: 'binding', type: 'arrow', fromId: arrowId, toId,
    props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false }, meta: {},
  })

  it('reads bound arrows between notes as a chain, in the order drawn, with the arrows’ words', () => {
    const b = board('connections')
    const people = b.zone('people')
    const places = b.zone('places')
    const interests = b.zone('interests')
    const driver = noteAt(people.x + 200, people.y + 500, 'The bus driver')
    const pub = noteAt(places.x + 200, places.y + 500, 'The pub')
    const quiz = noteAt(interests.x + 300, interests.y + 500, 'The quiz team')
    const rugby = noteAt(interests.x + 700, interests.y + 500, 'The rugby club')
    const a1 = arrowFromTo({ x: 0, y: 0 }, { x: 1, y: 1 }, 'invites him to')
    const a2 = arrowFromTo({ x: 0, y: 0 }, { x: 1, y: 1 }, '')
    // Drawn with free ends: starts on the quiz note, ends on the rugby note.
    const a3 = arrowFromTo({ x: interests.x + 300, y: interests.y + 500 }, { x: interests.x + 700, y: interests.y + 520 }, 'supporters of')
    a1.index = 'a6'
    a2.index = 'a7'
    a3.index = 'a8'
    const stray = arrowFromTo({ x: people.x + 200, y: people.y + 500 }, { x: -9000, y: -9000 }, 'into nowhere')
    b.records.push(driver, pub, quiz, rugby, a1, a2, a3, stray, bind(a1.id, 'start', driver.id), bind(a1.id, 'end', pub.id), bind(a2.id, 'start', pub.id), bind(a2.id, 'end', quiz.id))
    const plan = boardToPlan(b.records, { now: NOW })
    expect(parsePlan(plan).ok).toBe(true)
    const s = plan.sections[0] as ConnectionsSection
    expect(strip(s.chains)).toEqual([
      {
        steps: [
          { text: 'The bus driver', zoneId: 'people' },
          { text: 'The pub', zoneId: 'places', label: 'invites him to' },
          { text: 'The quiz team', zoneId: 'interests', label: '' },
          { text: 'The rugby club', zoneId: 'interests', label: 'supporters of' },
        ],
      },
    ])
    expect(s.chains[0].steps[1].arrowShapeId).toBe(a1.id)
    expect(planToMarkdown(plan)).toContain('1. The bus driver → _(invites him to)_ The pub → The quiz team → _(supporters of)_ The rugby club')
  })

  it('reads an arrow from an initiative into another quadrant as a move; arrows inside a quadrant are not moves', () => {
    const b = board('toForWithBy')
    const forZ = b.zone('for')
    const withZ = b.zone('with')
    const lunch = noteAt(forZ.x + 300, forZ.y + forZ.h - 150, 'Lunch club')
    const other = noteAt(forZ.x + 800, forZ.y + forZ.h - 150, 'Befriending')
    const move = arrowFromTo({ x: 0, y: 0 }, { x: withZ.cx, y: withZ.cy }, 'run it with members')
    const inside = arrowFromTo({ x: forZ.x + 300, y: forZ.y + forZ.h - 150 }, { x: forZ.x + 800, y: forZ.y + forZ.h - 150 }, 'same quadrant')
    b.records.push(lunch, other, move, inside, bind(move.id, 'start', lunch.id))
    const plan = boardToPlan(b.records, { now: NOW })
    const s = plan.sections[0] as ToForWithBySection
    expect(strip(s.moves)).toEqual([
      { from: 'Doing FOR', to: 'Doing WITH', initiative: 'Lunch club', label: 'run it with members', fromZoneId: 'for', toZoneId: 'with' },
    ])
    expect(s.moves[0].itemShapeId).toBe(lunch.id)
    expect(s.for.map((i) => i.text)).toEqual(['Lunch club', 'Befriending'])
    expect(planToCsv(plan)).toContain('TO / FOR / WITH / BY,Intended moves,Doing FOR → Doing WITH: Lunch club (run it with members),,,,todo,')
  })

  it('gifts name whose gift it is; interest rows keep their row', () => {
    const g = board('gifts')
    g.records.push(noteAt(g.zone('hands').cx, g.zone('hands').cy, 'Fixes bikes @Sam'), noteAt(g.zone('share').cx, g.zone('share').cy, 'Ask the repair café @Liz by Friday'))
    const gs = boardToPlan(g.records, { now: NOW, sessionDate: '2027-01-12' }).sections[0] as GiftsSection
    expect(strip(gs.hands)).toEqual([{ text: 'Fixes bikes', offeredBy: 'Sam' }])
    expect(strip(gs.share)).toEqual([{ what: 'Ask the repair café', who: 'Liz', when: 'Friday', dueDate: '2027-01-15', status: 'todo' }])

    const b = board('interestToAction')
    b.records.push(
      noteAt(b.zone('row2.interest').cx, b.zone('row2.interest').cy + 40, 'Rugby'),
      noteAt(b.zone('row2.group').cx, b.zone('row2.group').cy + 40, 'Saturday club'),
      noteAt(b.zone('row2.actions').cx, b.zone('row2.actions').cy + 40, 'Go along with J @Dad by Saturday'),
    )
    const plan = boardToPlan(b.records, { now: NOW })
    const s = plan.sections[0] as InterestToActionSection
    expect(s.rows.map((r) => r.row)).toEqual(['row1', 'row2', 'row3', 'row4'])
    expect(s.rows[1].interest.map((i) => i.text)).toEqual(['Rugby'])
    expect(s.rows[1].group.map((i) => i.text)).toEqual(['Saturday club'])
    expect(s.rows[1].actions.map((a) => `${a.what}|${a.who}`)).toEqual(['Go along with J|Dad'])
    expect(planToCsv(plan)).toContain('From interest to action,Interest 2: Rugby,Go along with J,Dad,Saturday')
  })

  it('a long chain and a star of arrows: every arrow in exactly one chain', () => {
    const n = 3000
    const entries = Array.from({ length: n }, (_, i) => ({ text: `n${i}`, shapeId: `s${i}` }))
    const links = [
      ...Array.from({ length: n - 1 }, (_, i) => ({ fromItem: `s${i}`, toItem: `s${i + 1}`, fromZoneId: 'people', toZoneId: 'people', label: '', shapeId: `a${i}` })),
      // A hub with many arrows out of it (a branch each).
      ...Array.from({ length: 500 }, (_, i) => ({ fromItem: 's5', toItem: `s${100 + i}`, fromZoneId: 'people', toZoneId: 'people', label: 'hub', shapeId: `h${i}` })),
    ]
    const reader = { entries: (z: string) => (z === 'people' ? entries : []), links } as unknown as Parameters<typeof readChains>[0]
    const chains = readChains(reader)
    expect(chains[0].steps).toHaveLength(n)
    expect(chains.length).toBe(501)
    const arrows = chains.flatMap((c) => c.steps.slice(1).map((st) => st.arrowShapeId))
    expect(new Set(arrows).size).toBe(links.length)
  })

  it('generic templates list their zones in the method’s order', () => {
    const order = (id: string) => (boardToPlan(board(id).records, { now: NOW }).sections[0] as GenericSection).zones.map((z) => z.zoneId)
    expect(order('maps')).toEqual(['story', 'dream', 'nightmare', 'who', 'gifts', 'needs', 'plan'])
    expect(order('circleOfSupport')).toEqual(['person', 'intimacy', 'friendship', 'participation', 'exchange', 'potential', 'invite'])
    expect(order('onePageProfile')).toEqual(['person', 'appreciate', 'important', 'support'])
    expect(order('goodDays')).toEqual(['story', 'where', 'withWhom', 'doingWhat', 'interests'])
    expect(order('communitySpaces')).toEqual(['places', 'who', 'happen', 'ask', 'stops', 'actions'])
  })
})

describe('boardToPlan with a PlanCache (the live plan panel)', () => {
  it('gives the same plan as without one, on the example board, run after run', () => {
    const records = jPathBoardRecords()
    const cache = new PlanCache()
    const plain = boardToPlan(records, { now: NOW })
    expect(boardToPlan(records, { now: NOW, cache })).toEqual(plain)
    expect(boardToPlan(records, { now: NOW, cache })).toEqual(plain)
  })

  it('reads a record again when the store replaced it (moved, retyped), and drops a deleted one', () => {
    const b = board('path')
    const now = b.zone('now')
    const goal = b.zone('goal')
    const note = noteAt(now.cx, now.cy, 'at home')
    const other = noteAt(now.cx, now.cy + 120, 'likes buses')
    const cache = new PlanCache()
    const read = (records: unknown[]) => boardToPlan(records, { now: NOW, cache }).sections[0] as PathSection
    expect(read([...b.records, note, other]).now.items.map((i) => i.text)).toEqual(['at home', 'likes buses'])
    // Same id, new object (as tldraw's store does on every change): moved into Goal and retyped.
    const moved = { ...noteAt(goal.cx, goal.cy, 'a job at the café'), id: note.id }
    const s = read([...b.records, moved, other])
    expect(s.goal.items).toEqual([{ text: 'a job at the café', shapeId: note.id }])
    expect(s.now.items.map((i) => i.text)).toEqual(['likes buses'])
    expect(read([...b.records, moved]).now.items).toEqual([])
  })

  it('places a shape inside a frame from the frame as it is now, not as it was', () => {
    const b = board('path')
    const now = b.zone('now')
    const goal = b.zone('goal')
    const frame = (x: number, y: number) => ({
      id: 'shape:frame', typeName: 'shape', type: 'frame', x, y, rotation: 0, index: 'a4', parentId: 'page:page',
      isLocked: false, opacity: 1, props: { w: 300, h: 300, name: 'f', color: 'black' }, meta: {},
    })
    const child = { ...noteAt(0, 0, 'in a frame'), parentId: 'shape:frame', x: 50, y: 50 }
    const cache = new PlanCache()
    const read = (f: unknown) => boardToPlan([...b.records, f, child], { now: NOW, cache }).sections[0] as PathSection
    expect(read(frame(now.x + 20, now.y + 20)).now.items.map((i) => i.text)).toEqual(['in a frame'])
    const s = read(frame(goal.x + 20, goal.y + 20))
    expect(s.goal.items.map((i) => i.text)).toEqual(['in a frame'])
    expect(s.now.items).toEqual([])
  })

  it('counts relative dates on action cards from the day of each extraction', () => {
    const b = board('path')
    const month = b.zone('oneMonth')
    const card = cardAt(month.cx, month.cy, { what: 'Visit the college', who: 'Sam', when: 'tomorrow' })
    const cache = new PlanCache()
    const due = (now: Date) => (boardToPlan([...b.records, card], { now, cache }).sections[0] as PathSection).actions.oneMonth[0].dueDate
    expect(due(new Date(2027, 0, 20, 12))).toBe('2027-01-21')
    expect(due(new Date(2027, 1, 3, 12))).toBe('2027-02-04')
  })
})
