import { describe, expect, it } from 'vitest'
import { csvCell, planToCsv } from './csv'
import { planToHtml } from './html'
import { escapeMarkdown, planToMarkdown } from './markdown'
import { samplePlan } from './fixtures.test-helpers'
import { formatPlanDate, formatPlanDateTime, sectionEntryCount, selectSections } from './format'
import type { Plan } from './model'

describe('planToMarkdown', () => {
  const md = planToMarkdown(samplePlan())
  it('has the headings and actions', () => {
    expect(md.startsWith("# J's PATH \\<script\\> — plan\n")).toBe(true)
    expect(md).toContain('**Session:** 12 January 2027 · **Review:** 13 April 2027')
    expect(md).toContain('## PATH')
    expect(md).toContain('### 1. North Star — the Dream')
    expect(md).toContain('- The bus driver — asked by **Dad**')
    expect(md).toContain('- [ ] Trial shifts at the café — **Liz** — by March (31 March 2027)')
    expect(md).toContain('(in progress)')
    expect(md).toContain('- [x] \\=HYPERLINK')
    expect(md).toContain('### Money')
    expect(md).toContain('- Knows the café owner (offered by Sam)')
    expect(md).toContain('- Health → Housing: Shared assessment')
    expect(md).toContain('## Elsewhere on the board')
    expect(md.endsWith('\n')).toBe(true)
  })
  it('escapes Markdown in user text', () => {
    expect(escapeMarkdown('# big [link](x) *bold*')).toBe('\\# big \\[link\\](x) \\*bold\\*')
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list')
  })
})

describe('planToCsv', () => {
  const csv = planToCsv(samplePlan())
  const lines = csv.split('\r\n')
  it('has a header, CRLF endings and every actionable row', () => {
    expect(lines[0]).toBe('section,zone,what,who,when,due_date,status,votes')
    expect(csv.endsWith('\r\n')).toBe(true)
    expect(lines).toContain('PATH,Enrol,Enrol: The bus driver,Dad,,,todo,2')
    expect(lines).toContain('PATH,Next few months,Trial shifts at the café,Liz,March,2027-03-31,todo,4')
    expect(lines).toContain('7 Keys to Citizenship,Money: next steps,Open bank account,Mum,,,todo,')
    expect(lines).toContain('Community strength,Connections to make,Introduce J to the rugby club,Dad,next week,,todo,')
    expect(lines).toContain('Silos,Bridges,Health → Housing: Shared assessment,,,,todo,')
  })
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(lines).toContain('PATH,Next month,"Visit the café, with ""Sam""",Sam,15 Jan,2027-01-15,doing,')
    expect(lines).toContain(`PATH,First step,"'=HYPERLINK(""http://evil"")",'@Liz,Friday,,done,`)
    expect(csvCell('+1')).toBe("'+1")
    expect(csvCell('-1')).toBe("'-1")
    expect(csvCell('a\nb')).toBe('"a\nb"')
    expect(csvCell('plain')).toBe('plain')
  })
  it('can add a BOM for Excel', () => {
    expect(planToCsv(samplePlan(), { bom: true }).startsWith('\uFEFFsection')).toBe(true)
  })
})

describe('planToHtml', () => {
  const html = planToHtml(samplePlan())
  it('is a complete, self-contained page', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain('<meta charset="utf-8">')
    expect(html).toContain("default-src 'none'")
    expect(html).toContain('@media print')
    expect(html).not.toMatch(/<script|<link|<img|src=|href=/i)
    expect(html).toContain('</html>')
  })
  it('escapes user text', () => {
    expect(html).toContain('J&#39;s PATH &lt;script&gt; — plan')
    expect(html).toContain('=HYPERLINK(&quot;http://evil&quot;)')
    expect(html).toContain('<li>At home all week</li><li>Anxious in the evenings</li>')
  })
  it('shows actions with who and when', () => {
    expect(html).toContain('<td>Trial shifts at the café <span class="votes">4 votes</span></td><td>Liz</td><td>March <span class="date">(31 March 2027)</span></td><td>To do</td>')
  })
})

