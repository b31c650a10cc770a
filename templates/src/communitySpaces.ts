/**
 * Community spaces — "don't be static" (SCIE): go where people already are instead of waiting in
 * buildings. Places people already go, who is there, what could happen there, who to ask; what
 * stops us; and the next steps.
 */
import type { GenericSection } from '@circleboard/shared'
import { PALETTE } from './poster'
import { NOTE_ROOM, fitted, readGeneric, textHeight, withSizes, writeGeneric } from './kit'
import type { TemplateDef, WalkStep, ZoneDef } from './types'

const COLUMNS = [
  { id: 'places', label: 'Places people already go', prompt: 'Library, park, café, empty shop, bus route, school gate…', decoration: 'bus', colour: PALETTE.green },
  { id: 'who', label: 'Who is there', prompt: 'Who do you meet there? Who runs it?', decoration: 'people', colour: PALETTE.blue },
  { id: 'happen', label: 'What could happen there', prompt: 'A pop-up, a stall, a chat, a mobile service…', decoration: 'bulb', colour: PALETTE.violet },
  { id: 'ask', label: 'Who to ask', prompt: 'Who holds the key? Who decides?', decoration: 'key', colour: PALETTE.yellow },
] as const
const STOPS = { label: 'What stops us?', prompt: 'What stops us using these spaces as hubs? What do local people and practitioners think?' }
const NEXT = { label: 'Next steps', prompt: 'what @who by when' }

const COL_W = 900
const GAP = 40
const W = 4 * COL_W + 3 * GAP
const HALF = (W - GAP) / 2

const ZONES = fitted((s) => {
  const colH = Math.max(...COLUMNS.map((c) => textHeight(c.label, c.prompt, s, COL_W, c.decoration))) + 4 * NOTE_ROOM
  const rowH = Math.max(textHeight(STOPS.label, STOPS.prompt, s, HALF, 'cross'), textHeight(NEXT.label, NEXT.prompt, s, HALF, 'next')) + NOTE_ROOM + 20
  const zones: ZoneDef[] = [
    ...COLUMNS.map(
      (c, i): ZoneDef => ({
        id: c.id, label: c.label, prompt: c.prompt, kind: 'items', geometry: 'rect',
        x: i * (COL_W + GAP), y: 0, w: COL_W, h: colH, color: c.colour.semi, accent: c.colour.solid, decoration: c.decoration,
      }),
    ),
    { id: 'stops', ...STOPS, kind: 'items', geometry: 'rect', x: 0, y: colH + GAP, w: HALF, h: rowH, color: PALETTE.grey.semi, accent: PALETTE.black.solid, decoration: 'cross' },
    { id: 'actions', ...NEXT, kind: 'actions', geometry: 'rect', x: HALF + GAP, y: colH + GAP, w: HALF, h: rowH, color: PALETTE.orange.semi, accent: PALETTE.orange.solid, decoration: 'next' },
  ]
  return withSizes(zones, s)
})

const ORDER = ['places', 'who', 'happen', 'ask', 'stops', 'actions'] as const

function steps(): WalkStep[] {
  return [
    { title: 'Places people already go', prompt: 'Where do people already go? Library, park, café, empty shop, bus route…', zoneIds: ['places'] },
    { title: 'Who is there', prompt: 'Who do you meet in those places? Who runs them?', zoneIds: ['who'] },
    { title: 'What could happen there', prompt: 'What could happen there? A pop-up, a stall, a conversation, a mobile service…', zoneIds: ['happen'] },
    { title: 'Who to ask', prompt: 'Who holds the key? Who do we need to ask?', zoneIds: ['ask'] },
    { title: 'What stops us?', prompt: 'What stops us using these spaces as hubs? What do local people and practitioners think?', zoneIds: ['stops'] },
    { title: 'Next steps', prompt: 'What will we do, who does it, by when?', zoneIds: ['actions'] },
  ]
}

export const communitySpacesTemplate: TemplateDef<GenericSection> = {
  id: 'communitySpaces',
  name: 'Community spaces',
  description: '“Don’t be static”: places people already go, who is there, what could happen there, who to ask.',
  section: 'generic',
  group: 'community',
  zones: () => ZONES.map((z) => ({ ...z })),
  steps,
  toSection: (r) => readGeneric(r, 'communitySpaces', ORDER, ['actions']),
  fromSection: writeGeneric,
}
