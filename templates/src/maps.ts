/**
 * MAPS (Forest, Pearpoint, O'Brien; PATH's sister): the story, the dream, the nightmare, who the
 * person is, their gifts, what they need to make the dream happen, and the action plan — in that
 * order, numbered on the board.
 */
import type { GenericSection } from '@circleboard/shared'
import { PALETTE } from './poster'
import { NOTE_ROOM, fitted, readGeneric, textHeight, withSizes, writeGeneric } from './kit'
import type { TemplateDef, WalkStep, ZoneDef } from './types'

const PARTS = [
  { id: 'story', label: '1 · The story', prompt: 'What has happened in their life so far? The key moments', decoration: 'book', colour: PALETTE.blue },
  { id: 'dream', label: '2 · The dream', prompt: 'Their dreams, hopes and wishes', decoration: 'star', colour: PALETTE.yellow },
  { id: 'nightmare', label: '3 · The nightmare', prompt: 'What they and their circle fear most; what we must avoid', decoration: 'cross', colour: PALETTE.grey },
  { id: 'who', label: '4 · Who is this person?', prompt: 'Words that describe them', decoration: 'person', colour: PALETTE.lightBlue },
  { id: 'gifts', label: '5 · Gifts', prompt: 'Their gifts, strengths and talents', decoration: 'gift', colour: PALETTE.green },
  { id: 'needs', label: '6 · What they need', prompt: 'To make the dream happen and keep the nightmare away', decoration: 'key', colour: PALETTE.violet },
] as const
const PLAN = { label: '7 · Action plan', prompt: 'what @who by when' }

const COL_W = 1150
const GAP = 40
const W = 3 * COL_W + 2 * GAP

const ZONES = fitted((s) => {
  const rowH = Math.max(...PARTS.map((p) => textHeight(p.label, p.prompt, s, COL_W, p.decoration))) + 2 * NOTE_ROOM
  const planH = textHeight(PLAN.label, PLAN.prompt, s, W, 'next') + NOTE_ROOM + 20
  const zones: ZoneDef[] = [
    ...PARTS.map(
      (p, i): ZoneDef => ({
        id: p.id, label: p.label, prompt: p.prompt, kind: 'items', geometry: 'rect',
        x: (i % 3) * (COL_W + GAP), y: Math.floor(i / 3) * (rowH + GAP), w: COL_W, h: rowH,
        color: p.colour.semi, accent: p.colour.solid, decoration: p.decoration,
      }),
    ),
    {
      id: 'plan', ...PLAN, kind: 'actions', geometry: 'rect', x: 0, y: 2 * (rowH + GAP), w: W, h: planH,
      color: PALETTE.orange.semi, accent: PALETTE.orange.solid, decoration: 'next',
    },
  ]
  return withSizes(zones, s)
})

const ORDER = ['story', 'dream', 'nightmare', 'who', 'gifts', 'needs', 'plan'] as const

function steps(): WalkStep[] {
  return [
    { title: '1 · The story', prompt: 'What is their story? What has happened in their life so far?', zoneIds: ['story'] },
    { title: '2 · The dream', prompt: 'What are their dreams, hopes and wishes?', zoneIds: ['dream'] },
    { title: '3 · The nightmare', prompt: 'What do they and their circle fear most? What must we avoid?', zoneIds: ['nightmare'] },
    { title: '4 · Who is this person?', prompt: 'Who is this person? Words that describe them.', zoneIds: ['who'] },
    { title: '5 · Gifts', prompt: 'What are their gifts, strengths and talents?', zoneIds: ['gifts'] },
    { title: '6 · What they need', prompt: 'What do they need to make the dream happen and keep the nightmare away?', zoneIds: ['needs'] },
    { title: '7 · Action plan', prompt: 'What will we do, who does it, by when?', zoneIds: ['plan'] },
  ]
}

export const mapsTemplate: TemplateDef<GenericSection> = {
  id: 'maps',
  name: 'MAPS',
  description: 'The story, the dream, the nightmare, who the person is, their gifts, what they need, and the action plan.',
  section: 'generic',
  group: 'person',
  zones: () => ZONES.map((z) => ({ ...z })),
  steps,
  toSection: (r) => readGeneric(r, 'maps', ORDER, ['plan']),
  fromSection: writeGeneric,
}