describe('dot-vote results in every format', () => {
  const plan = samplePlan()
  it('Markdown: "— n votes" after the item, action, enrol entry, offer and prose block', () => {
    const md = planToMarkdown(plan)
    expect(md).toContain('- The bus driver — asked by **Dad** — 2 votes')
    expect(md).toContain('- Café owner — asked by **Liz**\n')
    expect(md).toContain('- [ ] Trial shifts at the café — **Liz** — by March (31 March 2027) — 4 votes')
    expect(md).toContain('- Keep Saturday rugby — 1 vote\n')
    expect(md).toContain('- Knows the café owner (offered by Sam) — 3 votes')
    expect(md).toContain('I work two days a week — 5 votes')
    expect(md).not.toMatch(/0 votes|undefined/)
  })
  it('HTML: a badge', () => {
    const html = planToHtml(plan)
    expect(html).toContain('<li>Keep Saturday rugby <span class="votes">1 vote</span></li>')
    expect(html).toContain('<td>The bus driver <span class="votes">2 votes</span></td>')
    expect(html).toContain('offered by Sam</span> <span class="votes">3 votes</span>')
    expect(html).toContain('.votes {')
  })
  it('no votes recorded: nothing is added; zero votes after a vote is said', () => {
    const md = planToMarkdown(samplePlan())
    expect(md).toContain('- The library\n')
    const zero = samplePlan()
    if (zero.sections[0].template === 'path') zero.sections[0].gettingStronger[0].votes = 0
    expect(planToMarkdown(zero)).toContain('- Keep Saturday rugby — 0 votes')
  })
  it('the plan JSON keeps version 1 and validates with votes', async () => {
    const { parsePlanText, planToJson } = await import('./model')
    const r = parsePlanText(planToJson(plan))
    expect(r.ok).toBe(true)
    if (r.ok && r.plan.sections[0].template === 'path') {
      expect(r.plan.version).toBe(1)
      expect(r.plan.sections[0].actions.threeMonths[0].votes).toBe(4)
      expect(r.plan.sections[0].enrol[0].votes).toBe(2)
    }
    const bad = JSON.parse(planToJson(plan))
    bad.sections[0].gettingStronger[0].votes = -1
    expect(parsePlanText(JSON.stringify(bad)).ok).toBe(false)
  })
})

/** J's PATH with work in it, plus a 7 Keys and a Silos nobody wrote in. */
function planWithUnusedTemplates(): Plan {
  const plan = samplePlan()
  const keys = plan.sections[1]
  if (keys.template !== '7keys') throw new Error('expected 7 Keys')
  keys.person = []
  keys.keys = keys.keys.map((k) => ({ ...k, working: [], notWorking: [], nextSteps: [] }))
  const silos = plan.sections[3]
  if (silos.template !== 'silos') throw new Error('expected silos')
  silos.silos = silos.silos.map((x) => ({ ...x, offers: [], barriers: [] }))
  silos.bridges = []
  return plan
}

