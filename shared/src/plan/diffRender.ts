/**
 * "What changed" as a report a facilitator emails before the review (Markdown) or prints (HTML).
 *
 * Both are written from one outline of the report, in which every piece of user text is marked as
 * such, so the two formats say the same thing and each escapes user text in one place: Markdown
 * with escapeMarkdown (a sticky reading `# DONE` or `a | b` stays literal), HTML with escapeHtml
 * inside the same self-contained, script-free page as the printable plan.
 */
import type { ActionChange, ComparedAction, ComparedPlan, ListChange, PlanComparison, SectionComparison, TextChange } from './diff'
import { comparisonCounts } from './diff'
import { formatPlanDate, formatPlanDateTime } from './format'
import { PLAN_HTML_CSS, escapeHtml } from './html'
import { escapeMarkdown } from './markdown'

export interface ComparisonRenderOptions {
  /** BCP 47 locale dates are written in. Default en-GB. */
  locale?: string
  /** IANA time zone for export times (used when a version has no session date). */
  timeZone?: string
}

/** One run of words: ours (`plain`) or someone's (`user`, always escaped), possibly styled. */
type Seg = { k: 'plain' | 'user' | 'em' | 'strong' | 'quote'; s: string }
type Line = Seg[]
interface Block {
  heading: string
  /** Class on the HTML list, for print styling (done, slipped…). */
  cls: string
  lines: Line[]
}
interface SectionOut {
  heading: Line
  notes: Line[]
  blocks: Block[]
}
interface Outline {
  title: Line
  meta: Line[]
  sections: SectionOut[]
  empty: string | undefined
}

const plain = (s: string): Seg => ({ k: 'plain', s })
const user = (s: string): Seg => ({ k: 'user', s })
const em = (s: string): Seg => ({ k: 'em', s })
const strong = (s: string): Seg => ({ k: 'strong', s })
const quote = (s: string): Seg => ({ k: 'quote', s })

const STATUS_WORDS = { todo: 'to do', doing: 'in progress', done: 'done' } as const

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/**
 * How a side is named when it has no label. The older plan by its session (what people remember),
 * the newer one by when it was made: at a review it still carries the first session's date.
 */
function planDate(p: ComparedPlan, side: 'before' | 'after', opts: ComparisonRenderOptions): string {
  if (side === 'before' && p.sessionDate) return `the session on ${formatPlanDate(p.sessionDate, opts.locale)}`
  return `the plan of ${formatPlanDateTime(p.exportedAt, opts.locale, opts.timeZone)}`
}

/** "by Friday (15 January 2027)", "by 31 March 2027", or nothing. */
function whenSegs(a: ComparedAction, locale?: string): Seg[] {
  const due = a.dueDate ? formatPlanDate(a.dueDate, locale) : ''
  const when = a.when.trim()
  if (when && due && when !== a.dueDate) return [plain('by '), user(when), plain(` (${due})`)]
  if (when && !due) return [plain('by '), user(when)]
  if (due) return [plain(`by ${due}`)]
  return []
}

/** "Call the café owner — Liz". */
function actionSegs(a: ComparedAction): Seg[] {
  const out: Seg[] = a.what.trim() ? [user(a.what)] : [em('(no description)')]
  out.push(plain(' — '), ...(a.who.trim() ? [user(a.who)] : [em('nobody named yet')]))
  return out
}

function zoneSegs(a: ComparedAction): Seg[] {
  return a.zone.trim() ? [plain(' — '), em(a.zone)] : []
}

