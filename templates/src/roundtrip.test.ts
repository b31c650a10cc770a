import { describe, expect, it } from 'vitest'
import { parseBoardFile, parsePlan } from '@circleboard/shared'
import type { ConnectionsSection, Plan, SilosSection, ToForWithBySection } from '@circleboard/shared'
import { planBoardFile, templateBoardFile } from './board'
import { boardToPlan } from './extract'
import { fillZones, planToBoard, planToShapes } from './import'
import { indexKeys, isValidIndexKey } from './indexKeys'
import { makeDocument, makePage } from './records'
import { templateToShapes } from './place'
import { getTemplate, templates } from './registry'
import type { SectionLayout, TemplateOptions, ZoneFillEntry } from './types'

const NOW = new Date('2027-01-20T12:00:00Z')

/** Compare plans ignoring shape ids and the export time. */
function comparable(plan: Plan): unknown {
  return JSON.parse(JSON.stringify({ ...plan, board: { ...plan.board, exportedAt: '' } }, (k, v) => (k === 'shapeId' || k.endsWith('ShapeId') ? undefined : v)))
}

/** Items, actions, enrol entries and offers in a plan (not bridges, moves or chains, not text blocks' joined text). */
function countItems(plan: Plan): number {
  let n = 0
  JSON.stringify(plan.sections, (k, v) => {
    if (k === 'chains') return undefined // chain steps are notes counted in their zones
    if (v && typeof v === 'object' && typeof v.shapeId === 'string' && !('from' in v)) n++
    return v
  })
  return n
}

const ACTION_TEXTS = ['Call Sam @Liz by Friday', 'Book the room @"Liz M" by 3 Feb (doing)', 'Send the notes (done)', 'Think about it']

/** A board with `perZone` entries in every zone of the template: sticky text everywhere, and some cards. */
function filledBoard(templateId: string, perZone: number, options?: TemplateOptions) {
  const zones = templateToShapes(templateId, { x: 0, y: 0, instanceId: `${templateId}-i`, parentId: 'page:page', options })
  const fills: Record<string, ZoneFillEntry[]> = {}
  for (const z of getTemplate(templateId)!.zones(options)) {
    if (z.kind === 'decoration') continue
    fills[z.id] = Array.from({ length: perZone }, (_, i): ZoneFillEntry => {
      if (z.kind === 'actions') {
        return i % 3 === 2
          ? { action: { what: `Card ${i} in ${z.id}`, who: 'Dad', when: 'next week', status: 'done' } }
          : { text: ACTION_TEXTS[i % ACTION_TEXTS.length] }
      }
      if (z.id === 'enrol') return { text: i % 2 ? `Neighbour ${i} (ask: Mum)` : `Friend ${i}` }
      return { text: i % 2 ? `${z.id} item ${i} @Sam` : `${z.id} item ${i}\nsecond line` }
    })
  }
  const bridges: Array<{ fromZoneId: string; toZoneId: string; label: string }> =
    templateId === 'silos'
      ? [
          { fromZoneId: 'silo1', toZoneId: 'silo2', label: 'Shared assessment' },
          { fromZoneId: 'silo2', toZoneId: 'silo1', label: 'Referral back' },
          { fromZoneId: 'silo3', toZoneId: 'person', label: 'Named contact' },
        ]
      : []
  // Chains (connections) and moves (TO/FOR/WITH/BY): arrows from note to note, and from a note or a quadrant into a quadrant.
  const links: NonNullable<SectionLayout['links']> =
    perZone < 2
      ? []
      : templateId === 'connections'
        ? [
            { from: { zoneId: 'people', index: 0 }, to: { zoneId: 'places', index: 0 }, label: 'invites him to' },
            { from: { zoneId: 'places', index: 0 }, to: { zoneId: 'interests', index: 1 }, label: '' },
            { from: { zoneId: 'places', index: 0 }, to: { zoneId: 'people', index: 1 }, label: 'meets' },
            { from: { zoneId: 'people', index: 1 }, to: { zoneId: 'people', index: 0 }, label: 'same zone' },
          ]
        : templateId === 'toForWithBy'
          ? [
              { from: { zoneId: 'to', index: 0 }, to: { zoneId: 'with' }, label: 'co-produce it' },
              { from: { zoneId: 'for', index: 1 }, to: { zoneId: 'by' }, label: '' },
            ]
          : []
  if (templateId === 'toForWithBy') bridges.push({ fromZoneId: 'for', toZoneId: 'with', label: 'Lunch club' })
  let n = 0
  const { shapes, arrows } = fillZones(zones, [{ title: 't', instanceId: `${templateId}-i`, layout: { fills, bridges, links } }], {
    pageId: 'page:page',
    shapeId: () => `shape:f${++n}`,
    actionsAsNotes: true,
  })
  const all = [...zones, ...shapes, ...arrows]
  indexKeys(all.length).forEach((k, i) => (all[i].index = k))
  return [makeDocument({ name: `${templateId} board`, sessionDate: '2027-01-12', reviewDate: '2027-04-01' }), makePage(), ...all]
}

