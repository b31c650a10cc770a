/**
 * Plan -> a complete, printable, self-contained HTML page (the thing facilitators email or print
 * for the review). Pure; every piece of user text is escaped; no scripts, no external requests
 * (a Content-Security-Policy meta tag forbids them, so even a renderer bug cannot phone home).
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

export interface HtmlRenderOptions extends RenderOptions {
  /**
   * A picture of the board for the top of the page: a `data:image/png` or `data:image/jpeg` URL
   * (anything else is ignored, so the page never loads from elsewhere).
   */
  boardImage?: string
}

/** Only inline raster pictures; base64 only, so nothing in it can close the attribute. */
const DATA_IMAGE = /^data:image\/(?:png|jpeg);base64,[A-Za-z0-9+/=]+$/

export function escapeHtml(s: string): string {
  return String(s).replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  )
}

/** Escapes and keeps the writer's line breaks. */
function t(s: string): string {
  return escapeHtml(s.trim()).replace(/\r?\n/g, '<br>')
}

const EMPTY = '<p class="empty">Nothing yet.</p>'

/** A badge after an item that got dots in a dot vote. */
function votes(n: number | undefined): string {
  const label = votesLabel(n)
  return label ? ` <span class="votes">${escapeHtml(label)}</span>` : ''
}

function itemList(list: PlanItem[]): string {
  return list.length ? `<ul>${list.map((i) => `<li>${t(i.text)}${votes(i.votes)}</li>`).join('')}</ul>` : EMPTY
}

function offerList(list: Offer[]): string {
  return list.length
    ? `<ul>${list
        .map((o) => `<li>${t(o.text)}${o.offeredBy ? ` <span class="by">offered by ${t(o.offeredBy)}</span>` : ''}${votes(o.votes)}</li>`)
        .join('')}</ul>`
    : EMPTY
}

function giftList(list: Offer[]): string {
  return list.length
    ? `<ul>${list.map((o) => `<li>${t(o.text)}${o.offeredBy ? ` <span class="by">— ${t(o.offeredBy)}</span>` : ''}${votes(o.votes)}</li>`).join('')}</ul>`
    : EMPTY
}

const STATUS_LABEL = { todo: 'To do', doing: 'In progress', done: 'Done' } as const

function actionTableIn(list: PlanAction[], locale?: string): string {
  if (!list.length) return '<p class="empty">No actions yet.</p>'
  const rows = list
    .map((a) => {
      const due = a.dueDate ? escapeHtml(formatPlanDate(a.dueDate, locale)) : ''
      const when =
        a.dueDate && a.when && a.when !== a.dueDate ? `${t(a.when)} <span class="date">(${due})</span>` : a.when && a.when !== a.dueDate ? t(a.when) : due
      return `<tr class="${a.status}"><td>${t(a.what)}${votes(a.votes)}</td><td>${t(a.who) || '<span class="missing">who?</span>'}</td><td>${
        when || '<span class="missing">when?</span>'
      }</td><td>${STATUS_LABEL[a.status]}</td></tr>`
    })
    .join('')
  // Same column widths in every action table, so a printed plan reads as one list.
  return `<table class="actions"><colgroup><col class="c-what"><col class="c-who"><col class="c-when"><col class="c-status"></colgroup><thead><tr><th>What</th><th>Who</th><th>By when</th><th>Status</th></tr></thead><tbody>${rows}</tbody></table>`
}

function textBlock(b: TextBlock): string {
  if (b.items.length > 1) return itemList(b.items)
  return b.text.trim() ? `<p class="prose">${t(b.text)}${votes(b.items[0]?.votes)}</p>` : EMPTY
}

function h3(title: string, body: string): string {
  return `<div class="block"><h3>${title}</h3>${body}</div>`
}

