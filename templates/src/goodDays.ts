/**
 * Good days in the community (Community Circles): for someone who has been isolated and finds it
 * hard to name interests — think of a good day: where, with whom, doing what. It becomes interests
 * to act on.
 */
import type { GenericSection } from '@circleboard/shared'
import { PALETTE } from './poster'
import { NOTE_ROOM, fitted, readGeneric, textHeight, withSizes, writeGeneric } from './kit'
import type { TemplateDef, WalkStep, ZoneDef } from './types'

const COLUMNS = [
  { id: 'where', label: 'Where', prompt: 'Where were you? Park, café, club, someone’s home…', decoration: 'house', colour: PALETTE.green },
  { id: 'withWhom', label: 'With whom', prompt: 'Who was there? Who would you like there?', decoration: 'people', colour: PALETTE.blue },
  { id: 'doingWhat', label: 'Doing what', prompt: 'What were you doing? What did you enjoy?', decoration: 'star', colour: PALETTE.violet },
] as const
const STORY = { label: 'A good day', prompt: 'Think of a good day in the community. What happened? What made it good?' }
const INTERESTS = { label: 'Interests to act on', prompt: 'What would bring more good days? what @who by when' }

const COL_W = 1150
const GAP = 40
const W = 3 * COL_W + 2 * GAP

const ZONES = fitted((s) => {
  const storyH = textHeight(STORY.label, STORY.prompt, s, W, 'sun') + NOTE_ROOM + 20
  const colH = Math.max(...COLUMNS.map((c) => textHeight(c.label, c.prompt, s, COL_W, c.decoration))) + 3 * NOTE_ROOM
  const actH = textHeight(INTERESTS.label, INTERESTS.prompt, s, W, 'next') + NOTE_ROOM + 20
  const zones: ZoneDef[] = [
    { id: 'story', ...STORY, kind: 'items', geometry: 'rect', x: 0, y: 0, w: W, h: storyH, color: PALETTE.yellow.semi, accent: PALETTE.yellow.solid, decoration: 'sun' },
    ...COLUMNS.map(
      (c, i): ZoneDef => ({
        id: c.id, label: c.label, prompt: c.prompt, kind: 'items', geometry: 'rect',
        x: i * (COL_W + GAP), y: storyH + GAP, w: COL_W, h: colH, color: c.colour.semi, accent: c.colour.solid, decoration: c.decoration,
      }),
    ),
    {
      id: 'interests', ...INTERESTS, kind: 'actions', geometry: 'rect', x: 0, y: storyH + colH + 2 * GAP, w: W, h: actH,
      color: PALETTE.orange.semi, accent: PALETTE.orange.solid, decoration: 'next',
    },
  ]
  return withSizes(zones, s)
})

const ORDER = ['story', 'where', 'withWhom', 'doingWhat', 'interests'] as const

function steps(): WalkStep[] {
  return [
    { title: 'A good day', prompt: 'Think of a good day in the community. What happened? What made it good?', zoneIds: ['story'] },
    { title: 'Where', prompt: 'Where were you?', zoneIds: ['where'] },
    { title: 'With whom', prompt: 'Who was there with you?', zoneIds: ['withWhom'] },
    { title: 'Doing what', prompt: 'What were you doing? What did you enjoy most?', zoneIds: ['doingWhat'] },
    { title: 'Interests to act on', prompt: 'Which interests will we act on? What, who, by when.', zoneIds: ['interests'] },
  ]
}

export const goodDaysTemplate: TemplateDef<GenericSection> = {
  id: 'goodDays',
  name: 'Good days in the community',
  description: 'A good day: where, with whom, doing what — and the interests to act on.',
  section: 'generic',
  group: 'strengths',
  zones: () => ZONES.map((z) => ({ ...z })),
  steps,
  toSection: (r) => readGeneric(r, 'goodDays', ORDER, ['interests']),
  fromSection: writeGeneric,
}
