// Review mode's additions to the comparison: actions paired one by one (the same pairing as
// comparePlans), the optional `review` member, its header in the report, and the plan file that
// carries a review.
import { describe, expect, it } from 'vitest'
import { comparePlans, comparisonCounts, pairPlanActions, parseComparison, planWithReviewToJson, readPlanReview } from './diff'
import { comparisonToHtml, comparisonToMarkdown } from './diffRender'
import { samplePlan } from './fixtures.test-helpers'
import { parsePlanText, type Plan, type PathSection } from './model'

const path = (p: Plan) => p.sections.find((s) => s.template === 'path') as PathSection

function withActionShapes(): Plan {
  const p = samplePlan()
  let n = 0
  for (const s of p.sections) {
    if (s.template === 'path') for (const list of Object.values(s.actions)) for (const a of list) a.shapeId = `shape:a${++n}`
    if (s.template === '7keys') for (const k of s.keys) for (const a of k.nextSteps) a.shapeId = `shape:a${++n}`
    if (s.template === 'community') for (const a of s.connections) a.shapeId = `shape:a${++n}`
  }
  return p
}

describe('pairPlanActions', () => {
  it('pairs every older action with what became of it: by shape, then by what; new ones after', () => {
    const before = withActionShapes()
    const after = withActionShapes()
    const p = path(after)
    // Same card, reworded and moved: still the same action.
    const trial = p.actions.threeMonths.pop()!
    p.actions.firstStep.push({ ...trial, what: 'Trial shift at the café (two days)' })
    // A different shape with the same words (the sticky was rewritten): matched by text.
    p.actions.oneMonth[0] = { ...p.actions.oneMonth[0], shapeId: 'shape:other', what: 'visit the café, with "Sam".' }
    // Gone: the 7 Keys next step. New: one more connection.
    ;(after.sections[1] as Extract<Plan['sections'][number], { template: '7keys' }>).keys[0].nextSteps = []
    const community = after.sections[2] as Extract<Plan['sections'][number], { template: 'community' }>
    community.connections.push({ what: 'Ask the library about the book club', who: 'Sam', when: '', status: 'todo', shapeId: 'shape:new' })

    const pairs = pairPlanActions(before, after)
    expect(pairs.map((s) => s.instanceId)).toEqual(['p1', 'k1', 'c1'])
    const pathPairs = pairs[0].pairs
    expect(pathPairs.map((x) => [x.before?.what, x.after?.what, x.after?.zoneKey])).toEqual([
      ['Trial shifts at the café', 'Trial shift at the café (two days)', 'actions.firstStep'],
      ['Visit the café, with "Sam"', 'visit the café, with "Sam".', 'actions.oneMonth'],
      ['=HYPERLINK("http://evil")', '=HYPERLINK("http://evil")', 'actions.firstStep'],
    ])
    expect(pairs[1].pairs).toEqual([{ before: expect.objectContaining({ what: 'Open bank account', zone: 'Money: next steps' }) }])
    expect(pairs[2].pairs.map((x) => [x.before?.what, x.after?.what])).toEqual([
      ['Introduce J to the rugby club', 'Introduce J to the rugby club'],
      [undefined, 'Ask the library about the book club'],
    ])

    // The same pairing as the comparison: what it calls dropped and new is what has one side only.
    const cmp = comparePlans(before, after, { today: '2027-01-01' })
    const n = comparisonCounts(cmp)
    const all = pairs.flatMap((s) => s.pairs)
    expect(all.filter((x) => !x.after).length).toBe(n.dropped)
    expect(all.filter((x) => !x.before).length).toBe(n.newActions)
  })

  it('pairs sections as comparePlans does: another template under the same id is not the same section', () => {
    const before = withActionShapes()
    const after = withActionShapes()
    after.sections = after.sections.filter((s) => s.template !== 'community')
    const pairs = pairPlanActions(before, after)
    const c = pairs.find((s) => s.instanceId === 'c1')!
    expect(c.change).toBe('removed')
    expect(c.pairs.every((x) => x.before && !x.after)).toBe(true)
    // Silos has no actions: left out.
    expect(pairs.some((s) => s.instanceId === 's1')).toBe(false)
  })
})