function section(s: PlanSection, locale?: string): string {
  const actionTable = (list: PlanAction[]) => actionTableIn(list, locale)
  const parts: string[] = []
  switch (s.template) {
    case 'path':
      parts.push(h3('1. North Star — the Dream', textBlock(s.dream)))
      parts.push(h3('2. The Goal (a year from now)', textBlock(s.goal)))
      parts.push(h3('3. Now', textBlock(s.now)))
      parts.push(
        h3(
          '4. Enrol — who we need, and who will ask them',
          s.enrol.length
            ? `<table><thead><tr><th>Person</th><th>Who asks</th></tr></thead><tbody>${s.enrol
                .map((e) => `<tr><td>${t(e.person)}${votes(e.votes)}</td><td>${t(e.asks) || '<span class="missing">who?</span>'}</td></tr>`)
                .join('')}</tbody></table>`
            : EMPTY,
        ),
      )
      parts.push(h3('5. Getting stronger', itemList(s.gettingStronger)))
      parts.push(h3(`6. ${PATH_ACTION_HEADINGS.threeMonths}`, actionTable(s.actions.threeMonths)))
      parts.push(h3(`7. ${PATH_ACTION_HEADINGS.oneMonth}`, actionTable(s.actions.oneMonth)))
      parts.push(h3(`8. ${PATH_ACTION_HEADINGS.firstStep}`, actionTable(s.actions.firstStep)))
      break
    case '7keys':
      if (s.person.length) parts.push(h3('The person', itemList(s.person)))
      for (const k of s.keys) {
        parts.push(
          h3(
            t(k.label),
            `<h4>Working</h4>${itemList(k.working)}<h4>Not working</h4>${itemList(k.notWorking)}<h4>Next steps</h4>${actionTable(k.nextSteps)}`,
          ),
        )
      }
      break
    case 'community':
      if (s.person.length) parts.push(h3('The person', itemList(s.person)))
      parts.push(h3(ASSET_HEADINGS.my, itemList(s.assets.my)))
      parts.push(h3(ASSET_HEADINGS.our, itemList(s.assets.our)))
      parts.push(h3(ASSET_HEADINGS.the, itemList(s.assets.the)))
      parts.push(h3('Bumping spaces', itemList(s.bumpingSpaces)))
      parts.push(
        h3(
          'Community treasure chest',
          (Object.keys(TREASURE_HEADINGS) as Array<keyof typeof TREASURE_HEADINGS>)
            .map((k) => `<h4>${TREASURE_HEADINGS[k]}</h4>${offerList(s.treasure[k])}`)
            .join(''),
        ),
      )
      parts.push(h3('Share / swap / give', offerList(s.shareSwapGive)))
      parts.push(h3('Connections to make', actionTable(s.connections)))
      break
    case 'silos':
      for (const silo of s.silos) {
        parts.push(
          h3(
            t(silo.name) || '(unnamed silo)',
            `<h4>What it offers</h4>${itemList(silo.offers)}<h4>Where people get stuck</h4>${itemList(silo.barriers)}`,
          ),
        )
      }
      if (s.person.length) parts.push(h3('The person / community', itemList(s.person)))
      parts.push(
        h3(
          'Bridges',
          s.bridges.length
            ? `<table><thead><tr><th>From</th><th>To</th><th>What would connect them</th></tr></thead><tbody>${s.bridges
                .map((b) => `<tr><td>${t(b.from)}</td><td>${t(b.to)}</td><td>${t(b.label)}</td></tr>`)
                .join('')}</tbody></table>`
            : '<p class="empty">No bridges yet.</p>',
        ),
      )
      break
    case 'connections':
      if (s.person.length) parts.push(h3(CONNECTIONS_HEADINGS.person, itemList(s.person)))
      parts.push(h3(CONNECTIONS_HEADINGS.people, itemList(s.people)))
      parts.push(h3(CONNECTIONS_HEADINGS.places, itemList(s.places)))
      parts.push(h3(CONNECTIONS_HEADINGS.interests, itemList(s.interests)))
      parts.push(
        h3(
          CONNECTIONS_HEADINGS.chains,
          s.chains.length
            ? `<ol class="chains">${s.chains
                .map(
                  (c) =>
                    `<li>${c.steps
                      .map((st, j) => (j === 0 ? t(st.text) : `→ ${st.label?.trim() ? `<em>(${t(st.label)})</em> ` : ''}${t(st.text)}`))
                      .join(' ')}</li>`,
                )
                .join('')}</ol>`
            : '<p class="empty">No chains yet.</p>',
        ),
      )
      parts.push(h3(CONNECTIONS_HEADINGS.toMake, actionTable(s.toMake)))
      break
    case 'toForWithBy':
      for (const q of TFWB_QUADRANTS) parts.push(h3(TFWB_HEADINGS[q], itemList(s[q])))
      parts.push(
        h3(
          TFWB_HEADINGS.moves,
          s.moves.length
            ? `<table><thead><tr><th>From</th><th>To</th><th>Initiative</th></tr></thead><tbody>${s.moves
                .map(
                  (m) =>
                    `<tr><td>${t(m.from)}</td><td>${t(m.to)}</td><td>${t(m.initiative)}${
                      m.label.trim() && m.label.trim() !== m.initiative.trim() ? ` <span class="by">(${t(m.label)})</span>` : ''
                    }</td></tr>`,
                )
                .join('')}</tbody></table>`
            : '<p class="empty">No moves yet.</p>',
        ),
      )
      break
    case 'gifts':
      if (s.person.length) parts.push(h3(GIFTS_HEADINGS.person, itemList(s.person)))
      parts.push(h3(GIFTS_HEADINGS.head, giftList(s.head)))
      parts.push(h3(GIFTS_HEADINGS.heart, giftList(s.heart)))
      parts.push(h3(GIFTS_HEADINGS.hands, giftList(s.hands)))
      parts.push(h3(GIFTS_HEADINGS.share, actionTable(s.share)))
      break
    case 'interestToAction':
      s.rows.forEach((r, i) => {
        parts.push(
          h3(
            t(interestRowHeading(r, i)),
            (r.interest.length > 1 ? `<h4>${INTEREST_HEADINGS.interest}</h4>${itemList(r.interest)}` : '') +
              (['group', 'support', 'member', 'partner'] as const).map((k) => `<h4>${INTEREST_HEADINGS[k]}</h4>${itemList(r[k])}`).join('') +
              `<h4>${INTEREST_HEADINGS.actions}</h4>${actionTable(r.actions)}`,
          ),
        )
      })
      break
    case 'generic':
      for (const z of s.zones) parts.push(h3(t(z.label), z.kind === 'actions' ? actionTable(z.actions) : itemList(z.items)))
      break
  }
  return `<section><h2>${t(s.title)}</h2>${parts.join('')}</section>`
}

