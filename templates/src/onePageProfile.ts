/**
 * One-page profile: what people like and admire about me, what is important to me, how best to
 * support me — with the person's name (and a photo or drawing) at the top.
 */
import type { GenericSection } from '@circleboard/shared'
import { PALETTE } from './poster'
import { NOTE_ROOM, fitted, readGeneric, textHeight, withSizes, writeGeneric } from './kit'
import type { TemplateDef, WalkStep, ZoneDef } from './types'

const PERSON = { label: 'Me', prompt: 'My name, and a photo or drawing' }
const APPRECIATE = { label: 'What people like and admire about me', prompt: 'Ask the people who know me best' }
const IMPORTANT = { label: 'What is important to me', prompt: 'From my point of view: people, places, routines, things' }
const SUPPORT = { label: 'How best to support me', prompt: 'What helps, what to avoid, what good support looks like' }

const GAP = 40
const COL_W = 1500
const W = 2 * COL_W + GAP
const PERSON_W = 900

const ZONES = fitted((s) => {
  const topH = Math.max(textHeight(APPRECIATE.label, APPRECIATE.prompt, s, W - PERSON_W - GAP, 'star'), textHeight(PERSON.label, PERSON.prompt, s, PERSON_W, 'person')) + 2 * NOTE_ROOM
  const colH = Math.max(textHeight(IMPORTANT.label, IMPORTANT.prompt, s, COL_W, 'heart'), textHeight(SUPPORT.label, SUPPORT.prompt, s, COL_W, 'key')) + 3 * NOTE_ROOM
  const zones: ZoneDef[] = [
    { id: 'person', ...PERSON, kind: 'items', geometry: 'rect', x: 0, y: 0, w: PERSON_W, h: topH, color: '#fff6d5', accent: PALETTE.yellow.solid, decoration: 'person' },
    {
      id: 'appreciate', ...APPRECIATE, kind: 'items', geometry: 'rect', x: PERSON_W + GAP, y: 0, w: W - PERSON_W - GAP, h: topH,
      color: PALETTE.lightViolet.semi, accent: PALETTE.violet.solid, decoration: 'star',
    },
    { id: 'important', ...IMPORTANT, kind: 'items', geometry: 'rect', x: 0, y: topH + GAP, w: COL_W, h: colH, color: PALETTE.lightRed.semi, accent: PALETTE.red.solid, decoration: 'heart' },
    { id: 'support', ...SUPPORT, kind: 'items', geometry: 'rect', x: COL_W + GAP, y: topH + GAP, w: COL_W, h: colH, color: PALETTE.lightGreen.semi, accent: PALETTE.green.solid, decoration: 'key' },
  ]
  return withSizes(zones, s)
})

const ORDER = ['person', 'appreciate', 'important', 'support'] as const

function steps(): WalkStep[] {
  return [
    { title: 'Me', prompt: 'Whose profile is this? Write their name; add a photo or a drawing.', zoneIds: ['person'] },
    { title: 'What people like and admire', prompt: 'What do people like and admire about this person?', zoneIds: ['appreciate'] },
    { title: 'What is important to me', prompt: 'What matters to them, from their point of view?', zoneIds: ['important'] },
    { title: 'How best to support me', prompt: 'What helps? What should people avoid? What does good support look like?', zoneIds: ['support'] },
  ]
}

export const onePageProfileTemplate: TemplateDef<GenericSection> = {
  id: 'onePageProfile',
  name: 'One-page profile',
  description: 'What people like and admire about me, what is important to me, and how best to support me.',
  section: 'generic',
  group: 'person',
  zones: () => ZONES.map((z) => ({ ...z })),
  steps,
  toSection: (r) => readGeneric(r, 'onePageProfile', ORDER, []),
  fromSection: writeGeneric,
}
