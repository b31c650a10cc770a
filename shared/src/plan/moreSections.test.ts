// The later bespoke section types: schema, Markdown / HTML / CSV, the action list, counts, the
// zone view the client's outline uses, and the comparison.
import { describe, expect, it } from 'vitest'
import { planToCsv } from './csv'
import { comparePlans } from './diff'
import { sectionEntryCount } from './format'
import { planToHtml } from './html'
import { planToMarkdown } from './markdown'
import { chainText, listPlanActions, moveText, parsePlan, sectionAsZones } from './model'
import type { Plan } from './model'
import { moreMethodsPlan } from './fixtures.test-helpers'

describe('the later section types', () => {
  const plan = moreMethodsPlan()

  it('validate, and a chain needs at least two steps', () => {
    expect(parsePlan(plan)).toEqual({ ok: true, plan })
    const bad = moreMethodsPlan()
    if (bad.sections[0].template === 'connections') bad.sections[0].chains[0].steps.splice(1)
    expect(parsePlan(bad)).toMatchObject({ ok: false, error: expect.stringContaining('sections[0].chains[0].steps') })
  })

  it('render as Markdown: chains in order with the arrows’ words, moves, whose gift, a heading per interest', () => {
    const md = planToMarkdown(plan)
    expect(md).toContain('### Chains\n\n1. The bus driver → _(invites him to)_ The pub → The quiz team → _(supporters of)_ \\*Rugby\\* club')
    expect(md).toContain('### Connections to make\n\n- [ ] Introduce J to the quiz captain — **Sam** — by Thursday')
    expect(md).toContain('### Intended moves\n\n- Doing FOR → Doing WITH: Lunch club (members run it)\n- Doing TO → Done BY: \\=cmd()')
    expect(md).toContain('### Hands: what I can do\n\n- Fixes bikes — Sam — 2 votes')
    expect(md).toContain('### Interest 1: Rugby\n\n**A group to join**\n\n- Saturday supporters club')
    expect(md).toContain('### Interest 2\n')
    expect(md).toContain('**The action**\n\n- [ ] Go to the first match — **Dad** — by Saturday')
  })

  it('render as HTML, escaped', () => {
    const html = planToHtml(plan)
    expect(html).toContain('<ol class="chains"><li>The bus driver → <em>(invites him to)</em> The pub → The quiz team')
    expect(html).toContain('<tr><td>Doing FOR</td><td>Doing WITH</td><td>Lunch club <span class="by">(members run it)</span></td></tr>')
    expect(html).toContain('<li>Knows every bus route <span class="by">— J</span></li>')
    expect(html).toContain('<h3>Interest 1: Rugby</h3>')
    const evil = moreMethodsPlan()
    if (evil.sections[0].template === 'connections') evil.sections[0].chains[0].steps[1].label = '<img src=x onerror=alert(1)>'
    expect(planToHtml(evil)).not.toContain('<img src=x')
  })

  it('go into the CSV: actions of every section, moves as proposals, formulas defused', () => {
    const lines = planToCsv(plan).split('\r\n')
    expect(lines).toContain('"Connections: people, places and opportunities",Connections to make,Introduce J to the quiz captain,Sam,Thursday,,todo,')
    expect(lines).toContain('TO / FOR / WITH / BY,Intended moves,Doing FOR → Doing WITH: Lunch club (members run it),,,,todo,')
    expect(lines).toContain('TO / FOR / WITH / BY,Intended moves,Doing TO → Done BY: =cmd(),,,,todo,')
    expect(lines).toContain('"Gifts of the head, heart and hands",Where these gifts could go,Ask the repair café,Liz,Friday,2027-01-15,doing,')
    expect(lines).toContain('From interest to action,Interest 1: Rugby,Go to the first match,Dad,Saturday,,todo,')
    expect(listPlanActions(plan).map((r) => r.zone)).toEqual(['Connections to make', 'Where these gifts could go', 'Interest 1: Rugby'])
  })

  it('count what was written (rows are containers, not entries)', () => {
    expect(plan.sections.map(sectionEntryCount)).toEqual([
      1 + 1 + 1 + 2 + 1 + 4 + 1, // person, people, places, interests, the chain and its 4 steps, 1 action
      3 + 2, // 3 initiatives, 2 moves
      1 + 1 + 1 + 1 + 1,
      4 + 1,
    ])
  })

  it('read as zones for readers that only know items and actions', () => {
    const [c, t, g, i] = plan.sections.map(sectionAsZones)
    expect(c.map((z) => z.label)).toEqual(['The person', 'People: who they know', 'Places: where they go', 'Interests: what they care about', 'Chains', 'Connections to make'])
    expect(c[4]).toMatchObject({ zoneId: '', items: [{ text: chainText((plan.sections[0] as Extract<Plan['sections'][number], { template: 'connections' }>).chains[0]) }] })
    expect(t[4].items.map((x) => x.text)).toEqual(['Doing FOR → Doing WITH: Lunch club (members run it)', 'Doing TO → Done BY: =cmd()'])
    expect(g[3].items).toEqual([{ text: 'Fixes bikes (Sam)', votes: 2 }])
    expect(i.map((z) => z.zoneId)).toEqual(['row1.interest', 'row1.group', 'row1.support', 'row1.member', 'row1.partner', 'row1.actions', 'row2.interest', 'row2.group', 'row2.support', 'row2.member', 'row2.partner', 'row2.actions'])
    expect(moveText({ from: 'A', to: 'B', initiative: 'x', label: 'x' })).toBe('A → B: x')
  })

  it('compare: a relabelled chain is an edit, a new move is added, whose gift changed is an edit, an interest’s action done', () => {
    const before = moreMethodsPlan()
    const after = moreMethodsPlan()
    const [c, t, g, i] = after.sections
    if (c.template !== 'connections' || t.template !== 'toForWithBy' || g.template !== 'gifts' || i.template !== 'interestToAction') throw new Error('fixture')
    c.chains[0].steps[1].label = 'takes him to'
    t.moves.push({ from: 'Doing TO', to: 'Doing WITH', initiative: 'Day centre', label: '', fromZoneId: 'to', toZoneId: 'with' })
    g.hands[0].offeredBy = 'Sam, Mo'
    i.rows[0].actions[0].status = 'done'
    const cmp = comparePlans(before, after, { today: '2027-02-01' })
    const lists = cmp.sections.flatMap((s) => s.lists.map((l) => [l.key, l.added.length, l.removed.length, l.edited.length]))
    expect(lists).toEqual([
      ['chains', 0, 0, 1],
      ['moves', 1, 0, 0],
      ['hands', 0, 0, 1],
    ])
    expect(cmp.sections[3].actions.done.map((d) => [d.after.what, d.after.zoneKey])).toEqual([['Go to the first match', 'rows.row1.actions']])
    expect(cmp.sections[2].actions.slipped.map((a) => a.what)).toEqual(['Ask the repair café'])
  })
})
