import { describe, expect, it } from 'vitest'
import { TEMPLATE_IDS, boardToPlan, getTemplate, jPathBoardRecords, newTemplateBoardRecords } from '@circleboard/templates'
import { describeAction, planOutline } from './outline'

const now = new Date('2027-01-20T12:00:00Z')

describe('planOutline', () => {
  it("J's PATH: the steps in order, items and actions under the right headings", () => {
    const outline = planOutline(boardToPlan(jPathBoardRecords(), { now }))
    const [path] = outline.sections
    expect(path.title).toBe('PATH')
    expect(path.groups.map((g) => g.heading)).toEqual([
      '1. North Star — the Dream',
      '2. The Goal (a year from now)',
      '3. Now',
      '4. Enrol — who we need, and who will ask them',
      '5. Getting stronger',
      '6. Next few months',
      '7. Next month',
      '8. First step',
    ])
    const first = path.groups[7].entries
    expect(first).toHaveLength(1)
    expect(first[0].kind === 'action' && [first[0].action.what, first[0].action.who, first[0].action.when]).toEqual([
      'Call the café owner',
      'Liz',
      'Friday',
    ])
    expect(path.groups[3].entries[0]).toMatchObject({ kind: 'enrol', asks: 'Dad' })
    expect(outline.counts).toEqual({ items: 7, actions: 3 })
  })

  it('votes from a revealed dot vote reach the panel: items, enrol entries and actions', () => {
    const records = jPathBoardRecords() as Array<{ typeName?: string; type?: string; meta?: Record<string, unknown> }>
    const notes = records.filter((r) => r.typeName === 'shape' && r.type !== 'cb-zone')
    for (const r of notes) r.meta = { ...r.meta, votes: 2 }
    const [path] = planOutline(boardToPlan(records, { now })).sections
    const entries = path.groups.flatMap((g) => g.entries)
    expect(entries.length).toBeGreaterThan(5)
    for (const e of entries) expect(e.kind === 'action' ? e.action.votes : 'votes' in e ? e.votes : undefined).toBe(2)
  })

  it('silos: a renameable heading per silo, and the bridges group', () => {
    const outline = planOutline(boardToPlan(newTemplateBoardRecords('silos', { instanceId: 's1', options: { count: 4 } }), { now }))
    const groups = outline.sections[0].groups
    const renameable = groups.filter((g) => g.renameZone)
    expect(renameable.map((g) => g.heading)).toEqual(['Health', 'Social care', 'Housing', 'Benefits'])
    expect(renameable[2].renameZone).toEqual({ instanceId: 's1', zoneId: 'silo3' })
    expect(groups.at(-1)?.heading).toBe('Bridges')
    expect(outline.counts).toEqual({ items: 0, actions: 0 })
  })

  it('7 Keys and community: sub-headings at level 4 under their key / chest', () => {
    for (const id of ['7keys', 'community']) {
      const groups = planOutline(boardToPlan(newTemplateBoardRecords(id), { now })).sections[0].groups
      expect(groups.some((g) => g.level === 4)).toBe(true)
      // every level-4 group follows a level-3 heading
      expect(groups[0].level).toBe(3)
    }
  })
})

describe('adding from the panel', () => {
  it('every group people write in names a real zone of its template (and only those)', () => {
    for (const id of TEMPLATE_IDS) {
      const plan = boardToPlan(newTemplateBoardRecords(id, { instanceId: 'i1' }), { now })
      const zones = new Map(getTemplate(id)!.zones().map((z) => [z.id, z.kind]))
      const groups = planOutline(plan).sections[0].groups
      const targets = groups.flatMap((g) => (g.addTo ? [g.addTo] : []))
      expect(targets.length).toBeGreaterThan(3)
      for (const t of targets) {
        expect(t.instanceId).toBe('i1')
        expect(zones.get(t.zoneId), `${id}: ${t.zoneId}`).toMatch(/^(items|actions)$/)
      }
      // Headings without entries of their own (a key's name, the chest) have nothing to add to.
      for (const g of groups) if (g.empty === undefined) expect(g.addTo).toBeUndefined()
    }
  })
})

describe('describeAction', () => {
  it('shows when as written with the understood date, and a plain status', () => {
    expect(describeAction({ what: 'Call', who: 'Liz', when: 'Friday', dueDate: '2027-01-15', status: 'doing' }, 'en-GB')).toEqual({
      what: 'Call',
      who: 'Liz',
      when: 'Friday (15 January 2027)',
      status: 'in progress',
    })
    expect(describeAction({ what: '', who: '', when: '', status: 'todo' }).what).toBe('(no description)')
  })
})