describe('plan -> board -> plan', () => {
  for (const t of templates) {
    for (const perZone of [1, 3, 12]) {
      it(`${t.id}, ${perZone} item(s) per zone`, () => {
        const plan1 = boardToPlan(filledBoard(t.id, perZone), { now: NOW })
        expect(parsePlan(plan1).ok).toBe(true)
        // Every sticky landed in its zone (none lost to a neighbour or "elsewhere").
        const zoneCount = t.zones().filter((z) => z.kind !== 'decoration').length
        expect(countItems(plan1)).toBe(zoneCount * perZone)
        expect(plan1.elsewhere).toEqual([])
        const records = planToShapes(plan1)
        const plan2 = boardToPlan(records, { now: NOW })
        expect(comparable(plan2)).toEqual(comparable(plan1))
      })
    }
  }

  it('silos with 4 renamed columns and bridges', () => {
    const records = filledBoard('silos', 2, { count: 4 })
    for (const r of records as Array<{ type?: string; props?: { zoneId?: string; label?: string } }>) {
      if (r.type === 'cb-zone' && r.props?.zoneId === 'silo2') r.props.label = 'GP surgery'
    }
    const plan1 = boardToPlan(records, { now: NOW })
    const s1 = plan1.sections[0] as SilosSection
    expect(s1.silos.map((s) => s.name)).toEqual(['Health', 'GP surgery', 'Housing', 'Benefits'])
    expect(s1.bridges.map((b) => `${b.from}>${b.to}:${b.label}`)).toEqual([
      'Health>GP surgery:Shared assessment',
      'GP surgery>Health:Referral back',
      'Housing>The person / community:Named contact',
    ])
    const plan2 = boardToPlan(planToShapes(plan1), { now: NOW })
    expect(comparable(plan2)).toEqual(comparable(plan1))
  })

  it('connections: arrows between notes come out as chains, in order, branches as chains of their own, and survive import', () => {
    const plan1 = boardToPlan(filledBoard('connections', 3), { now: NOW })
    const s = plan1.sections[0] as ConnectionsSection
    expect(s.chains.map((c) => c.steps.map((st) => `${st.label ? `(${st.label}) ` : ''}${st.zoneId}:${st.text.split('\n')[0]}`))).toEqual([
      ['people:people item 0', '(invites him to) places:places item 0', 'interests:interests item 1 @Sam'],
      ['places:places item 0', '(meets) people:people item 1 @Sam', '(same zone) people:people item 0'],
    ])
    expect(s.chains[0].steps[1].arrowShapeId).toMatch(/^shape:/)
    expect(s.chains[0].steps[0].shapeId).toBe(s.people[0].shapeId)
    const plan2 = boardToPlan(planToShapes(plan1), { now: NOW })
    expect(comparable(plan2)).toEqual(comparable(plan1))
  })

  it('connections: a hand-written chain naming notes that are not on the board adds them to their zone', () => {
    const plan = boardToPlan(filledBoard('connections', 0), { now: NOW })
    const s = plan.sections[0] as ConnectionsSection
    s.chains = [{ steps: [{ text: 'Bus driver', zoneId: 'people' }, { text: 'The pub', zoneId: 'places', label: 'invites' }, { text: 'Quiz team' }] }]
    const back = boardToPlan(planToShapes(plan), { now: NOW }).sections[0] as ConnectionsSection
    expect(back.people.map((i) => i.text)).toEqual(['Bus driver', 'Quiz team'])
    expect(back.places.map((i) => i.text)).toEqual(['The pub'])
    expect(back.chains.map((c) => c.steps.map((st) => st.text))).toEqual([['Bus driver', 'The pub', 'Quiz team']])
  })

  it('TO / FOR / WITH / BY: arrows into another quadrant are moves, from the note they start on or named by their label', () => {
    const plan1 = boardToPlan(filledBoard('toForWithBy', 3), { now: NOW })
    const s = plan1.sections[0] as ToForWithBySection
    expect(s.moves.map((m) => `${m.from} → ${m.to}: ${m.initiative.split('\n')[0]} [${m.label}]`)).toEqual([
      'Doing FOR → Doing WITH: Lunch club [Lunch club]',
      'Doing TO → Doing WITH: to item 0 [co-produce it]',
      'Doing FOR → Done BY: for item 1 @Sam []',
    ])
    expect(s.moves[1].itemShapeId).toBe(s.to[0].shapeId)
    expect(s.moves[0].itemShapeId).toBeUndefined()
    const plan2 = boardToPlan(planToShapes(plan1), { now: NOW })
    expect(comparable(plan2)).toEqual(comparable(plan1))
  })

  it('a board with all four templates and loose items', () => {
    const parts = templates.map((t) => boardToPlan(filledBoard(t.id, 2), { now: NOW }))
    const plan1: Plan = { ...parts[0], sections: parts.map((p) => p.sections[0]), elsewhere: [{ text: 'parking lot' }, { text: 'another idea' }] }
    const { records, warnings } = planToBoard(plan1)
    expect(warnings).toEqual([])
    const plan2 = boardToPlan(records, { now: NOW })
    expect(comparable(plan2)).toEqual(comparable(plan1))
    // Valid, unique, increasing index keys and unique ids.
    const shapes = records.filter((r) => r.typeName === 'shape') as unknown as Array<{ id: string; index: string }>
    expect(new Set(shapes.map((s) => s.id)).size).toBe(shapes.length)
    for (let i = 1; i < shapes.length; i++) {
      expect(isValidIndexKey(shapes[i].index)).toBe(true)
      expect(shapes[i].index > shapes[i - 1].index).toBe(true)
    }
  })

  it('a hand-written plan with only the text of a block still imports', () => {
    const plan = boardToPlan(filledBoard('path', 0), { now: NOW })
    const s = plan.sections[0]
    if (s.template !== 'path') throw new Error('expected path')
    s.dream = { text: 'A home of my own', items: [] }
    const back = boardToPlan(planToShapes(plan), { now: NOW }).sections[0]
    expect(back.template === 'path' && back.dream.text).toBe('A home of my own')
  })

  it('fresh ids when asked (importing twice into one board)', () => {
    const plan = boardToPlan(filledBoard('path', 1), { now: NOW })
    let n = 0
    const a = planToShapes(plan, { newId: () => `x${++n}`, withDocumentAndPage: false })
    const b = planToShapes(plan, { newId: () => `x${++n}`, withDocumentAndPage: false })
    const ids = new Set([...a, ...b].map((r) => r.id))
    expect(ids.size).toBe(a.length + b.length)
  })
})

describe('files', () => {
  it('template file -> export gives the empty plan of that template', () => {
    for (const t of templates) {
      const parsed = parseBoardFile(templateBoardFile(t.id, { savedAt: NOW }))
      expect(parsed.ok).toBe(true)
      if (!parsed.ok) continue
      expect(parsed.file.schema.sequences?.['com.tldraw.shape.cb-zone']).toBe(1)
      const plan = boardToPlan(parsed.file.records, { now: NOW, boardName: parsed.file.name })
      expect(plan.board.name).toBe(t.name)
      expect(plan.sections.map((s) => s.template)).toEqual([t.section])
      expect(plan.elsewhere).toEqual([])
    }
  })

  it('plan -> board file -> plan', () => {
    const plan1 = boardToPlan(filledBoard('community', 2), { now: NOW })
    const { text, warnings } = planBoardFile(plan1, { savedAt: NOW })
    expect(warnings).toEqual([])
    const parsed = parseBoardFile(text)
    if (!parsed.ok) throw new Error(parsed.error)
    expect(comparable(boardToPlan(parsed.file.records, { now: NOW }))).toEqual(comparable(plan1))
  })
})