function actionBlocks(s: SectionComparison, locale?: string): Block[] {
  const blocks: Block[] = []
  const add = (heading: string, cls: string, lines: Line[]) => {
    if (lines.length) blocks.push({ heading, cls, lines })
  }
  const { done, slipped, dropped, statusChanged, edited } = s.actions
  add('Done ✓', 'done', done.map(({ after }) => [plain('✓ '), ...actionSegs(after), ...zoneSegs(after)]))
  add(
    'Past the date, not done yet',
    'slipped',
    slipped.map((a) => {
      const due = a.dueDate ? formatPlanDate(a.dueDate, locale) : ''
      const line: Line = [...actionSegs(a), plain(` — was due ${due}`)]
      if (a.when.trim() && a.when.trim() !== a.dueDate) line.push(plain(' ('), user(a.when), plain(')'))
      if (a.status === 'doing') line.push(plain(' — in progress'))
      return [...line, ...zoneSegs(a)]
    }),
  )
  add(
    'New actions',
    'new',
    s.actions.new.map((a) => {
      const when = whenSegs(a, locale)
      const line: Line = [...actionSegs(a), ...(when.length ? [plain(' — '), ...when] : [])]
      if (a.status !== 'todo') line.push(plain(` — ${STATUS_WORDS[a.status]}`))
      return [...line, ...zoneSegs(a)]
    }),
  )
  add('Dropped actions (no longer on the board)', 'dropped', dropped.map((a) => [...actionSegs(a), ...zoneSegs(a)]))
  add(
    'Other progress',
    'progress',
    statusChanged.map(({ before, after }) => [
      ...actionSegs(after),
      plain(`: was ${STATUS_WORDS[before.status]}, now ${STATUS_WORDS[after.status]}`),
      ...zoneSegs(after),
    ]),
  )
  add('Actions changed', 'edited', edited.map((c) => actionEditLine(c, locale)))
  return blocks
}

/** "Visit the café — Sam: now by 20 Jan (…), was by 15 Jan (…); moved from Next month to First step". */
function actionEditLine({ before, after }: ActionChange, locale?: string): Line {
  const line: Line = [...actionSegs(after), plain(': ')]
  const parts: Seg[][] = []
  if (before.what.trim() !== after.what.trim()) parts.push([plain('was '), quote(before.what)])
  if (before.who.trim() !== after.who.trim()) {
    parts.push(before.who.trim() ? [plain('was '), user(before.who)] : [plain('nobody was named before')])
  }
  if (before.when.trim() !== after.when.trim() || (before.dueDate ?? '') !== (after.dueDate ?? '')) {
    const now = whenSegs(after, locale)
    const was = whenSegs(before, locale)
    parts.push([
      ...(now.length ? [plain('now '), ...now] : [plain('no date now')]),
      plain(', '),
      ...(was.length ? [plain('was '), ...was] : [plain('no date before')]),
    ])
  }
  if (before.zoneKey !== after.zoneKey) parts.push([plain('moved from '), em(before.zone), plain(' to '), em(after.zone)])
  parts.forEach((p, i) => line.push(...(i ? [plain('; ')] : []), ...p))
  return line
}

function votesSegs(v: number | undefined): Seg[] {
  return v ? [plain(` (${plural(v, 'vote', 'votes')})`)] : []
}

function listBlock(l: ListChange): Block {
  const lines: Line[] = []
  for (const e of l.added) lines.push([strong('Added:'), plain(' '), user(e.text), ...votesSegs(e.votes)])
  for (const e of l.removed) lines.push([strong('Removed:'), plain(' '), user(e.text)])
  for (const e of l.edited) lines.push([strong('Reworded:'), plain(' was '), quote(e.before.text), plain(', now '), quote(e.after.text)])
  for (const v of l.votes) lines.push([strong('Votes:'), plain(' '), quote(v.text), plain(` ${v.before} → ${v.after}`)])
  return { heading: l.zone.trim() || '(unnamed)', cls: 'items', lines }
}

function textLine(t: TextChange): Line {
  if (t.before !== undefined && t.after !== undefined) {
    return [strong(t.zone), plain(' changed. Before: '), quote(t.before), plain('. Now: '), quote(t.after), plain('.')]
  }
  if (t.after !== undefined) return [strong(t.zone), plain(' added: '), quote(t.after)]
  return [strong(t.zone), plain(' removed (was '), quote(t.before ?? ''), plain(')')]
}

function sectionOut(s: SectionComparison, locale?: string): SectionOut {
  const notes: Line[] = []
  if (s.change === 'added') notes.push([em('New on the board since then.')])
  if (s.change === 'removed') notes.push([em('No longer on the board.')])
  if (s.titleBefore !== undefined) notes.push([plain('Was called '), quote(s.titleBefore), plain('.')])
  const blocks = actionBlocks(s, locale)
  for (const l of s.lists) blocks.push(listBlock(l))
  if (s.texts.length) {
    blocks.push({ heading: s.template === 'path' ? 'Dream, goal and now' : 'Names', cls: 'texts', lines: s.texts.map(textLine) })
  }
  if (!blocks.length && s.change === 'kept') notes.push([em('Nothing changed.')])
  return { heading: [user(s.title)], notes, blocks }
}

