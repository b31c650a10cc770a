/**
 * Plan -> Markdown, for pasting into an email or a document. Pure; user text is escaped so a sticky
 * reading `# DONE` or `[link](x)` stays literal.
 */
import type { Offer, Plan, PlanAction, PlanItem, PlanSection, TextBlock } from './model'
import {
  ASSET_HEADINGS,
  CONNECTIONS_HEADINGS,
  GIFTS_HEADINGS,
  INTEREST_HEADINGS,
  PATH_ACTION_HEADINGS,
  TFWB_HEADINGS,
  TFWB_QUADRANTS,
  TREASURE_HEADINGS,
  interestRowHeading,
} from './model'
import { formatPlanDate, formatPlanDateTime, sectionsToShow, votesLabel } from './format'
import type { RenderOptions } from './format'

/** Escapes Markdown syntax characters in user text; newlines become line breaks inside a list item. */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/^(\s*)(\d+)([.)])/gm, '$1$2\\$3')
    .replace(/^(\s*)([-+#=>])/gm, '$1\\$2')
}

function inline(s: string): string {
  // Two trailing spaces + newline is a hard line break in CommonMark; indent keeps it in the item.
  return escapeMarkdown(s.trim()).replace(/\r?\n/g, '  \n  ')
}

/** " — 4 votes" after an item that got dots in a dot vote. */
function votes(n: number | undefined): string {
  const label = votesLabel(n)
  return label ? ` — ${label}` : ''
}

function items(list: PlanItem[]): string[] {
  return list.length ? list.map((i) => `- ${inline(i.text)}${votes(i.votes)}`) : ['_Nothing yet._']
}

function offers(list: Offer[]): string[] {
  return list.length
    ? list.map((o) => `- ${inline(o.text)}${o.offeredBy ? ` (offered by ${inline(o.offeredBy)})` : ''}${votes(o.votes)}`)
    : ['_Nothing yet._']
}

/** Gifts: whose gift it is after the text. */
function gifts(list: Offer[]): string[] {
  return list.length ? list.map((o) => `- ${inline(o.text)}${o.offeredBy ? ` — ${inline(o.offeredBy)}` : ''}${votes(o.votes)}`) : ['_Nothing yet._']
}

function describeWhen(a: PlanAction, locale?: string): string {
  if (!a.when && !a.dueDate) return ''
  const due = a.dueDate ? formatPlanDate(a.dueDate, locale) : ''
  if (a.dueDate && a.when && a.when !== a.dueDate) return `by ${inline(a.when)} (${due})`
  return `by ${a.when ? inline(a.when === a.dueDate ? due : a.when) : due}`
}

export function actionLine(a: PlanAction, locale?: string): string {
  const box = a.status === 'done' ? '[x]' : '[ ]'
  const parts = [inline(a.what) || '_(no description)_']
  parts.push(a.who ? `**${inline(a.who)}**` : '_who?_')
  const when = describeWhen(a, locale)
  parts.push(when || '_by when?_')
  if (a.status === 'doing') parts.push('(in progress)')
  return `- ${box} ${parts.join(' — ')}${votes(a.votes)}`
}

function textBlock(b: TextBlock): string[] {
  // Several notes read as a list, like every other zone; one note (or text only) as a paragraph.
  if (b.items.length > 1) return items(b.items)
  return b.text.trim() ? [escapeMarkdown(b.text.trim()).replace(/\r?\n/g, '  \n') + votes(b.items[0]?.votes)] : ['_Nothing yet._']
}

function section(s: PlanSection, locale?: string): string[] {
  const actions = (list: PlanAction[]): string[] => (list.length ? list.map((a) => actionLine(a, locale)) : ['_No actions yet._'])
  const out: string[] = [`## ${inline(s.title)}`, '']
  const sub = (heading: string, lines: string[]) => out.push(`### ${heading}`, '', ...lines, '')
  switch (s.template) {
    case 'path':
      sub('1. North Star — the Dream', textBlock(s.dream))
      sub('2. The Goal (a year from now)', textBlock(s.goal))
      sub('3. Now', textBlock(s.now))
      sub(
        '4. Enrol — who we need, and who will ask them',
        s.enrol.length
          ? s.enrol.map((e) => `- ${inline(e.person)} — asked by ${e.asks ? `**${inline(e.asks)}**` : '_who?_'}${votes(e.votes)}`)
          : ['_Nobody yet._'],
      )
      sub('5. Getting stronger', items(s.gettingStronger))
      sub(`6. ${PATH_ACTION_HEADINGS.threeMonths}`, actions(s.actions.threeMonths))
      sub(`7. ${PATH_ACTION_HEADINGS.oneMonth}`, actions(s.actions.oneMonth))
      sub(`8. ${PATH_ACTION_HEADINGS.firstStep}`, actions(s.actions.firstStep))
      break
    case '7keys':
      if (s.person.length) sub('The person', items(s.person))
      for (const k of s.keys) {
        out.push(`### ${inline(k.label)}`, '')
        out.push('**Working**', '', ...items(k.working), '')
        out.push('**Not working**', '', ...items(k.notWorking), '')
        out.push('**Next steps**', '', ...actions(k.nextSteps), '')
      }
      break
    case 'community':
      if (s.person.length) sub('The person', items(s.person))
      sub(ASSET_HEADINGS.my, items(s.assets.my))
      sub(ASSET_HEADINGS.our, items(s.assets.our))
      sub(ASSET_HEADINGS.the, items(s.assets.the))
      sub('Bumping spaces', items(s.bumpingSpaces))
      out.push('### Community treasure chest', '')
      for (const key of Object.keys(TREASURE_HEADINGS) as Array<keyof typeof TREASURE_HEADINGS>) {
        out.push(`**${TREASURE_HEADINGS[key]}**`, '', ...offers(s.treasure[key]), '')
      }
      sub('Share / swap / give', offers(s.shareSwapGive))
      sub('Connections to make', actions(s.connections))
      break
    case 'silos':
      for (const silo of s.silos) {
        out.push(`### ${inline(silo.name) || '_(unnamed silo)_'}`, '')
        out.push('**What it offers**', '', ...items(silo.offers), '')
        out.push('**Where people get stuck**', '', ...items(silo.barriers), '')
      }
      if (s.person.length) sub('The person / community', items(s.person))
      sub(
        'Bridges',
        s.bridges.length
          ? s.bridges.map(
              (b) => `- ${inline(b.from) || '?'} → ${inline(b.to) || '?'}${b.label.trim() ? `: ${inline(b.label)}` : ''}`,
            )
          : ['_No bridges yet._'],
      )
      break
    case 'connections':
      if (s.person.length) sub(CONNECTIONS_HEADINGS.person, items(s.person))
      sub(CONNECTIONS_HEADINGS.people, items(s.people))
      sub(CONNECTIONS_HEADINGS.places, items(s.places))
      sub(CONNECTIONS_HEADINGS.interests, items(s.interests))
      sub(
        CONNECTIONS_HEADINGS.chains,
        s.chains.length
          ? s.chains.map(
              (c, i) =>
                `${i + 1}. ${c.steps
                  .map((st, j) => (j === 0 ? inline(st.text) : `→ ${st.label?.trim() ? `_(${inline(st.label)})_ ` : ''}${inline(st.text)}`))
                  .join(' ')}`,
            )
          : ['_No chains yet: draw arrows from one note to the next._'],
      )
      sub(CONNECTIONS_HEADINGS.toMake, actions(s.toMake))
      break
    case 'toForWithBy':
      for (const q of TFWB_QUADRANTS) sub(TFWB_HEADINGS[q], items(s[q]))
      sub(
        TFWB_HEADINGS.moves,
        s.moves.length
          ? s.moves.map(
              (m) =>
                `- ${inline(m.from) || '?'} → ${inline(m.to) || '?'}${m.initiative.trim() ? `: ${inline(m.initiative)}` : ''}${
                  m.label.trim() && m.label.trim() !== m.initiative.trim() ? ` (${inline(m.label)})` : ''
                }`,
            )
          : ['_No moves yet._'],
      )
      break
    case 'gifts':
      if (s.person.length) sub(GIFTS_HEADINGS.person, items(s.person))
      sub(GIFTS_HEADINGS.head, gifts(s.head))
      sub(GIFTS_HEADINGS.heart, gifts(s.heart))
      sub(GIFTS_HEADINGS.hands, gifts(s.hands))
      sub(GIFTS_HEADINGS.share, actions(s.share))
      break
    case 'interestToAction':
      s.rows.forEach((r, i) => {
        out.push(`### ${inline(interestRowHeading(r, i))}`, '')
        if (r.interest.length > 1) out.push(`**${INTEREST_HEADINGS.interest}**`, '', ...items(r.interest), '')
        for (const k of ['group', 'support', 'member', 'partner'] as const) out.push(`**${INTEREST_HEADINGS[k]}**`, '', ...items(r[k]), '')
        out.push(`**${INTEREST_HEADINGS.actions}**`, '', ...actions(r.actions), '')
      })
      break
    case 'generic':
      for (const z of s.zones) sub(inline(z.label) || '_(unnamed)_', z.kind === 'actions' ? actions(z.actions) : items(z.items))
      break
  }
  return out
}

/** Renders the whole plan as CommonMark. Ends with a newline. */
export function planToMarkdown(plan: Plan, opts: RenderOptions = {}): string {
  const { locale } = opts
  const out: string[] = [`# ${inline(plan.board.name) || 'Untitled board'} — plan`, '']
  const dates: string[] = []
  if (plan.sessionDate) dates.push(`**Session:** ${formatPlanDate(plan.sessionDate, locale)}`)
  if (plan.reviewDate) dates.push(`**Review:** ${formatPlanDate(plan.reviewDate, locale)}`)
  const meta: string[] = []
  if (dates.length) meta.push(dates.join(' · '))
  const people = (plan.participants ?? []).map((p) => p.trim()).filter(Boolean)
  if (people.length) meta.push(`**People who took part:** ${people.map(inline).join(', ')}`)
  meta.push(`_Exported ${formatPlanDateTime(plan.board.exportedAt, locale, opts.timeZone)}_`)
  // Hard line breaks: one short block a reader takes in at a glance.
  out.push(meta.join('  \n'), '')
  const { shown, leftOut } = sectionsToShow(plan, opts)
  if (!plan.sections.length) out.push('_This board has no templates yet._', '')
  for (const s of shown) out.push(...section(s, locale))
  if (leftOut.length) out.push(`_Left out because nothing was written in ${leftOut.length === 1 ? 'it' : 'them'} yet: ${leftOut.map(inline).join(', ')}._`, '')
  if (plan.elsewhere?.length) out.push('## Elsewhere on the board', '', ...items(plan.elsewhere), '')
  return out.join('\n').replace(/\n{3,}/g, '\n\n').replace(/\n*$/, '\n')
}
