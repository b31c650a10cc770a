/**
 * The easy-read plan: the plan written for the person whose plan it is — short sentences, large
 * type, one idea a line, and a pictogram beside every part and every action (easy-read practice:
 * picture on the left, words on the right, plenty of space). Printable HTML and Markdown (where
 * the pictograms are emoji, which every mail program shows). Pure; user text is escaped.
 *
 * Every section type is read through `sectionParts` (the comparison's reading), so a new template
 * is in the easy-read plan as soon as the comparison knows it.
 */
import { sectionParts } from './diff'
import { escapeHtml } from './html'
import { escapeMarkdown } from './markdown'
import { formatPlanDate, sectionsToShow } from './format'
import type { RenderOptions } from './format'
import type { Plan, PlanAction, PlanSection } from './model'
import { pictogramSvg } from '../pictograms/draw'

/** Pictogram ids (shared/src/pictograms/catalog.ts) and the emoji that stand for them in Markdown. */
const EMOJI: Record<string, string> = {
  star: '⭐', target: '🎯', person: '🙂', group: '👥', heart: '❤️', happy: '😊', sad: '😟', calendar: '📅',
  tick: '✅', link: '🔗', chest: '🧰', gift: '🎁', bridge: '🌉', key: '🔑', speech: '💬', 'map-pin': '📍',
  warning: '⚠️', lightbulb: '💡', arrow: '➡️', house: '🏠', flag: '🚩', 'two-people': '🧑‍🤝‍🧑', hands: '🤲', brain: '🧠',
}

const SECTION_ICON: Record<string, string> = {
  path: 'star', '7keys': 'key', community: 'group', silos: 'bridge', connections: 'link', toForWithBy: 'arrow', gifts: 'gift', interestToAction: 'lightbulb',
}

/** Friendlier headings for the parts people meet most (the rest keep the template's words). */
const EASY_HEADINGS: Record<string, string> = {
  dream: 'My dream',
  goal: 'My goal for the next year',
  now: 'My life now',
  enrol: 'People who can help',
  gettingStronger: 'What keeps me strong',
}

/** The pictogram for a part of a plan, from its key and heading. */
export function easyReadIcon(key: string, heading: string): string {
  const k = `${key} ${heading}`.toLowerCase()
  const rules: [RegExp, string][] = [
    [/dream|north star/, 'star'],
    [/goal/, 'target'],
    [/not ?working|barrier|stuck|nightmare/, 'sad'],
    [/working|good day|like|admire/, 'happy'],
    [/stronger|important|heart/, 'heart'],
    [/treasure|offer|share|swap|give|gift/, 'gift'],
    [/enrol|people|circle|who /, 'group'],
    [/bridge|chain|connection/, 'link'],
    [/bumping|space|place/, 'map-pin'],
    [/support|hands/, 'hands'],
    [/head|know/, 'brain'],
    [/move/, 'arrow'],
    [/interest|idea/, 'lightbulb'],
    [/\bnow\b|person|who I am|story/, 'person'],
  ]
  return rules.find(([re]) => re.test(k))?.[1] ?? 'speech'
}

/** A sentence: trimmed, first letter capital, ending with a full stop (unless it ends already). */
export function sentence(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim()
  if (!t) return ''
  const first = t[0].toUpperCase() + t.slice(1)
  return /[.!?…:)"'’”]$/.test(first) ? first : `${first}.`
}

/** "The bus driver" → "the bus driver"; a name ("Sam", "JD") stays as it is. */
function lowerFirst(s: string): string {
  return /^(The|A|An|My|Our|Their|His|Her) /.test(s) ? s[0].toLowerCase() + s.slice(1) : s
}

interface EasyAction {
  icon: string
  what: string
  lines: string[]
}

function easyAction(a: PlanAction, locale?: string): EasyAction {
  const lines: string[] = []
  if (a.who.trim()) lines.push(`Who: ${a.who.trim()}.`)
  if (a.dueDate) lines.push(`When: by ${formatPlanDate(a.dueDate, locale)}.`)
  else if (a.when.trim()) lines.push(`When: ${a.when.trim()}.`)
  lines.push(a.status === 'done' ? 'This is done.' : a.status === 'doing' ? 'This has started.' : 'Not done yet.')
  return { icon: a.status === 'done' ? 'tick' : 'calendar', what: sentence(a.what) || 'Something to do.', lines }
}

interface EasyBlock {
  icon: string
  heading: string
  lines: string[]
}
interface EasySection {
  icon: string
  title: string
  blocks: EasyBlock[]
  actionGroups: { heading: string; actions: EasyAction[] }[]
}

function easySection(s: PlanSection, locale: string | undefined, omitEmpty: boolean): EasySection {
  const parts = sectionParts(s)
  const blocks: EasyBlock[] = []
  for (const t of parts.texts) {
    const lines = t.text.split(/\r?\n/).map(sentence).filter(Boolean)
    if (!lines.length && omitEmpty) continue
    blocks.push({ icon: easyReadIcon(t.key, t.heading), heading: EASY_HEADINGS[t.key] ?? t.heading, lines })
  }
  for (const l of parts.lists) {
    let lines = l.entries.map(sentence).filter(Boolean)
    // "The bus driver (ask: Dad)" reads, in easy words, "Dad will ask the bus driver."
    if (s.template === 'path' && l.key === 'enrol') {
      lines = s.enrol
        .map((e) => (e.asks.trim() && e.person.trim() ? `${e.asks.trim()} will ask ${lowerFirst(e.person.trim())}.` : sentence(e.person)))
        .filter(Boolean)
    }
    if (!lines.length && omitEmpty) continue
    blocks.push({ icon: easyReadIcon(l.key, l.heading), heading: EASY_HEADINGS[l.key] ?? l.heading, lines })
  }
  const groups = new Map<string, EasyAction[]>()
  for (const a of parts.actions) {
    const list = groups.get(a.heading) ?? []
    list.push(easyAction(a.action, locale))
    groups.set(a.heading, list)
  }
  return {
    icon: SECTION_ICON[s.template] ?? 'lightbulb',
    title: s.title,
    blocks,
    actionGroups: [...groups].map(([heading, actions]) => ({ heading, actions })),
  }
}

