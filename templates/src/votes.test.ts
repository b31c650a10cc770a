import { describe, expect, it } from 'vitest'
import { parsePlan } from '@circleboard/shared'
import type { CommunitySection, PathSection } from '@circleboard/shared'
import { boardToPlan } from './extract'
import { board, cardAt, noteAt, textAt } from './testHelpers'

const NOW = new Date('2027-01-20T12:00:00Z')

describe('dot-vote results in the plan (meta.votes, written by the relay at the reveal)', () => {
  it('items, actions, enrol entries, offers and notes elsewhere carry votes; order is unchanged', () => {
    const b = board('path')
    const stronger = b.zone('stronger')
    const first = b.zone('firstStep')
    const enrol = b.zone('enrol')
    b.records.push(
      noteAt(stronger.cx, stronger.y + 250, 'Keep Saturday rugby', { meta: { votes: 1 } }),
      noteAt(stronger.cx, stronger.y + 500, 'Breaks for Mum and Dad', { meta: { votes: 4 } }),
      cardAt(first.cx, first.y + 300, { what: 'Call the café', who: 'Liz', when: 'Friday' }, { votes: 3 }),
      noteAt(enrol.x + 200, enrol.cy, 'The bus driver (ask: Dad)', { meta: { votes: 2 } }),
      textAt(-3000, -3000, 'A parked idea'),
    )
    const last = b.records[b.records.length - 1] as { meta: Record<string, unknown> }
    last.meta = { votes: 0 }
    const plan = boardToPlan(b.records, { now: NOW })
    const s = plan.sections[0] as PathSection
    expect(s.gettingStronger.map((i) => [i.text, i.votes])).toEqual([
      ['Keep Saturday rugby', 1],
      ['Breaks for Mum and Dad', 4],
    ])
    expect(s.actions.firstStep[0]).toMatchObject({ what: 'Call the café', votes: 3 })
    expect(s.enrol[0]).toMatchObject({ person: 'The bus driver', asks: 'Dad', votes: 2 })
    expect(plan.elsewhere?.[0]).toMatchObject({ text: 'A parked idea', votes: 0 })
    expect(parsePlan(plan)).toEqual({ ok: true, plan })
  })

  it('no vote: no votes field at all; a bad value is ignored', () => {
    const b = board('community')
    const z = b.zone('bumping')
    const chest = b.zone('skills')
    b.records.push(
      noteAt(z.cx, z.y + 300, 'The park'),
      noteAt(z.cx, z.y + 600, 'Bus 42', { meta: { votes: 'lots' } }),
      noteAt(chest.cx, chest.y + chest.h - 120, 'Can teach guitar @Sam', { meta: { votes: 5 } }),
    )
    const s = boardToPlan(b.records, { now: NOW }).sections[0] as CommunitySection
    expect(s.bumpingSpaces.map((i) => 'votes' in i)).toEqual([false, false])
    expect(s.treasure.skills[0]).toMatchObject({ text: 'Can teach guitar', offeredBy: 'Sam', votes: 5 })
  })
})
