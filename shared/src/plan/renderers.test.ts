import { describe, expect, it } from 'vitest'
import { csvCell, planToCsv } from './csv'
import { planToHtml } from './html'
import { escapeMarkdown, planToMarkdown } from './markdown'
import { samplePlan } from './fixtures.test-helpers'

describe('planToMarkdown', () => {
  const md = planToMarkdown(samplePlan())
  it('has the headings and actions', () => {
    expect(md.startsWith("# J's PATH \\<script\\> — plan\n")).toBe(true)
    expect(md).toContain('Session: 2027-01-12 · Review: 2027-04-13')
    expect(md).toContain('## PATH')
    expect(md).toContain('### 1. North Star — the Dream')
    expect(md).toContain('- The bus driver — asked by **Dad**')
    expect(md).toContain('- [ ] Trial shifts at the café — **Liz** — by March (2027-03-31)')
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
    expect(lines[0]).toBe('section,zone,what,who,when,due_date,status')
    expect(csv.endsWith('\r\n')).toBe(true)
    expect(lines).toContain('PATH,Enrol,Enrol: The bus driver,Dad,,,todo')
    expect(lines).toContain('PATH,Next few months,Trial shifts at the café,Liz,March,2027-03-31,todo')
    expect(lines).toContain('7 Keys to Citizenship,Money: next steps,Open bank account,Mum,,,todo')
    expect(lines).toContain('Community strength,Connections to make,Introduce J to the rugby club,Dad,next week,,todo')
    expect(lines).toContain('Silos,Bridges,Health → Housing: Shared assessment,,,,todo')
  })
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(lines).toContain('PATH,Next month,"Visit the café, with ""Sam""",Sam,15 Jan,2027-01-15,doing')
    expect(lines).toContain(`PATH,First step,"'=HYPERLINK(""http://evil"")",'@Liz,Friday,,done`)
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
    expect(html).toContain('At home all week<br>Anxious in the evenings')
  })
  it('shows actions with who and when', () => {
    expect(html).toContain('<td>Trial shifts at the café</td><td>Liz</td><td>March <span class="date">(2027-03-31)</span></td><td>To do</td>')
  })
})