describe('review report', () => {
  const review = { against: { title: 'After the first session', savedAt: '2027-01-12T16:30:00.000Z' } }

  it('carries the version reviewed in the JSON; older comparisons without it still read', () => {
    const before = withActionShapes()
    const after = withActionShapes()
    after.reviewDate = '2027-07-01'
    const cmp = comparePlans(before, after, { today: '2027-04-13', beforeLabel: review.against.title, review })
    expect(cmp.review).toEqual(review)
    const back = parseComparison(JSON.parse(JSON.stringify(cmp)))
    expect(back.ok && back.comparison.review).toEqual(review)
    const plain = comparePlans(before, after, { today: '2027-04-13' })
    expect(plain.review).toBeUndefined()
    expect(parseComparison(JSON.parse(JSON.stringify(plain))).ok).toBe(true)
    // An unreadable save time is left out rather than printed as nonsense.
    expect(comparePlans(before, after, { today: '2027-04-13', review: { against: { title: ' x ', savedAt: 'yesterday' } } }).review).toEqual({ against: { title: 'x' } })
  })

  it('says in its header which version was reviewed, when, and the next review date', () => {
    const before = withActionShapes()
    const after = withActionShapes()
    after.reviewDate = '2027-07-01'
    path(after).actions.oneMonth[0].status = 'done'
    const cmp = comparePlans(before, after, { today: '2027-04-13', beforeLabel: review.against.title, review })
    const md = comparisonToMarkdown(cmp, { locale: 'en-GB', timeZone: 'UTC' })
    expect(md).toContain('# Review: what changed since “After the first session”')
    expect(md).toContain('**Version reviewed:** “After the first session”, saved 12 January 2027')
    expect(md).toContain('**Reviewed on:** 13 April 2027')
    expect(md).toContain('**Next review:** 1 July 2027')
    expect(md).not.toContain('Checked on')
    expect(md).toContain('### Done ✓')
    const html = comparisonToHtml(cmp, { locale: 'en-GB', timeZone: 'UTC' })
    expect(html).toContain('<strong>Next review:</strong> 1 July 2027')
    expect(html).toContain('<title>Review: what changed since “After the first session”</title>')

    delete after.reviewDate
    const unset = comparisonToMarkdown(comparePlans(before, after, { today: '2027-04-13', review }), { locale: 'en-GB' })
    expect(unset).toContain('**Next review:** not set yet')
    // Without review mode the report is as before.
    const plain = comparisonToMarkdown(comparePlans(before, after, { today: '2027-04-13' }), { locale: 'en-GB' })
    expect(plain).toContain('**Checked on:** 13 April 2027')
    expect(plain).not.toContain('Next review')
  })

  it('escapes the version title like any user text', () => {
    const cmp = comparePlans(samplePlan(), samplePlan(), { today: '2027-04-13', review: { against: { title: '# <b>x</b> | y' } } })
    expect(comparisonToHtml(cmp)).not.toContain('<b>x</b>')
    const md = comparisonToMarkdown(cmp)
    const line = md.split('\n').find((l) => l.startsWith('**Version reviewed:**'))!
    expect(line).toContain('\\#')
    expect(line).toContain('\\|')
  })

  it('a plan file with its review reads as a plan, and the review reads back', () => {
    const before = withActionShapes()
    const after = withActionShapes()
    const cmp = comparePlans(before, after, { today: '2027-04-13', review })
    const text = planWithReviewToJson(after, cmp)
    const parsed = parsePlanText(text)
    expect(parsed.ok && parsed.plan).toEqual(after)
    const r = readPlanReview(JSON.parse(text))
    expect(r?.ok && r.comparison).toEqual(cmp)
    expect(readPlanReview(JSON.parse(JSON.stringify(after)))).toBeUndefined()
    const bad = readPlanReview({ ...after, review: { format: 'circleboard-plan-comparison', version: 99 } })
    expect(bad?.ok).toBe(false)
  })
})