function outline(cmp: PlanComparison, opts: ComparisonRenderOptions): Outline {
  const side = (p: ComparedPlan, which: 'before' | 'after'): Seg[] => {
    if (!p.label) return [plain(planDate(p, which, opts))]
    return which === 'before' && p.sessionDate
      ? [quote(p.label), plain(` (session on ${formatPlanDate(p.sessionDate, opts.locale)})`)]
      : [quote(p.label)]
  }
  const meta: Line[] = []
  meta.push([strong('Board:'), plain(' '), user(cmp.after.boardName.trim() || 'Untitled board')])
  meta.push([strong('Then:'), plain(' '), ...side(cmp.before, 'before'), plain(' · '), strong('Now:'), plain(' '), ...side(cmp.after, 'after')])
  if (cmp.review) {
    // Review mode: which version was gone through, when, and when the circle meets next.
    const v = cmp.review.against
    const saved = v.savedAt ? [plain(`, saved ${formatPlanDateTime(v.savedAt, opts.locale, opts.timeZone)}`)] : []
    meta.push([strong('Version reviewed:'), plain(' '), quote(v.title.trim() || 'a saved plan'), ...saved])
    meta.push([strong('Reviewed on:'), plain(` ${formatPlanDate(cmp.today, opts.locale)}`)])
    meta.push([strong('Next review:'), plain(` ${cmp.after.reviewDate ? formatPlanDate(cmp.after.reviewDate, opts.locale) : 'not set yet'}`)])
  } else {
    meta.push([strong('Checked on:'), plain(` ${formatPlanDate(cmp.today, opts.locale)}`)])
  }
  const c = comparisonCounts(cmp)
  const summary = [
    c.done && plural(c.done, 'action done', 'actions done'),
    c.slipped && `${c.slipped} past ${c.slipped === 1 ? 'its' : 'their'} date`,
    c.newActions && plural(c.newActions, 'new action', 'new actions'),
    c.dropped && `${c.dropped} dropped`,
    c.added && plural(c.added, 'thing added', 'things added'),
    c.removed && `${c.removed} removed`,
    c.edited && `${c.edited} reworded`,
  ].filter(Boolean)
  if (summary.length) meta.push([strong('In short:'), plain(` ${summary.join(', ')}.`)])
  if (cmp.participants.added.length || cmp.participants.removed.length) {
    const people: Seg[] = []
    const names = (list: string[]) => list.flatMap((p, i) => [...(i ? [plain(', ')] : []), user(p)])
    if (cmp.participants.added.length) people.push(strong('Joined this time:'), plain(' '), ...names(cmp.participants.added))
    if (cmp.participants.removed.length) {
      if (people.length) people.push(plain(' · '))
      people.push(strong('Not there this time:'), plain(' '), ...names(cmp.participants.removed))
    }
    meta.push(people)
  }
  const sections = cmp.sections.map((s) => sectionOut(s, opts.locale))
  if (cmp.elsewhere) sections.push({ heading: [plain('Elsewhere on the board')], notes: [], blocks: [listBlock({ ...cmp.elsewhere, zone: 'Outside the templates' })] })
  const anything = cmp.sections.some((s) => s.change !== 'kept' || s.titleBefore !== undefined) || sections.some((s) => s.blocks.length)
  return {
    title: [
      plain(cmp.review ? 'Review: what changed since ' : 'What changed since '),
      ...(cmp.before.label ? [quote(cmp.before.label)] : [plain(planDate(cmp.before, 'before', opts))]),
    ],
    meta,
    // Nothing changed anywhere: one line says so, instead of "Nothing changed" under every heading.
    sections: anything ? sections : [],
    empty: anything || !cmp.sections.length ? undefined : 'Nothing changed.',
  }
}

// ---------------------------------------------------------------------------------------------
// Markdown.

function mdUser(s: string): string {
  return escapeMarkdown(s.trim()).replace(/\r?\n/g, '  \n  ')
}

