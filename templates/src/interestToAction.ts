/**
 * From interest to action (Community Circles). Start with people; find an interest; is there a group
 * they could join (and who would support them)? If not, does a member share the interest or skill?
 * If not, which local partner, artist or volunteer could help? Then the action: what, who, when.
 *
 * A table read left to right: a column per question (its header says it large), a row per interest.
 * Option `{ count: 1..6 }` rows, default 4; with more rows the columns widen, so the table keeps
 * the screen's shape and stays legible when fitted.
 */
import type { InterestToActionSection } from '@circleboard/shared'
import { PALETTE } from './poster'
import { NOTE_ROOM, fitted, textHeight, withSizes } from './kit'
import type { TemplateDef, TemplateOptions, WalkStep, ZoneDef, ZoneFillEntry } from './types'

export const INTEREST_COLUMNS = [
  { id: 'interest', cell: 'Interest', label: '1 · The interest', prompt: 'What does the person love, or want to try?', decoration: 'heart', colour: PALETTE.red },
  { id: 'group', cell: 'Group', label: '2 · A group to join?', prompt: 'Is there one already? With or without support', decoration: 'people', colour: PALETTE.blue },
  { id: 'support', cell: 'Support', label: '3 · Who could support?', prompt: 'Who would go along, or help them get there?', decoration: 'link', colour: PALETTE.lightBlue },
  { id: 'member', cell: 'Member', label: '4 · A member with it?', prompt: 'Who shares the interest or skill? Agree a date, find a venue', decoration: 'person', colour: PALETTE.violet },
  { id: 'partner', cell: 'Partner', label: '5 · A partner?', prompt: 'A local partner, artist or volunteer who could help', decoration: 'building', colour: PALETTE.green },
  { id: 'actions', cell: 'Action', label: '6 · The action', prompt: 'what @who by when', decoration: 'next', colour: PALETTE.orange },
] as const
export const DEFAULT_INTEREST_ROWS = 4
export const MAX_INTEREST_ROWS = 6

export function interestRowCount(options?: TemplateOptions): number {
  const n = Math.round(options?.count ?? DEFAULT_INTEREST_ROWS)
  return Number.isFinite(n) ? Math.min(MAX_INTEREST_ROWS, Math.max(1, n)) : DEFAULT_INTEREST_ROWS
}

const GAP = 22

function buildZones(options?: TemplateOptions): ZoneDef[] {
  const rows = interestRowCount(options)
  const CELL_W = 560 + Math.max(0, rows - 4) * 110
  return fitted((s) => {
    const headerH = Math.max(...INTEREST_COLUMNS.map((c) => textHeight(c.label, c.prompt, { label: s.group, prompt: s.prompt }, CELL_W, c.decoration))) + 10
    const cellH = Math.max(...INTEREST_COLUMNS.map((c) => textHeight(`${c.cell} ${rows}`, '', s, CELL_W))) + NOTE_ROOM + 10
    const zones: ZoneDef[] = []
    INTEREST_COLUMNS.forEach((c, i) => {
      const x = i * (CELL_W + GAP)
      zones.push({
        id: `head-${c.id}`, label: c.label, prompt: c.prompt, kind: 'decoration', geometry: 'rect', x, y: 0, w: CELL_W, h: headerH,
        color: c.colour.semi, accent: c.colour.solid, labelSize: s.group, decoration: c.decoration,
      })
      for (let r = 0; r < rows; r++) {
        zones.push({
          id: `row${r + 1}.${c.id}`, label: c.id === 'interest' ? `Interest ${r + 1}` : c.cell, prompt: '',
          kind: c.id === 'actions' ? 'actions' : 'items', geometry: 'rect',
          x, y: headerH + GAP + r * (cellH + GAP), w: CELL_W, h: cellH,
          color: r % 2 ? '#ffffff' : '#fbfbfb', accent: c.colour.solid,
        })
      }
    })
    return withSizes(zones, s)
  })
}

function steps(options?: TemplateOptions): WalkStep[] {
  const rows = Array.from({ length: interestRowCount(options) }, (_, i) => `row${i + 1}`)
  return INTEREST_COLUMNS.map((c) => ({
    title: c.label.replace(/^\d · /, ''),
    prompt: c.id === 'interest' ? 'Start with people: what does each person love, or want to try? One interest a row.' : `${c.label.replace(/^\d · /, '')} ${c.prompt}.`,
    zoneIds: [`head-${c.id}`, ...rows.map((r) => `${r}.${c.id}`)],
  }))
}

export const interestToActionTemplate: TemplateDef<InterestToActionSection> = {
  id: 'interestToAction',
  name: 'From interest to action',
  description: 'For each interest: a group to join, who could support, a member or partner who could help, and the action.',
  section: 'interestToAction',
  group: 'strengths',
  zones: buildZones,
  steps,
  toSection(r) {
    const rows = [...new Set(r.zoneIds().map((id) => /^(row\d+)\./.exec(id)?.[1]).filter((x): x is string => !!x))].sort(
      (a, b) => Number(a.slice(3)) - Number(b.slice(3)),
    )
    return {
      template: 'interestToAction',
      instanceId: r.instanceId,
      title: r.title,
      rows: rows.map((row) => ({
        row,
        interest: r.items(`${row}.interest`),
        group: r.items(`${row}.group`),
        support: r.items(`${row}.support`),
        member: r.items(`${row}.member`),
        partner: r.items(`${row}.partner`),
        actions: r.actions(`${row}.actions`),
      })),
    }
  },
  fromSection(s) {
    const rows = s.rows.slice(0, MAX_INTEREST_ROWS)
    const fills: Record<string, ZoneFillEntry[]> = {}
    rows.forEach((row, i) => {
      const id = `row${i + 1}`
      for (const k of ['interest', 'group', 'support', 'member', 'partner'] as const) fills[`${id}.${k}`] = row[k]
      fills[`${id}.actions`] = row.actions.map(({ shapeId, ...action }) => ({ action, shapeId }))
    })
    return { options: { count: Math.max(1, rows.length) }, fills }
  },
}