describe('sections nobody wrote in', () => {
  it('counts what was written in a section', () => {
    const plan = planWithUnusedTemplates()
    expect(plan.sections.map(sectionEntryCount)).toEqual([10, 0, 5, 0])
  })
  it('Markdown leaves them out and says so in one line', () => {
    const md = planToMarkdown(planWithUnusedTemplates())
    expect(md).toContain('## PATH')
    expect(md).toContain('## Community strength')
    expect(md).not.toContain('## 7 Keys to Citizenship')
    expect(md).not.toContain('### Money')
    expect(md).not.toContain('## Silos')
    expect(md).toContain('_Left out because nothing was written in them yet: 7 Keys to Citizenship, Silos._')
    // Empty zones inside a template people did use still say so.
    expect(md).toContain('_Nothing yet._')
  })
  it('printable plan leaves them out too; omitEmpty: false keeps everything', () => {
    const html = planToHtml(planWithUnusedTemplates())
    expect(html).not.toContain('<h2>Silos</h2>')
    expect(html).toContain('Left out because nothing was written in them yet: 7 Keys to Citizenship, Silos.')
    const all = planToMarkdown(planWithUnusedTemplates(), { omitEmpty: false })
    expect(all).toContain('## Silos')
    expect(all).not.toContain('Left out')
  })
  it('a board where nothing is written yet renders every template (a blank worksheet)', () => {
    const plan = planWithUnusedTemplates()
    plan.sections = [plan.sections[1], plan.sections[3]]
    plan.elsewhere = []
    const md = planToMarkdown(plan)
    expect(md).toContain('## 7 Keys to Citizenship')
    expect(md).toContain('## Silos')
    expect(md).not.toContain('Left out')
  })
    it('only the chosen templates go out', () => {
    const md = planToMarkdown(selectSections(samplePlan(), ['c1']))
    expect(md).toContain('## Community strength')
    expect(md).not.toContain('## PATH')
    expect(md).not.toContain('Left out')
  })
})

describe('dates and people in the header', () => {
  it('writes dates in the reader\'s locale, never raw ISO', () => {
    const gb = planToMarkdown(samplePlan(), { locale: 'en-GB', timeZone: 'UTC' })
    expect(gb).toContain('**Session:** 12 January 2027 · **Review:** 13 April 2027')
    expect(gb).toContain('_Exported 20 January 2027 at 12:00_')
    expect(gb).not.toMatch(/\d{4}-\d{2}-\d{2}/)
    const us = planToMarkdown(samplePlan(), { locale: 'en-US', timeZone: 'UTC' })
    expect(us).toContain('**Session:** January 12, 2027 · **Review:** April 13, 2027')
    const de = planToHtml(samplePlan(), { locale: 'de-DE', timeZone: 'UTC' })
    expect(de).toContain('<strong>Session:</strong> 12. Januar 2027')
    expect(de).toContain('15 Jan <span class="date">(15. Januar 2027)</span>')
  })
  it('a calendar date is the same day in every time zone; a bad locale falls back', () => {
    expect(formatPlanDate('2027-01-12', 'en-GB')).toBe('12 January 2027')
    expect(formatPlanDate('2027-01-12', 'not a locale!')).toBe('12 January 2027')
    expect(formatPlanDate('soon', 'en-GB')).toBe('soon')
    expect(formatPlanDateTime('2027-01-20T23:30:00Z', 'en-GB', 'Pacific/Auckland')).toBe('21 January 2027 at 12:30')
  })
  it('shows the review date and the people who took part, escaped', () => {
    const plan = { ...samplePlan(), participants: ['J', 'Mo', 'Sam <b>', ' '] }
    const md = planToMarkdown(plan, { locale: 'en-GB' })
    expect(md).toContain('**People who took part:** J, Mo, Sam \\<b\\>')
    const html = planToHtml(plan, { locale: 'en-GB' })
    expect(html).toContain('<strong>Review:</strong> 13 April 2027')
    expect(html).toContain('<strong>People who took part:</strong> J, Mo, Sam &lt;b&gt;</p>')
    expect(planToMarkdown(samplePlan())).not.toContain('People who took part')
  })
})

describe('the printable plan starts with a picture of the board', () => {
  const png = 'data:image/png;base64,iVBORw0KGgo='
  it('shows an inline picture before the first section', () => {
    const html = planToHtml(samplePlan(), { boardImage: png })
    expect(html).toContain(`<img src="${png}" alt="The board as it was drawn">`)
    expect(html.indexOf('<img')).toBeLessThan(html.indexOf('<h2>PATH</h2>'))
    expect(html).toContain("img-src data:")
  })
  it('ignores anything but an inline PNG/JPEG', () => {
    for (const bad of ['https://evil.example/x.png', 'data:image/svg+xml;base64,PHN2Zz4=', 'data:image/png;base64,AAA" onerror="x'])
      expect(planToHtml(samplePlan(), { boardImage: bad })).not.toContain('<img')
  })
})
