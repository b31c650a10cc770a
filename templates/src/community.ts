/**
 * Community strength: the three layers of community.
 *
 * Concentric rings with the person at the centre (My community, Our community, THE community);
 * a treasure chest with four compartments and a bumping spaces box beside them; a share / swap /
 * give strip and a "connections to make" strip (actions) underneath.
 * Treasure and share/swap/give notes may name who offered them with `@name`.
 */
import { formatMentions, splitMentions } from '@circleboard/shared'
import type { CommunitySection, Offer } from '@circleboard/shared'
import { PALETTE } from './poster'
import { NOTE_SIZE } from './records'
import type { SectionReader, TemplateDef, WalkStep, ZoneDef, ZoneFillEntry } from './types'
import { zoneTextLayout } from './zoneText'

/**
 * Layout (canvas units). The rings are wide ellipses so that two stickies fit side by side in each
 * ring, left and right of the ring inside it; the treasure chest (2×2 compartments) and bumping
 * spaces stand to the right, share / swap / give and connections underneath. Fitted to a 1440×900
 * screen the template shows at about 0.27, so labels are 62 units (about 17 px), the chest's name
 * 80 and prompts 46 (about 12.4 px).
 */
const LABEL = 62
const GROUP_LABEL = 80
const PROMPT = 46
const GAP = 40
const NOTE_ROOM = NOTE_SIZE + 30
const PERSON_W = 820
const PERSON_H = 480
/** Ring thickness left/right (two stickies side by side) and top/bottom (the ring's name). */
const RING_X = 460
const RING_Y = 250
const RINGS_W = PERSON_W + 6 * RING_X
const RINGS_H = PERSON_H + 6 * RING_Y
const ring = (id: string, label: string, prompt: string, n: number, colour: { semi: string; solid: string }): ZoneDef => ({
  id, label, prompt, kind: 'items', geometry: 'ellipse',
  x: (3 - n) * RING_X, y: (3 - n) * RING_Y, w: PERSON_W + 2 * n * RING_X, h: PERSON_H + 2 * n * RING_Y,
  color: colour.semi, accent: colour.solid,
})
const textHeight = (label: string, prompt: string, labelSize: number, w: number, decoration: string) =>
  Math.ceil(zoneTextLayout({ w, h: 10_000, geometry: 'rect', label, prompt, labelSize, promptSize: PROMPT, decoration }).bottom)

export const TREASURE_COMPARTMENTS = [
  { id: 'peopleIKnow', label: 'People I know', prompt: 'Who do you know who could help others? @you', decoration: 'people' },
  { id: 'passions', label: 'Passions and interests', prompt: 'What do you love doing? @you', decoration: 'heart' },
  { id: 'skills', label: 'Skills and knowledge', prompt: 'What could you teach or share? @you', decoration: 'bulb' },
  { id: 'wantToLearn', label: 'Something I want to learn or do', prompt: 'What would you like to try? @you', decoration: 'book' },
] as const

const CHEST_X = RINGS_W + GAP
const COMPARTMENT_W = 620
const CHEST_INSET = 16
const CHEST_W = 2 * COMPARTMENT_W + 3 * CHEST_INSET
const CHEST_HEADER = textHeight('Community treasure chest', 'What we bring. Add @name to say who offered it.', GROUP_LABEL, CHEST_W, 'chestFrame') + 10
const COMPARTMENT_H =
  Math.max(...TREASURE_COMPARTMENTS.map((c) => textHeight(c.label, c.prompt, LABEL, COMPARTMENT_W, c.decoration))) + NOTE_ROOM
const CHEST_H = CHEST_HEADER + 2 * COMPARTMENT_H + 2 * CHEST_INSET
const BOTTOM_Y = RINGS_H + GAP
const BOTTOM_H =
  Math.max(
    textHeight('Share / Swap / Give', 'Time, skills, things people can offer each other. @who', LABEL, RINGS_W / 2, 'gift'),
    textHeight('Connections to make', 'Who will introduce whom? what @who by when', LABEL, RINGS_W / 2, 'link'),
  ) + NOTE_ROOM
const TOTAL_H = BOTTOM_Y + BOTTOM_H

