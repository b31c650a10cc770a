/**
 * Plan -> Markdown, for pasting into an email or a document. Pure; user text is escaped so a sticky
 * reading `# DONE` or `[link](x)` stays literal.
 */
import type { Offer, Plan, PlanAction, PlanItem, PlanSection, TextBlock } from './model'
import { ASSET_HEADINGS, PATH_ACTION_HEADINGS, TREASURE_HEADINGS } from './model'

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

function items(list: PlanItem[]): string[] {
  return list.length ? list.map((i) => `- ${inline(i.text)}`) : ['_Nothing yet._']
}

function offers(list: Offer[]): string[] {
  return list.length
    ? list.map((o) => `- ${inline(o.text)}${o.offeredBy ? ` (offered by ${inline(o.offeredBy)})` : ''}`)
    : ['_Nothing yet._']
}

function describeWhen(a: PlanAction): string {
  if (!a.when && !a.dueDate) return ''
  if (a.dueDate && a.when && a.when !== a.dueDate) return `by ${inline(a.when)} (${a.dueDate})`
  return `by ${inline(a.when || a.dueDate || '')}`
}

export function actionLine(a: PlanAction): string {
  const box = a.status === 'done' ? '[x]' : '[ ]'
  const parts = [inline(a.what) || '_(no description)_']
  parts.push(a.who ? `**${inline(a.who)}**` : '_who?_')
  const when = describeWhen(a)
  parts.push(when || '_by when?_')
  if (a.status === 'doing') parts.push('(in progress)')
  return `- ${box} ${parts.join(' — ')}`
}

function actions(list: PlanAction[]): string[] {
  return list.length ? list.map(actionLine) : ['_No actions yet._']
}

function textBlock(b: TextBlock): string[] {
  return b.text.trim() ? [escapeMarkdown(b.text.trim()).replace(/\r?\n/g, '  \n')] : ['_Nothing yet._']
}

function section(s: PlanSection): string[] {
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
          ? s.enrol.map((e) => `- ${inline(e.person)} — asked by ${e.asks ? `**${inline(e.asks)}**` : '_who?_'}`)
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
    case 'generic':
      for (const z of s.zones) sub(inline(z.label) || '_(unnamed)_', z.kind === 'actions' ? actions(z.actions) : items(z.items))
      break
  }
  return out
}

/** Renders the whole plan as CommonMark. Ends with a newline. */
export function planToMarkdown(plan: Plan): string {
  const out: string[] = [`# ${inline(plan.board.name) || 'Untitled board'} — plan`, '']
  const meta: string[] = []
  if (plan.sessionDate) meta.push(`Session: ${plan.sessionDate}`)
  if (plan.reviewDate) meta.push(`Review: ${plan.reviewDate}`)
  meta.push(`Exported: ${plan.board.exportedAt}`)
  out.push(meta.join(' · '), '')
  if (!plan.sections.length) out.push('_This board has no templates yet._', '')
  for (const s of plan.sections) out.push(...section(s))
  if (plan.elsewhere?.length) out.push('## Elsewhere on the board', '', ...items(plan.elsewhere), '')
  return out.join('\n').replace(/\n{3,}/g, '\n\n').replace(/\n*$/, '\n')
}
