/**
 * Community strength: the three layers of community.
 *
 * Concentric rings with the person at the centre (My community, Our community, THE community);
 * a bumping spaces column beside; a treasure chest with four compartments below; a share / swap /
 * give strip and a "connections to make" strip (actions) at the bottom.
 * Treasure and share/swap/give notes may name who offered them with `@name`.
 */
import { formatMentions, splitMentions } from '@circleboard/shared'
import type { CommunitySection, Offer } from '@circleboard/shared'
import type { SectionReader, TemplateDef, ZoneDef, ZoneFillEntry } from './types'

const R = 1050 // centre of the rings (both axes)
const ring = (id: string, label: string, prompt: string, d: number, color: string): ZoneDef => ({
  id, label, prompt, kind: 'items', geometry: 'ellipse', x: R - d / 2, y: R - d / 2, w: d, h: d, color,
})
const CHEST_Y = 2250
const COMPARTMENT_W = 700

export const TREASURE_COMPARTMENTS = [
  { id: 'peopleIKnow', label: 'People I know', prompt: 'Who do you know who could help others? @you' },
  { id: 'passions', label: 'Passions and interests', prompt: 'What do you love doing? @you' },
  { id: 'skills', label: 'Skills and knowledge', prompt: 'What could you teach or share? @you' },
  { id: 'wantToLearn', label: 'Something I want to learn or do', prompt: 'What would you like to try? @you' },
] as const

const ZONES: ZoneDef[] = [
  ring('the', 'THE community', 'Society: systems, law, services', 2100, '#eef2f7'),
  ring('our', 'Our community', 'The neighbourhood: shared spaces, facilities, groups', 1500, '#e3f0fb'),
  ring('my', 'My community', 'My own people and places', 940, '#dcf5e3'),
  ring('person', 'The person', 'Who is at the centre?', 360, '#fff3c4'),
  {
    id: 'bumping', label: 'Bumping spaces', prompt: 'Where do people naturally meet? School gate, park, pub, library, bus…',
    kind: 'items', geometry: 'rect', x: 2250, y: 0, w: 650, h: 2100, color: '#fde2e1',
  },
  {
    id: 'chest', label: 'Community treasure chest', prompt: 'What we bring. Add @name to say who offered it.',
    kind: 'decoration', geometry: 'rect', x: 0, y: CHEST_Y, w: 2900, h: 800, color: '#f6e7c8',
  },
  ...TREASURE_COMPARTMENTS.map(
    (c, i): ZoneDef => ({
      id: c.id, label: c.label, prompt: c.prompt, kind: 'items', geometry: 'rect',
      x: 20 + i * (COMPARTMENT_W + 20), y: CHEST_Y + 120, w: COMPARTMENT_W, h: 660, color: '#fbf1dc'
    }),
  ),
  {
    id: 'shareSwapGive', label: 'Share / Swap / Give', prompt: 'Time, skills, things people can offer each other. @who',
    kind: 'items', geometry: 'rect', x: 0, y: 3200, w: 1430, h: 600, color: '#efe6fa',
  },
  {
    id: 'connections', label: 'Connections to make', prompt: 'Who will introduce whom? what @who by when',
    kind: 'actions', geometry: 'rect', x: 1470, y: 3200, w: 1430, h: 600, color: '#ffe4cc',
  },
]

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

export const communityTemplate: TemplateDef<CommunitySection> = {
  id: 'community',
  name: 'Community strength',
  description: 'My, Our and THE community rings, bumping spaces, a treasure chest and share / swap / give.',
  section: 'community',
  zones: () => ZONES.map((z) => ({ ...z })),
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
