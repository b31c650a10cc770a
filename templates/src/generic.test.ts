// The docs/templates.md example, registered for the duration of the test: a one-file template with a
// generic plan section works end to end (extract, render, import).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { parsePlan, planToCsv, planToMarkdown } from '@circleboard/shared'
import type { GenericSection } from '@circleboard/shared'
import { boardToPlan } from './extract'
import { planToShapes } from './import'
import { templates } from './registry'
import { board, noteAt } from './testHelpers'
import type { TemplateDef } from './types'

export const goodDaysTemplate: TemplateDef<GenericSection> = {
  id: 'gooddays',
  name: 'Good days and bad days',
  description: 'What makes a good day, what makes a bad day, and what we will do.',
  section: 'generic',
  zones: () => [
    { id: 'good', label: 'Good days', prompt: 'What makes a good day?', kind: 'items', geometry: 'rect', x: 0, y: 0, w: 1200, h: 900, color: '#dcf5e3' },
    { id: 'bad', label: 'Bad days', prompt: 'What makes a bad day?', kind: 'items', geometry: 'rect', x: 1260, y: 0, w: 1200, h: 900, color: '#fde2e1' },
    { id: 'actions', label: 'What we will do', prompt: 'what @who by when', kind: 'actions', geometry: 'rect', x: 0, y: 960, w: 2460, h: 500, color: '#ffe4cc' },
  ],
  toSection: (r) => ({
    template: 'generic', templateId: 'gooddays', instanceId: r.instanceId, title: r.title,
    zones: ['good', 'bad', 'actions'].map((id) => ({
      zoneId: id, label: r.label(id), kind: id === 'actions' ? 'actions' : 'items',
      items: id === 'actions' ? [] : r.items(id), actions: id === 'actions' ? r.actions(id) : [],
    })),
  }),
  fromSection: (s) => ({
    fills: Object.fromEntries(s.zones.map((z) => [z.zoneId, [...z.items, ...z.actions.map(({ shapeId, ...action }) => ({ action, shapeId }))]])),
  }),
}

const list = templates as TemplateDef[]
beforeAll(() => void list.push(goodDaysTemplate as unknown as TemplateDef))
afterAll(() => void list.splice(list.indexOf(goodDaysTemplate as unknown as TemplateDef), 1))

it('a one-file generic template extracts, renders and round-trips', () => {
  const b = board('gooddays')
  b.records.push(
    noteAt(b.zone('good').cx, b.zone('good').cy, 'Rugby on Saturday'),
    noteAt(b.zone('bad').cx, b.zone('bad').cy, 'No routine'),
    noteAt(b.zone('actions').cx, b.zone('actions').cy, 'Plan the week @Mum by Sunday'),
  )
  const now = new Date('2027-01-20T12:00:00Z')
  const plan = boardToPlan(b.records, { now })
  expect(parsePlan(plan).ok).toBe(true)
  const s = plan.sections[0] as GenericSection
  expect(s.title).toBe('Good days and bad days')
  expect(s.zones.map((z) => [z.label, z.items.map((i) => i.text), z.actions.map((a) => `${a.what}|${a.who}|${a.when}`)])).toEqual([
    ['Good days', ['Rugby on Saturday'], []],
    ['Bad days', ['No routine'], []],
    ['What we will do', [], ['Plan the week|Mum|Sunday']],
  ])
  expect(planToMarkdown(plan)).toContain('### Good days')
  expect(planToCsv(plan)).toContain('Good days and bad days,What we will do,Plan the week,Mum,Sunday')
  const strip = (p: unknown) => JSON.parse(JSON.stringify(p, (k, v) => (k === 'shapeId' || k === 'exportedAt' ? undefined : v)))
  expect(strip(boardToPlan(planToShapes(plan), { now }))).toEqual(strip(plan))
})