function intro(plan: Plan, locale?: string): string[] {
  const lines = [`This is the plan from "${plan.board.name.trim() || 'our board'}".`]
  if (plan.sessionDate) lines.push(`We made it on ${formatPlanDate(plan.sessionDate, locale)}.`)
  if (plan.participants?.length) lines.push(`These people were there: ${plan.participants.join(', ')}.`)
  if (plan.reviewDate) lines.push(`We will look at it again on ${formatPlanDate(plan.reviewDate, locale)}.`)
  return lines
}

const emoji = (icon: string) => EMOJI[icon] ?? '💬'

/** The easy-read plan as Markdown (emoji stand in for the pictograms). */
export function planToEasyReadMarkdown(plan: Plan, opts: RenderOptions = {}): string {
  const { locale } = opts
  const omitEmpty = opts.omitEmpty ?? true
  const out: string[] = [`# ${escapeMarkdown(`My plan: ${plan.board.name.trim() || 'our board'}`)}`, '']
  for (const l of intro(plan, locale)) out.push(escapeMarkdown(l), '')
  for (const s of sectionsToShow(plan, { omitEmpty }).shown.map((x) => easySection(x, locale, omitEmpty))) {
    out.push(`## ${emoji(s.icon)} ${escapeMarkdown(s.title)}`, '')
    for (const b of s.blocks) {
      out.push(`### ${emoji(b.icon)} ${escapeMarkdown(b.heading)}`, '')
      if (!b.lines.length) out.push('Nothing written yet.', '')
      for (const line of b.lines) out.push(`- ${escapeMarkdown(line)}`)
      if (b.lines.length) out.push('')
    }
    for (const g of s.actionGroups) {
      out.push(`### ${emoji('calendar')} ${escapeMarkdown(g.heading)}`, '')
      for (const a of g.actions) {
        out.push(`- ${emoji(a.icon)} **${escapeMarkdown(a.what)}**  `)
        a.lines.forEach((l, i) => out.push(`  ${escapeMarkdown(l)}${i < a.lines.length - 1 ? '  ' : ''}`))
      }
      out.push('')
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n'
}

const CSS = `
body { font-family: Arial, Verdana, sans-serif; font-size: 22px; line-height: 1.5; color: #111; max-width: 900px; margin: 24px auto; padding: 0 20px; }
h1 { font-size: 38px; margin: 0 0 12px; } h2 { font-size: 32px; margin: 40px 0 12px; border-bottom: 3px solid #ddd; padding-bottom: 6px; display: flex; gap: 14px; align-items: center; }
.intro p { margin: 4px 0; }
.block { display: grid; grid-template-columns: 80px 1fr; gap: 20px; align-items: start; margin: 22px 0; break-inside: avoid; }
.block h3 { font-size: 26px; margin: 4px 0 6px; } .block p { margin: 4px 0; }
.pic { width: 72px; height: 72px; border: 2px solid #ccc; border-radius: 12px; display: grid; place-items: center; background: #fafafa; }
.action .what { font-weight: bold; }
.empty { color: #555; font-style: italic; }
@media print { body { margin: 0; } h2 { break-after: avoid; } }
`

function picture(icon: string, color = '#1f2937'): string {
  return `<div class="pic">${pictogramSvg(icon, { size: 56, color })}</div>`
}

/** The easy-read plan as a printable HTML page (large type, a pictogram beside every part). */
export function planToEasyReadHtml(plan: Plan, opts: RenderOptions = {}): string {
  const { locale } = opts
  const omitEmpty = opts.omitEmpty ?? true
  const title = `My plan: ${plan.board.name.trim() || 'our board'}`
  const body: string[] = [`<h1>${escapeHtml(title)}</h1>`, `<div class="intro">${intro(plan, locale).map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</div>`]
  for (const s of sectionsToShow(plan, { omitEmpty }).shown.map((x) => easySection(x, locale, omitEmpty))) {
    body.push(`<h2>${pictogramSvg(s.icon, { size: 40 })}<span>${escapeHtml(s.title)}</span></h2>`)
    for (const b of s.blocks) {
      const lines = b.lines.length ? b.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('') : '<p class="empty">Nothing written yet.</p>'
      body.push(`<div class="block">${picture(b.icon)}<div><h3>${escapeHtml(b.heading)}</h3>${lines}</div></div>`)
    }
    for (const g of s.actionGroups) {
      body.push(`<div class="block">${picture('calendar')}<div><h3>${escapeHtml(g.heading)}</h3></div></div>`)
      for (const a of g.actions) {
        body.push(
          `<div class="block action">${picture(a.icon, a.icon === 'tick' ? '#15803d' : '#1f2937')}<div><p class="what">${escapeHtml(a.what)}</p>${a.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</div></div>`,
        )
      }
    }
  }
  return `<!doctype html>
<html lang="${escapeHtml((locale ?? 'en').split('-')[0])}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body>
${body.join('\n')}
</body>
</html>
`
}