const BASE_ZONES: ZoneDef[] = [
  ring('the', 'THE community', 'Society: systems, law, services', 3, PALETTE.grey),
  ring('our', 'Our community', 'The neighbourhood: shared spaces, facilities, groups', 2, PALETTE.lightBlue),
  ring('my', 'My community', 'My own people and places', 1, PALETTE.lightGreen),
  { ...ring('person', 'The person', 'Who is at the centre?', 0, PALETTE.yellow), color: '#fff6d5', decoration: 'person' },
  {
    id: 'chest', label: 'Community treasure chest', prompt: 'What we bring. Add @name to say who offered it.',
    kind: 'decoration', geometry: 'rect', x: CHEST_X, y: 0, w: CHEST_W, h: CHEST_H,
    color: '#f3e2c0', accent: PALETTE.orange.solid, labelSize: GROUP_LABEL, decoration: 'chestFrame',
  },
  ...TREASURE_COMPARTMENTS.map(
    (c, i): ZoneDef => ({
      id: c.id, label: c.label, prompt: c.prompt, kind: 'items', geometry: 'rect',
      x: CHEST_X + CHEST_INSET + (i % 2) * (COMPARTMENT_W + CHEST_INSET),
      y: CHEST_HEADER + Math.floor(i / 2) * (COMPARTMENT_H + CHEST_INSET), w: COMPARTMENT_W, h: COMPARTMENT_H,
      color: '#fbf3e2', accent: PALETTE.orange.solid, decoration: c.decoration,
    }),
  ),
  {
    id: 'bumping', label: 'Bumping spaces', prompt: 'Where do people naturally meet? School gate, park, pub, library, bus…',
    kind: 'items', geometry: 'rect', x: CHEST_X, y: CHEST_H + GAP, w: CHEST_W, h: TOTAL_H - CHEST_H - GAP,
    color: PALETTE.lightRed.semi, accent: PALETTE.red.solid, decoration: 'bus',
  },
  {
    id: 'shareSwapGive', label: 'Share / Swap / Give', prompt: 'Time, skills, things people can offer each other. @who',
    kind: 'items', geometry: 'rect', x: 0, y: BOTTOM_Y, w: (RINGS_W - GAP) / 2, h: BOTTOM_H,
    color: PALETTE.lightViolet.semi, accent: PALETTE.violet.solid, decoration: 'gift',
  },
  {
    id: 'connections', label: 'Connections to make', prompt: 'Who will introduce whom? what @who by when',
    kind: 'actions', geometry: 'rect', x: (RINGS_W + GAP) / 2, y: BOTTOM_Y, w: (RINGS_W - GAP) / 2, h: BOTTOM_H,
    color: PALETTE.orange.semi, accent: PALETTE.orange.solid, decoration: 'link',
  },
]
const ZONES: ZoneDef[] = BASE_ZONES.map((z) => ({ labelSize: LABEL, promptSize: PROMPT, ...z }))

function offers(r: SectionReader, zoneId: string): Offer[] {
  return r.entries(zoneId).map((e) => {
    const { text, names } = splitMentions(e.text)
    return names.length ? { text, offeredBy: names.join(', '), shapeId: e.shapeId } : { text, shapeId: e.shapeId }
  })
}

function offerFills(list: Offer[]): ZoneFillEntry[] {
  return list.map((o) => ({
    text: [o.text.trim(), o.offeredBy ? formatMentions(o.offeredBy) : ''].filter(Boolean).join(' '),
    shapeId: o.shapeId,
  }))
}

function communitySteps(): WalkStep[] {
  return [
    { title: 'The person', prompt: 'Who is at the centre?', zoneIds: ['person'] },
    { title: 'My community', prompt: 'My own people and places: who and where?', zoneIds: ['my'] },
    { title: 'Our community', prompt: 'The neighbourhood: which shared spaces, facilities and groups?', zoneIds: ['our'] },
    { title: 'THE community', prompt: 'Society: which systems, laws and services touch this life?', zoneIds: ['the'] },
    { title: 'Bumping spaces', prompt: 'Where do people naturally meet? School gate, park, pub, library, bus…', zoneIds: ['bumping'] },
    {
      title: 'Community treasure chest',
      prompt: 'What do we bring? People we know, passions, skills, something we want to learn. Add @name.',
      zoneIds: ['chest', ...TREASURE_COMPARTMENTS.map((c) => c.id)],
    },
    { title: 'Share / Swap / Give', prompt: 'What can we offer each other: time, skills, things?', zoneIds: ['shareSwapGive'] },
    { title: 'Connections to make', prompt: 'Who will introduce whom? What, who, by when.', zoneIds: ['connections'] },
  ]
}

export const communityTemplate: TemplateDef<CommunitySection> = {
  id: 'community',
  name: 'Community strength',
  description: 'My, Our and THE community rings, bumping spaces, a treasure chest and share / swap / give.',
  section: 'community',
  group: 'strengths',
  zones: () => ZONES.map((z) => ({ ...z })),
  steps: communitySteps,
  toSection(r) {
    return {
      template: 'community',
      instanceId: r.instanceId,
      title: r.title,
      person: r.items('person'),
      assets: { my: r.items('my'), our: r.items('our'), the: r.items('the') },
      bumpingSpaces: r.items('bumping'),
      treasure: {
        peopleIKnow: offers(r, 'peopleIKnow'),
        passions: offers(r, 'passions'),
        skills: offers(r, 'skills'),
        wantToLearn: offers(r, 'wantToLearn'),
      },
      shareSwapGive: offers(r, 'shareSwapGive'),
      connections: r.actions('connections'),
    }
  },
  fromSection(s) {
    return {
      fills: {
        person: s.person,
        my: s.assets.my,
        our: s.assets.our,
        the: s.assets.the,
        bumping: s.bumpingSpaces,
        peopleIKnow: offerFills(s.treasure.peopleIKnow),
        passions: offerFills(s.treasure.passions),
        skills: offerFills(s.treasure.skills),
        wantToLearn: offerFills(s.treasure.wantToLearn),
        shareSwapGive: offerFills(s.shareSwapGive),
        connections: s.connections.map(({ shapeId, ...action }) => ({ action, shapeId })),
      },
    }
  },
}