function mdLine(line: Line): string {
  return line
    .map((seg) => {
      switch (seg.k) {
        case 'plain':
          return seg.s
        case 'user':
          return mdUser(seg.s)
        case 'em':
          return seg.s.trim() ? `_${mdUser(seg.s)}_` : ''
        case 'strong':
          return `**${mdUser(seg.s)}**`
        case 'quote':
          return `“${mdUser(seg.s)}”`
      }
    })
    .join('')
}

/** A heading is one line: the writer's line breaks become spaces. */
function mdHeading(line: Line): string {
  // A trailing run of # would be read as the heading's closing marks and vanish.
  return mdLine(line.map((seg) => ({ ...seg, s: seg.s.replace(/\s+/g, ' ') }))).replace(/(^|\s)(#+)\s*$/, '$1\\$2')
}

/** The report as CommonMark, for an email. Ends with a newline. */
export function comparisonToMarkdown(cmp: PlanComparison, opts: ComparisonRenderOptions = {}): string {
  const o = outline(cmp, opts)
  const out: string[] = [`# ${mdHeading(o.title)}`, '', o.meta.map(mdLine).join('  \n'), '']
  if (o.empty) out.push(`_${o.empty}_`, '')
  if (!cmp.sections.length) out.push('_Neither plan has any templates._', '')
  for (const s of o.sections) {
    out.push(`## ${mdHeading(s.heading) || '(untitled)'}`, '')
    for (const n of s.notes) out.push(mdLine(n), '')
    for (const b of s.blocks) out.push(`### ${mdHeading([user(b.heading)])}`, '', ...b.lines.map((l) => `- ${mdLine(l)}`), '')
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').replace(/\n*$/, '\n')
}

// ---------------------------------------------------------------------------------------------
// HTML.

function htmlUser(s: string): string {
  return escapeHtml(s.trim()).replace(/\r?\n/g, '<br>')
}

function htmlLine(line: Line): string {
  return line
    .map((seg) => {
      switch (seg.k) {
        case 'plain':
          return escapeHtml(seg.s)
        case 'user':
          return htmlUser(seg.s)
        case 'em':
          return `<em>${htmlUser(seg.s)}</em>`
        case 'strong':
          return `<strong>${htmlUser(seg.s)}</strong>`
        case 'quote':
          return `“${htmlUser(seg.s)}”`
      }
    })
    .join('')
}

const EXTRA_CSS = `
ul.done li { color: #1a7f37; }
ul.slipped li { color: #9a6700; }
ul.dropped li { color: #57606a; }
@media print {
  /* The plan starts each template on a new page; a report of changes is short, so it flows on. */
  section + section { break-before: auto; page-break-before: auto; }
}`

/** The report as one self-contained printable page (same styles and safety as the printable plan). */
export function comparisonToHtml(cmp: PlanComparison, opts: ComparisonRenderOptions = {}): string {
  const o = outline(cmp, opts)
  const title = o.title.map((s) => (s.k === 'quote' ? `“${s.s.trim()}”` : s.s)).join('')
  const sections = o.sections
    .map(
      (s) =>
        `<section><h2>${htmlLine(s.heading) || '(untitled)'}</h2>${s.notes.map((n) => `<p class="meta">${htmlLine(n)}</p>`).join('')}${s.blocks
          .map((b) => `<div class="block"><h3>${escapeHtml(b.heading)}</h3><ul class="${b.cls}">${b.lines.map((l) => `<li>${htmlLine(l)}</li>`).join('')}</ul></div>`)
          .join('')}</section>`,
    )
    .join('\n')
  const empty = o.empty ? `<p class="empty">${escapeHtml(o.empty)}</p>` : ''
  const none = cmp.sections.length ? '' : '<p class="empty">Neither plan has any templates.</p>'
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="Circleboard">
<title>${escapeHtml(title)}</title>
<style>${PLAN_HTML_CSS}${EXTRA_CSS}
</style>
</head>
<body>
<header><h1>${htmlLine(o.title)}</h1>${o.meta.map((m) => `<p class="meta">${htmlLine(m)}</p>`).join('')}</header>
<main>
${empty}${none}
${sections}
</main>
</body>
</html>
`
}
