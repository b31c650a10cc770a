/**
 * Plan -> CSV of everything someone has to do, for a spreadsheet or a case-management import.
 *
 * Rows: every action (what/who/when/status), every PATH enrol entry (who asks whom: an action in
 * all but name), every silos bridge and every TO/FOR/WITH/BY move (proposals, no owner yet). RFC 4180: CRLF line ends, fields
 * with comma, quote or line break are quoted, quotes doubled.
 *
 * Spreadsheets execute cells starting with = + - @ (and tab/CR) as formulas, and sticky text is
 * untrusted, so such cells are prefixed with a single quote (OWASP "CSV injection" advice).
 */
import type { Plan } from './model'
import { TFWB_HEADINGS, listPlanActions, moveText } from './model'

/** `votes`: dots the action got in a dot vote (empty when there was no vote). */
export const CSV_HEADER = ['section', 'zone', 'what', 'who', 'when', 'due_date', 'status', 'votes'] as const

/** Neutralises formula injection, then quotes per RFC 4180 when needed. */
export function csvCell(value: string): string {
  let v = value
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

function votesCell(votes: number | undefined): string {
  return votes === undefined ? '' : String(votes)
}

export function planToCsvRows(plan: Plan): string[][] {
  const rows: string[][] = [[...CSV_HEADER]]
  const actionRows = listPlanActions(plan)
  let next = 0
  plan.sections.forEach((s, i) => {
    // Keep rows in plan order: this section's enrol entries, then its actions, then its bridges.
    if (s.template === 'path') {
      for (const e of s.enrol) rows.push([s.title, 'Enrol', `Enrol: ${e.person}`, e.asks, '', '', 'todo', votesCell(e.votes)])
    }
    while (next < actionRows.length && actionRows[next].sectionIndex === i) {
      const { section, zone, action: a } = actionRows[next++]
      rows.push([section, zone, a.what, a.who, a.when, a.dueDate ?? '', a.status, votesCell(a.votes)])
    }
    if (s.template === 'silos') {
      for (const b of s.bridges) {
        rows.push([s.title, 'Bridges', `${b.from} → ${b.to}${b.label ? `: ${b.label}` : ''}`, '', '', '', 'todo', ''])
      }
    }
    if (s.template === 'toForWithBy') {
      for (const m of s.moves) rows.push([s.title, TFWB_HEADINGS.moves, moveText(m), '', '', '', 'todo', ''])
    }
  })
  return rows
}

/**
 * The CSV text, CRLF line endings, ending with CRLF. `bom: true` prepends a UTF-8 byte order mark,
 * which Excel needs to read accents (café) correctly from a downloaded file.
 */
export function planToCsv(plan: Plan, opts: { bom?: boolean } = {}): string {
  return (opts.bom ? '\uFEFF' : '') + planToCsvRows(plan)
    .map((r) => r.map(csvCell).join(','))
    .join('\r\n')
    .concat('\r\n')
}