/** The printable page's styles, shared with the "What changed" report (diffRender.ts) so both print alike. */
export const PLAN_HTML_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1f2328; margin: 2rem auto; max-width: 52rem; padding: 0 1rem; }
h1 { font-size: 1.9rem; margin: 0 0 .25rem; }
h2 { font-size: 1.45rem; border-bottom: 2px solid #d0d7de; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; }
h4 { font-size: .95rem; margin: .6rem 0 .2rem; color: #57606a; }
.meta { color: #57606a; margin: 0 0 1rem; }
.prose { white-space: normal; margin: .2rem 0; }
ul { margin: .2rem 0 .4rem; padding-left: 1.3rem; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .6rem; }
table.actions { table-layout: fixed; }
col.c-what { width: 46%; } col.c-who { width: 20%; } col.c-when { width: 22%; } col.c-status { width: 12%; }
td { overflow-wrap: anywhere; }
.board-picture { margin: 0 0 1.5rem; }
.board-picture img { display: block; max-width: 100%; max-height: 60vh; margin: 0 auto; border: 1px solid #d0d7de; }
.left-out { color: #57606a; font-style: italic; }
th, td { border: 1px solid #d0d7de; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
tr.done td:first-child { text-decoration: line-through; color: #57606a; }
.empty, .missing { color: #8c959f; font-style: italic; }
.by, .date { color: #57606a; font-size: .9em; }
.votes { display: inline-block; margin-left: .35em; padding: 0 .45em; border-radius: .8em; background: #fde68a; color: #5c3d00; font-size: .85em; font-weight: 600; white-space: nowrap; }
@media print { .votes { border: 1px solid #8a6d00; } }
.block { break-inside: avoid; page-break-inside: avoid; }
@media print {
  @page { margin: 15mm; }
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section + section { break-before: page; page-break-before: always; }
  th { background: none; }
}`

/** A complete HTML document (UTF-8, no external resources, print styles). */
export function planToHtml(plan: Plan, opts: HtmlRenderOptions = {}): string {
  const { locale } = opts
  const title = `${plan.board.name.trim() || 'Untitled board'} — plan`
  const dates: string[] = []
  if (plan.sessionDate) dates.push(`<strong>Session:</strong> ${escapeHtml(formatPlanDate(plan.sessionDate, locale))}`)
  if (plan.reviewDate) dates.push(`<strong>Review:</strong> ${escapeHtml(formatPlanDate(plan.reviewDate, locale))}`)
  const meta: string[] = []
  if (dates.length) meta.push(dates.join(' · '))
  const people = (plan.participants ?? []).map((p) => p.trim()).filter(Boolean)
  if (people.length) meta.push(`<strong>People who took part:</strong> ${people.map(t).join(', ')}`)
  meta.push(`Exported ${escapeHtml(formatPlanDateTime(plan.board.exportedAt, locale, opts.timeZone))}`)
  const { shown, leftOut } = sectionsToShow(plan, opts)
  const leftOutLine = leftOut.length
    ? `<p class="left-out">Left out because nothing was written in ${leftOut.length === 1 ? 'it' : 'them'} yet: ${leftOut.map(t).join(', ')}.</p>`
    : ''
  const body =
    (plan.sections.length ? shown.map((s) => section(s, locale)).join('\n') : '<p class="empty">This board has no templates yet.</p>') + leftOutLine
  const picture =
    opts.boardImage && DATA_IMAGE.test(opts.boardImage)
      ? `<figure class="board-picture"><img src="${opts.boardImage}" alt="The board as it was drawn"></figure>`
      : ''
  const elsewhere = plan.elsewhere?.length
    ? `<section><h2>Elsewhere on the board</h2>${itemList(plan.elsewhere)}</section>`
    : ''
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="Circleboard">
<title>${escapeHtml(title)}</title>
<style>${PLAN_HTML_CSS}
</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1>${meta.map((m) => `<p class="meta">${m}</p>`).join('')}</header>
<main>
${picture}
${body}
${elsewhere}
</main>
</body>
</html>
`
}
