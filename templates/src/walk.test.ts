import { describe, expect, it } from 'vitest'
import { templates } from './registry'
import { placedSteps, templateSteps } from './walk'

const ids = (templateId: string, options?: { count?: number }) => templateSteps(templateId, options).map((s) => s.zoneIds)

describe('walking a template', () => {
  it('the four methods can be walked', () => {
    for (const id of ['path', '7keys', 'community', 'silos']) expect(templateSteps(id).length, id).toBeGreaterThan(1)
  })

  // A template without `steps` cannot be walked; one with steps must cover its zones.
  for (const t of templates.filter((t) => t.steps)) {
    for (const options of t.id === 'silos' ? [undefined, { count: 1 }, { count: 8 }] : t.id === 'interestToAction' ? [undefined, { count: 1 }, { count: 6 }] : [undefined]) {
      it(`${t.id}${options ? ` (${options.count})` : ''}: every zone that holds items is in a step, and steps name only real zones`, () => {
        const zones = t.zones(options)
        const steps = templateSteps(t.id, options)
        expect(steps.length).toBeGreaterThan(1)
        const covered = new Set(steps.flatMap((s) => s.zoneIds))
        for (const z of zones.filter((z) => z.kind !== 'decoration')) expect(covered.has(z.id), z.id).toBe(true)
        const known = new Set(zones.map((z) => z.id))
        for (const id of covered) expect(known.has(id), id).toBe(true)
        for (const s of steps) {
          expect(s.title.trim().length).toBeGreaterThan(0)
          expect(s.prompt.trim().length).toBeGreaterThan(10)
          expect(s.zoneIds.length).toBeGreaterThan(0)
        }
      })
    }
  }

  it('PATH goes 1 → 8: dream, goal, now, enrol, getting stronger, 3 months, next month, first step', () => {
    expect(ids('path')).toEqual([['dream'], ['goal'], ['now'], ['enrol'], ['stronger'], ['threeMonths'], ['oneMonth'], ['firstStep']])
    expect(templateSteps('path').map((s) => s.title.slice(0, 1))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8'])
  })

  it('7 Keys: the person, then key by key with its three bands', () => {
    const steps = ids('7keys')
    expect(steps[0]).toEqual(['person'])
    expect(steps.slice(1).map((z) => z[0])).toEqual(['meaning', 'freedom', 'money', 'home', 'help', 'life', 'love'])
    expect(steps[1]).toEqual(['meaning', 'meaning.working', 'meaning.notWorking', 'meaning.nextSteps'])
  })

  it('community: rings from the person outwards, then bumping spaces, treasure, share/swap/give, connections', () => {
    expect(ids('community').map((z) => z[0])).toEqual(['person', 'my', 'our', 'the', 'bumping', 'chest', 'shareSwapGive', 'connections'])
    expect(ids('community')[5]).toEqual(['chest', 'peopleIKnow', 'passions', 'skills', 'wantToLearn'])
  })

  it('silos: column by column, then bridges', () => {
    const steps = templateSteps('silos', { count: 3 })
    expect(steps.map((s) => s.zoneIds[0])).toEqual(['silo1', 'silo2', 'silo3', 'person'])
    expect(steps[0].zoneIds).toEqual(['silo1', 'silo1.offers', 'silo1.barriers'])
    expect(steps[3].title).toBe('Bridges')
  })

  it('the later methods in their own order', () => {
    expect(ids('maps')).toEqual([['story'], ['dream'], ['nightmare'], ['who'], ['gifts'], ['needs'], ['plan']])
    expect(ids('circleOfSupport').map((z) => z[0])).toEqual(['person', 'intimacy', 'friendship', 'participation', 'exchange', 'potential'])
    expect(ids('connections').map((z) => z[0])).toEqual(['person', 'people', 'places', 'interests', 'people', 'toMake'])
    expect(templateSteps('connections')[4].title).toBe('Chains')
    expect(ids('toForWithBy').map((z) => z[0])).toEqual(['to', 'for', 'with', 'by', 'serviceLed'])
    expect(ids('gifts')).toEqual([['person'], ['head'], ['heart'], ['hands'], ['share']])
    expect(ids('interestToAction', { count: 2 })[0]).toEqual(['head-interest', 'row1.interest', 'row2.interest'])
    expect(ids('interestToAction').map((z) => z[0])).toEqual(['head-interest', 'head-group', 'head-support', 'head-member', 'head-partner', 'head-actions'])
  })

  it('a placed interest-to-action table is walked with the rows it has', () => {
    const labels = new Map(['head-interest', 'row1.interest', 'row6.interest', 'row6.actions'].map((id) => [id, '']))
    expect(placedSteps('interestToAction', labels)[0].zoneIds).toEqual(['head-interest', 'row1.interest', 'row6.interest'])
  })

  it('a placed template: zones the board lacks are left out, silo steps take the names on the board', () => {
    const labels = new Map([
      ['silo1', 'Housing office'],
      ['silo1.offers', ''],
      ['silo2', ''],
      ['silo2.barriers', ''],
      ['person', ''],
    ])
    const steps = placedSteps('silos', labels)
    expect(steps.map((s) => s.title)).toEqual(['Housing office', 'Social care', 'Bridges'])
    expect(steps[0].zoneIds).toEqual(['silo1', 'silo1.offers'])
    expect(placedSteps('path', new Map([['now', '3 · Now']])).map((s) => s.zoneIds)).toEqual([['now']])
    expect(placedSteps('unknown', labels)).toEqual([])
  })
})
