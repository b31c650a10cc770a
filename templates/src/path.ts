/**
 * PATH — Planning Alternative Tomorrows with Hope (Pearpoint, O'Brien, Forest).
 *
 * One wide arrow pointing right: Now at the far left; inside the arrow, left to right, First step,
 * Next month, Next few months, Getting stronger, and Enrol underneath; the Goal just past the
 * arrow's tip and the North Star above it, top right. Filled in 1 -> 8, acted on left to right.
 */
import { formatEnrolText, parseEnrolText } from '@circleboard/shared'
import type { PathSection } from '@circleboard/shared'
import { ARROW_HEAD_RATIO } from './geometry'
import { PALETTE } from './poster'
import type { TemplateDef, WalkStep, ZoneDef } from './types'

/**
 * Layout (canvas units). Fitted to a 1440×900 screen the whole PATH shows at about 0.35, so step
 * names are drawn at 54 units (about 19 px) and prompts at 36 (about 12.6 px); every step column
 * holds two stickies side by side under its heading.
 */
const LABEL = 54
const PROMPT = 36
const COL_W = 470
const GAP = 24
const STEP_H = 640
const ENROL_H = 420
const BODY_PAD = 30
const BODY_H = STEP_H + GAP + ENROL_H + 2 * BODY_PAD
/** arrowOutline: the body is the middle 80% of the arrow's height. */
const ARROW_H = Math.round(BODY_H / 0.8)
const ARROW_Y = 330
const STEP_Y = ARROW_Y + ARROW_H * 0.1 + BODY_PAD
const COL_X = (i: number) => 40 + i * (COL_W + GAP)
/** The body ends after the fifth column; the head follows. */
const ARROW_W = COL_X(5) - GAP + BODY_PAD + Math.round(ARROW_H * ARROW_HEAD_RATIO)
const GOAL_W = 580
const GOAL_X = ARROW_W + 30
const DREAM_D = 860

const BASE_ZONES: ZoneDef[] = [
  {
    id: 'arrow', label: '', prompt: '', kind: 'decoration', geometry: 'arrow', x: 0, y: ARROW_Y, w: ARROW_W, h: ARROW_H,
    color: PALETTE.blue.semi, accent: PALETTE.blue.solid,
  },
  {
    // "A circle or star, top right": a circle with the star drawn in it holds notes anywhere inside.
    id: 'dream', label: '1 · North Star / Dream', prompt: 'Values, ideals, deepest hopes. A direction, not a goal.',
    kind: 'items', geometry: 'ellipse', x: GOAL_X + GOAL_W - DREAM_D, y: 0, w: DREAM_D, h: DREAM_D,
    color: '#fff6d5', accent: PALETTE.yellow.solid, labelSize: 60, promptSize: PROMPT, decoration: 'star',
  },
  {
    id: 'goal', label: '2 · Goal (a year on)', prompt: 'Written as if it has already happened. Positive and possible.',
    kind: 'items', geometry: 'rect', x: GOAL_X, y: DREAM_D + 30, w: GOAL_W, h: ARROW_Y + ARROW_H - DREAM_D - 30,
    color: PALETTE.lightGreen.semi, accent: PALETTE.green.solid, labelSize: 60, promptSize: PROMPT, decoration: 'flag',
  },
  {
    id: 'now', label: '3 · Now', prompt: 'An honest picture of today.',
    kind: 'items', geometry: 'rect', x: COL_X(0), y: STEP_Y, w: COL_W, h: STEP_H + GAP + ENROL_H,
    color: PALETTE.lightRed.semi, accent: PALETTE.red.solid, labelSize: 60, promptSize: PROMPT, decoration: 'person',
  },
  {
    id: 'firstStep', label: '8 · First step', prompt: 'One step within days: what @who by when',
    kind: 'actions', geometry: 'rect', x: COL_X(1), y: STEP_Y, w: COL_W, h: STEP_H,
    color: PALETTE.orange.semi, accent: PALETTE.orange.solid, decoration: 'foot',
  },
  {
    id: 'oneMonth', label: '7 · Next month', prompt: 'what @who by when',
    kind: 'actions', geometry: 'rect', x: COL_X(2), y: STEP_Y, w: COL_W, h: STEP_H,
    color: PALETTE.yellow.semi, accent: PALETTE.orange.solid, decoration: 'calendar',
  },
  {
    id: 'threeMonths', label: '6 · Next few months', prompt: 'About 3 months: what @who by when',
    kind: 'actions', geometry: 'rect', x: COL_X(3), y: STEP_Y, w: COL_W, h: STEP_H,
    color: PALETTE.yellow.semi, accent: PALETTE.orange.solid, decoration: 'calendar',
  },
  {
    id: 'stronger', label: '5 · Getting stronger', prompt: 'What keeps us strong: skills, relationships, self-care.',
    kind: 'items', geometry: 'rect', x: COL_X(4), y: STEP_Y, w: COL_W, h: STEP_H,
    color: PALETTE.lightBlue.semi, accent: PALETTE.blue.solid, decoration: 'heart',
  },
  {
    id: 'enrol', label: '4 · Enrol', prompt: 'Who do we need on the journey? Write: person (ask: who asks them)',
    kind: 'items', geometry: 'rect', x: COL_X(1), y: STEP_Y + STEP_H + GAP, w: COL_X(5) - GAP - COL_X(1), h: ENROL_H,
    color: PALETTE.lightViolet.semi, accent: PALETTE.violet.solid, decoration: 'people',
  },
]
const ZONES: ZoneDef[] = BASE_ZONES.map((z) => ({ labelSize: LABEL, promptSize: PROMPT, ...z }))

const PATH_STEPS: WalkStep[] = [
  { title: '1 · North Star / Dream', prompt: 'What is the dream? Values, ideals, deepest hopes: a direction, not a goal.', zoneIds: ['dream'] },
  { title: '2 · Goal (a year on)', prompt: 'A year from now, what has happened? Write it as if it already has: positive and possible.', zoneIds: ['goal'] },
  { title: '3 · Now', prompt: 'Where are we today? An honest picture of now.', zoneIds: ['now'] },
  { title: '4 · Enrol', prompt: 'Who do we need on the journey, and who will ask them?', zoneIds: ['enrol'] },
  { title: '5 · Getting stronger', prompt: 'What will keep us strong: skills, relationships, self-care?', zoneIds: ['stronger'] },
  { title: '6 · Next few months', prompt: 'What will we do in the next three months? What, who, by when.', zoneIds: ['threeMonths'] },
  { title: '7 · Next month', prompt: 'What will we do in the next month? What, who, by when.', zoneIds: ['oneMonth'] },
  { title: '8 · First step', prompt: 'What is the first step, within days? Who does it, and when?', zoneIds: ['firstStep'] },
]

export const pathTemplate: TemplateDef<PathSection> = {
  id: 'path',
  name: 'PATH',
  description: 'Planning Alternative Tomorrows with Hope: dream, goal, now, enrol, getting stronger and actions.',
  section: 'path',
  group: 'person',
  zones: () => ZONES.map((z) => ({ ...z })),
  steps: () => PATH_STEPS.map((s) => ({ ...s, zoneIds: [...s.zoneIds] })),
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
