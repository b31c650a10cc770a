/**
 * Gifts of the head, heart and hands (Community Circles, from social pedagogy): what a person
 * knows, cares about and can do — contributions, not needs. The person at the top, three columns
 * under them, and where the gifts could go (actions) along the bottom. `@name` on a note says whose
 * gift it is, for a group doing it together.
 */
import type { GiftsSection } from '@circleboard/shared'
import { PALETTE } from './poster'
import { NOTE_ROOM, fitted, offerFills, readOffers, textHeight, withSizes } from './kit'
import type { TemplateDef, WalkStep, ZoneDef } from './types'

export const GIFT_COLUMNS = [
  { id: 'head', label: 'Head: what I know', prompt: 'Knowledge, experience, what I could teach. @whose gift', decoration: 'bulb', colour: PALETTE.blue },
  { id: 'heart', label: 'Heart: what I care about', prompt: 'Passions, values, what moves me. @whose gift', decoration: 'heart', colour: PALETTE.red },
  { id: 'hands', label: 'Hands: what I can do', prompt: 'Practical skills, things I make and do. @whose gift', decoration: 'gift', colour: PALETTE.green },
] as const
const SHARE = { label: 'Where these gifts could go', prompt: 'Who would welcome them? Where could they be shared? what @who by when' }

const COL_W = 1150
const GAP = 40
const W = 3 * COL_W + 2 * GAP
const PERSON_W = 1300
const PERSON_H = 560

const ZONES = fitted((s) => {
  const colH = Math.max(...GIFT_COLUMNS.map((c) => textHeight(c.label, c.prompt, s, COL_W, c.decoration))) + 3 * NOTE_ROOM
  const shareH = textHeight(SHARE.label, SHARE.prompt, s, W, 'link') + NOTE_ROOM + 20
  const zones: ZoneDef[] = [
    {
      id: 'person', label: 'The person', prompt: 'Whose gifts are these? (or: our group)', kind: 'items', geometry: 'ellipse',
      x: (W - PERSON_W) / 2, y: 0, w: PERSON_W, h: PERSON_H, color: '#fff6d5', accent: PALETTE.yellow.solid, decoration: 'person',
    },
    ...GIFT_COLUMNS.map(
      (c, i): ZoneDef => ({
        id: c.id, label: c.label, prompt: c.prompt, kind: 'items', geometry: 'rect',
        x: i * (COL_W + GAP), y: PERSON_H + GAP, w: COL_W, h: colH, color: c.colour.semi, accent: c.colour.solid, decoration: c.decoration,
      }),
    ),
    {
      id: 'share', label: SHARE.label, prompt: SHARE.prompt, kind: 'actions', geometry: 'rect',
      x: 0, y: PERSON_H + colH + 2 * GAP, w: W, h: shareH, color: PALETTE.orange.semi, accent: PALETTE.orange.solid, decoration: 'link',
    },
  ]
  return withSizes(zones, s)
})

function steps(): WalkStep[] {
  return [
    { title: 'The person', prompt: 'Whose gifts are we finding? Write their name, or our group’s.', zoneIds: ['person'] },
    { title: 'Head', prompt: 'What do you know? Knowledge, experience, something you could teach.', zoneIds: ['head'] },
    { title: 'Heart', prompt: 'What do you care about? Passions, values, what moves you.', zoneIds: ['heart'] },
    { title: 'Hands', prompt: 'What can you do? Practical skills, things you make and do.', zoneIds: ['hands'] },
    { title: 'Where the gifts could go', prompt: 'Who would welcome these gifts? What, who, by when.', zoneIds: ['share'] },
  ]
}

export const giftsTemplate: TemplateDef<GiftsSection> = {
  id: 'gifts',
  name: 'Gifts of the head, heart and hands',
  description: 'What a person knows, cares about and can do: contributions, not needs. @name says whose gift.',
  section: 'gifts',
  group: 'strengths',
  zones: () => ZONES.map((z) => ({ ...z })),
  steps,
  toSection(r) {
    return {
      template: 'gifts',
      instanceId: r.instanceId,
      title: r.title,
      person: r.items('person'),
      head: readOffers(r, 'head'),
      heart: readOffers(r, 'heart'),
      hands: readOffers(r, 'hands'),
      share: r.actions('share'),
    }
  },
  fromSection(s) {
    return {
      fills: {
        person: s.person,
        head: offerFills(s.head),
        heart: offerFills(s.heart),
        hands: offerFills(s.hands),
        share: s.share.map(({ shapeId, ...action }) => ({ action, shapeId })),
      },
    }
  },
}
