/**
 * Circle of support (relationship circles): four rings around the person — intimacy (closest),
 * friendship, participation (groups, clubs, work), exchange (people paid to be there) — and beside
 * them the circle of potential connections: who could be invited, and who will ask them. People who
 * use services often have mostly paid people in their circles; the point is to grow the inner ones.
 */
import type { GenericSection } from '@circleboard/shared'
import { PALETTE } from './poster'
import { NOTE_ROOM, fitted, readGeneric, textHeight, withSizes, writeGeneric } from './kit'
import type { TemplateDef, WalkStep, ZoneDef } from './types'

const PERSON_W = 900
const PERSON_H = 520
/** Ring thickness left/right (two notes side by side) and top/bottom (the ring's name and prompt). */
const RING_X = 450
const RING_Y = 280
const RINGS_W = PERSON_W + 8 * RING_X
const RINGS_H = PERSON_H + 8 * RING_Y
const GAP = 50
const SIDE_W = 1000

const RINGS = [
  { id: 'exchange', label: 'Exchange', prompt: 'People paid to be there', colour: PALETTE.grey },
  { id: 'participation', label: 'Participation', prompt: 'Groups, clubs, work, faith', colour: PALETTE.lightBlue },
  { id: 'friendship', label: 'Friendship', prompt: 'Friends and family you see', colour: PALETTE.lightGreen },
  { id: 'intimacy', label: 'Intimacy', prompt: 'Closest: love and trust', colour: PALETTE.lightRed },
] as const

const POTENTIAL = { label: 'Potential connections', prompt: 'Who could be invited into the circle? Neighbours, peers, a group, a time bank…' }
const INVITE = { label: 'Who will ask them', prompt: 'Invitations: what @who by when' }

const ZONES = fitted((s) => {
  const ring = (id: string, label: string, prompt: string, n: number, colour: { semi: string; solid: string }): ZoneDef => ({
    id, label, prompt, kind: 'items', geometry: 'ellipse',
    x: (4 - n) * RING_X, y: (4 - n) * RING_Y, w: PERSON_W + 2 * n * RING_X, h: PERSON_H + 2 * n * RING_Y,
    color: colour.semi, accent: colour.solid,
  })
  const inviteH = textHeight(INVITE.label, INVITE.prompt, s, SIDE_W, 'next') + 2 * NOTE_ROOM
  const zones: ZoneDef[] = [
    ...RINGS.map((r, i) => ring(r.id, r.label, r.prompt, 4 - i, r.colour)),
    { ...ring('person', 'The person', 'Who is at the centre?', 0, PALETTE.yellow), color: '#fff6d5', decoration: 'person' },
    {
      id: 'potential', label: POTENTIAL.label, prompt: POTENTIAL.prompt, kind: 'items', geometry: 'rect',
      x: RINGS_W + GAP, y: 0, w: SIDE_W, h: RINGS_H - inviteH - GAP, color: PALETTE.lightViolet.semi, accent: PALETTE.violet.solid, decoration: 'people',
    },
    {
      id: 'invite', label: INVITE.label, prompt: INVITE.prompt, kind: 'actions', geometry: 'rect',
      x: RINGS_W + GAP, y: RINGS_H - inviteH, w: SIDE_W, h: inviteH, color: PALETTE.orange.semi, accent: PALETTE.orange.solid, decoration: 'next',
    },
  ]
  return withSizes(zones, s)
})

/** Zones in the plan's order: from the person outwards, then who could be invited. */
const ORDER = ['person', 'intimacy', 'friendship', 'participation', 'exchange', 'potential', 'invite'] as const

function steps(): WalkStep[] {
  return [
    { title: 'The person', prompt: 'Who is at the centre?', zoneIds: ['person'] },
    { title: 'Intimacy', prompt: 'Who is closest? The people you love and who love you.', zoneIds: ['intimacy'] },
    { title: 'Friendship', prompt: 'Friends and relatives you see, who you would call.', zoneIds: ['friendship'] },
    { title: 'Participation', prompt: 'People you meet in groups, clubs, at work, at church or school.', zoneIds: ['participation'] },
    { title: 'Exchange', prompt: 'People paid to be in your life: support workers, doctor, social worker.', zoneIds: ['exchange'] },
    { title: 'Potential connections', prompt: 'Who could be invited into the circle, and who will ask them?', zoneIds: ['potential', 'invite'] },
  ]
}

export const circleOfSupportTemplate: TemplateDef<GenericSection> = {
  id: 'circleOfSupport',
  name: 'Circle of support',
  description: 'Rings of intimacy, friendship, participation and exchange around the person, and who could be invited.',
  section: 'generic',
  group: 'person',
  zones: () => ZONES.map((z) => ({ ...z })),
  steps,
  toSection: (r) => readGeneric(r, 'circleOfSupport', ORDER, ['invite']),
  fromSection: writeGeneric,
}
