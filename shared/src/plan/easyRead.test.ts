import { describe, expect, it } from 'vitest'
import { easyReadIcon, planToEasyReadHtml, planToEasyReadMarkdown, sentence } from './easyRead'
import { moreMethodsPlan, samplePlan } from './fixtures.test-helpers'
import { pictogramPaths } from '../pictograms/draw'

describe('the easy-read plan', () => {
  it('writes short sentences with a pictogram for every part and action (Markdown)', () => {
    const md = planToEasyReadMarkdown(samplePlan(), { locale: 'en-GB' })
    expect(md).toContain("# My plan: J's PATH \\<script\\>")
    expect(md).toContain('We made it on 12 January 2027.')
    expect(md).toContain('We will look at it again on 13 April 2027.')
    expect(md).toContain('### ⭐ My dream')
    expect(md).toContain('- A life with my own friends.')
    expect(md).toContain('### 🙂 My life now')
    // One idea a line: the two notes of "Now" are two sentences.
    expect(md).toContain('- At home all week.\n- Anxious in the evenings.')
    expect(md).toContain('### 👥 People who can help\n\n- Dad will ask the bus driver.\n- Liz will ask Café owner.')
    // Actions: what, then who, when and whether it is done, each on its own line.
    expect(md).toContain('- 📅 **Trial shifts at the café.**  \n  Who: Liz.  \n  When: by 31 March 2027.  \n  Not done yet.')
    expect(md).toContain('This has started.')
    expect(md).toContain('- ✅ **\\=HYPERLINK("http://evil")**')
    expect(md).toContain('### 🎁 Treasure chest: People I know')
    expect(md).toContain('### 😊 Money: working')
    // Every template on the board is in it.
    for (const title of ['PATH', '7 Keys to Citizenship', 'Community strength', 'Silos']) expect(md).toContain(title)
  })

  it('is a printable page with a pictogram drawing beside each part, and escapes what people wrote', () => {
    const html = planToEasyReadHtml(samplePlan(), { locale: 'en-GB' })
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).not.toContain('<script>')
    expect(html).toContain('J&#39;s PATH &lt;script&gt;')
    // Large type.
    expect(html).toMatch(/body \{[^}]*font-size: 22px/)
    // The star beside the dream, a tick beside the done action, a calendar beside the others.
    const star = pictogramPaths('star')[0]
    expect(html).toContain(star)
    const dream = html.slice(html.indexOf('<h3>My dream</h3>') - 600, html.indexOf('<h3>My dream</h3>'))
    expect(dream).toContain(star)
    expect(html).toContain(pictogramPaths('tick')[0])
    expect(html).toContain(pictogramPaths('calendar')[0])
    const blocks = html.match(/class="block/g) ?? []
    const pics = html.match(/class="pic"/g) ?? []
    expect(pics.length).toBe(blocks.length)
  })

  it('covers the later methods too: chains, moves, whose gift', () => {
    const md = planToEasyReadMarkdown(moreMethodsPlan(), { locale: 'en-GB' })
    expect(md).toContain('## 🔗 Connections: people, places and opportunities')
    expect(md).toContain('### 🔗 Chains\n\n- The bus driver → (invites him to) The pub')
    expect(md).toContain('### ➡️ Intended moves\n\n- Doing FOR → Doing WITH: Lunch club')
    expect(md).toContain('### 🤲 Hands: what I can do\n\n- Fixes bikes @Sam.')
  })

  it('leaves out templates nobody wrote in, unless asked', () => {
    const plan = samplePlan()
    plan.sections.push({ template: 'generic', templateId: 'x', instanceId: 'g1', title: 'Empty one', zones: [] })
    expect(planToEasyReadMarkdown(plan)).not.toContain('Empty one')
    expect(planToEasyReadMarkdown(plan, { omitEmpty: false })).toContain('Empty one')
  })

  it('makes sentences and picks pictograms by what a part is about', () => {
    expect(sentence('  call sam  ')).toBe('Call sam.')
    expect(sentence('Is it?')).toBe('Is it?')
    expect(sentence('')).toBe('')
    expect(easyReadIcon('keys.money.notWorking', 'Money: not working')).toBe('sad')
    expect(easyReadIcon('keys.money.working', 'Money: working')).toBe('happy')
    expect(easyReadIcon('goal', 'The Goal')).toBe('target')
    expect(easyReadIcon('zz', 'Something else')).toBe('speech')
  })
})
