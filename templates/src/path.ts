/**
 * PATH — Planning Alternative Tomorrows with Hope (Pearpoint, O'Brien, Forest).
 *
 * One wide arrow pointing right: Now at the far left; inside the arrow, left to right, First step,
 * Next month, Next few months, Getting stronger, and Enrol underneath; the Goal just past the
 * arrow's tip and the North Star above it, top right. Filled in 1 -> 8, acted on left to right.
 */
import { formatEnrolText, parseEnrolText } from '@circleboard/shared'
import type { PathSection } from '@circleboard/shared'
import type { TemplateDef, ZoneDef } from './types'

const STEP_Y = 260
const STEP_H = 480
const STEP_W = 350

const ZONES: ZoneDef[] = [
  { id: 'arrow', label: '', prompt: '', kind: 'decoration', geometry: 'arrow', x: 0, y: 120, w: 2500, h: 1180, color: '#e8eef7' },
  {
    id: 'dream', label: '1 · North Star / Dream', prompt: 'Values, ideals, deepest hopes. A direction, not a goal.',
    kind: 'items', geometry: 'star', x: 2420, y: 0, w: 700, h: 680, color: '#fff3c4',
  },
  {
    id: 'goal', label: '2 · Goal (a year on)', prompt: 'Written as if it has already happened. Positive and possible.',
    kind: 'items', geometry: 'rect', x: 2560, y: 720, w: 560, h: 560, color: '#dcf5e3',
  },
  {
    id: 'now', label: '3 · Now', prompt: 'An honest picture of today.',
    kind: 'items', geometry: 'rect', x: 30, y: 260, w: 380, h: 900, color: '#fde2e1',
  },
  {
    id: 'firstStep', label: '8 · First step', prompt: 'One step within days: what @who by when',
    kind: 'actions', geometry: 'rect', x: 430, y: STEP_Y, w: STEP_W, h: STEP_H, color: '#ffe4cc',
  },
  {
    id: 'oneMonth', label: '7 · Next month', prompt: 'what @who by when',
    kind: 'actions', geometry: 'rect', x: 800, y: STEP_Y, w: STEP_W, h: STEP_H, color: '#ffecd6',
  },
  {
    id: 'threeMonths', label: '6 · Next few months', prompt: 'About 3 months: what @who by when',
    kind: 'actions', geometry: 'rect', x: 1170, y: STEP_Y, w: STEP_W, h: STEP_H, color: '#fff2e0',
  },
  {
    id: 'stronger', label: '5 · Getting stronger', prompt: 'What keeps us strong: skills, relationships, self-care.',
    kind: 'items', geometry: 'rect', x: 1540, y: STEP_Y, w: STEP_W, h: STEP_H, color: '#e3f0fb',
  },
  {
    id: 'enrol', label: '4 · Enrol', prompt: 'Who do we need on the journey? Write: person (ask: who asks them)',
    kind: 'items', geometry: 'rect', x: 430, y: 760, w: 1460, h: 400, color: '#efe6fa',
  },
]

export const pathTemplate: TemplateDef<PathSection> = {
  id: 'path',
  name: 'PATH',
  description: 'Planning Alternative Tomorrows with Hope: dream, goal, now, enrol, getting stronger and actions.',
  section: 'path',
  zones: () => ZONES.map((z) => ({ ...z })),
  toSection(r) {
    const block = (zoneId: string) => {
      const items = r.items(zoneId)
      return { text: items.map((i) => i.text).join('\n'), items }
    }
    return {
      template: 'path',
      instanceId: r.instanceId,
      title: r.title,
      dream: block('dream'),
      goal: block('goal'),
      now: block('now'),
      enrol: r.entries('enrol').map((e) => ({ ...parseEnrolText(e.text), shapeId: e.shapeId })),
      gettingStronger: r.items('stronger'),
      actions: {
        threeMonths: r.actions('threeMonths'),
        oneMonth: r.actions('oneMonth'),
        firstStep: r.actions('firstStep'),
      },
    }
  },
  fromSection(s) {
    // A block's items are the truth; a hand-written plan may only have the text.
    const block = (b: PathSection['dream']) =>
      b.items.length ? b.items : b.text.trim() ? [{ text: b.text.trim() }] : []
    return {
      fills: {
        dream: block(s.dream),
        goal: block(s.goal),
        now: block(s.now),
        enrol: s.enrol.map((e) => ({ text: formatEnrolText(e), shapeId: e.shapeId })),
        stronger: s.gettingStronger,
        threeMonths: s.actions.threeMonths.map(({ shapeId, ...action }) => ({ action, shapeId })),
        oneMonth: s.actions.oneMonth.map(({ shapeId, ...action }) => ({ action, shapeId })),
        firstStep: s.actions.firstStep.map(({ shapeId, ...action }) => ({ action, shapeId })),
      },
    }
  },
}
