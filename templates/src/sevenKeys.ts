/**
 * 7 Keys to Citizenship (Simon Duffy, Centre for Welfare Reform).
 *
 * The person at the top; seven keys hanging around them in an arch, each a frame holding three
 * stacked bands: working / not working / next steps (actions).
 */
import type { SevenKeysSection } from '@circleboard/shared'
import { PALETTE } from './poster'
import { NOTE_SIZE } from './records'
import type { TemplateDef, WalkStep, ZoneDef, ZoneFillEntry } from './types'
import { zoneTextLayout } from './zoneText'

export const SEVEN_KEYS = [
  { id: 'meaning', label: 'Meaning', prompt: 'Purpose, direction, goals', colour: PALETTE.yellow },
  { id: 'freedom', label: 'Freedom', prompt: 'Control, being heard, deciding with support', colour: PALETTE.lightBlue },
  { id: 'money', label: 'Money', prompt: 'Enough money, and control over it', colour: PALETTE.green },
  { id: 'home', label: 'Home', prompt: 'A place of your own, safe and in your control', colour: PALETTE.red },
  { id: 'help', label: 'Help', prompt: 'Support that builds on your gifts and respects your rights', colour: PALETTE.violet },
  { id: 'life', label: 'Life', prompt: 'Contributing to community life, learning, fun', colour: PALETTE.orange },
  { id: 'love', label: 'Love', prompt: 'Friends, family, relationships', colour: PALETTE.lightRed },
] as const

const BANDS = [
  { id: 'working', label: 'Working', prompt: 'What is working?', kind: 'items', decoration: 'tick' },
  { id: 'notWorking', label: 'Not working', prompt: 'What is not working?', kind: 'items', decoration: 'cross' },
  { id: 'nextSteps', label: 'Next steps', prompt: 'what @who by when', kind: 'actions', decoration: 'next' },
] as const

/**
 * Layout (canvas units). The keys hang in an arch (a "U") under the person, like keys on a ring:
 * seven columns, each a key name and three bands that hold two stickies side by side. Fitted to a
 * 1440×900 screen the template shows at about 0.35, so key names are 68 units (about 24 px), band
 * names 48 (about 17 px) and prompts 36 (about 12.5 px).
 */
const KEY_LABEL = 68
const BAND_LABEL = 48
const PROMPT = 36
const KEY_W = 500
const KEY_GAP = 30
const INSET = 12
const NOTE_ROOM = NOTE_SIZE + 28
/** The height of a text block as drawn (zoneText.ts), so headers are exactly as tall as their text. */
const textHeight = (label: string, prompt: string, labelSize: number, w: number, decoration: string) =>
  Math.ceil(zoneTextLayout({ w, h: 10_000, geometry: 'rect', label, prompt, labelSize, promptSize: PROMPT, decoration }).bottom)
const HEADER = Math.max(...SEVEN_KEYS.map((k) => textHeight(k.label, k.prompt, KEY_LABEL, KEY_W, 'key'))) + 12
const BAND_H = Math.max(...BANDS.map((b) => textHeight(b.label, b.prompt, BAND_LABEL, KEY_W - 2 * INSET, b.decoration))) + NOTE_ROOM
const KEY_H = HEADER + 3 * (BAND_H + INSET)
const PERSON_H = 460
/** How far the middle key hangs below the ends of the arch. */
const ARCH = PERSON_H + 40
const keyX = (i: number) => i * (KEY_W + KEY_GAP)
const keyY = (i: number) => Math.round(ARCH * (1 - ((i - 3) / 3) ** 2))

/** A colour mixed with white: bands are lighter than their key so the key reads as one piece. */
function tint(hex: string, t: number): string {
  const n = parseInt(hex.slice(1), 16)
  const mix = (c: number) => Math.round(c + (255 - c) * t).toString(16).padStart(2, '0')
  return `#${mix(n >> 16)}${mix((n >> 8) & 255)}${mix(n & 255)}`
}

function buildZones(): ZoneDef[] {
  const zones: ZoneDef[] = [
    {
      id: 'person', label: 'The person', prompt: 'Who they are; what people appreciate about them',
      kind: 'items', geometry: 'ellipse', x: keyX(2), y: 0, w: keyX(5) - KEY_GAP - keyX(2), h: PERSON_H,
      color: PALETTE.grey.semi, accent: PALETTE.black.solid, labelSize: KEY_LABEL, promptSize: PROMPT, decoration: 'person',
    },
  ]
  SEVEN_KEYS.forEach((key, i) => {
    const x = keyX(i)
    const y = keyY(i)
    zones.push({
      id: key.id, label: key.label, prompt: key.prompt, kind: 'decoration', geometry: 'rect', x, y, w: KEY_W, h: KEY_H,
      color: key.colour.semi, accent: key.colour.solid, labelSize: KEY_LABEL, promptSize: PROMPT, decoration: 'key',
    })
    BANDS.forEach((band, n) => {
      zones.push({
        id: `${key.id}.${band.id}`, label: band.label, prompt: band.prompt, kind: band.kind, geometry: 'rect',
        x: x + INSET, y: y + HEADER + n * (BAND_H + INSET), w: KEY_W - 2 * INSET, h: BAND_H,
        color: tint(key.colour.semi, 0.55), accent: key.colour.solid, labelSize: BAND_LABEL, promptSize: PROMPT, decoration: band.decoration,
      })
    })
  })
  return zones
}

const ZONES = buildZones()

function sevenKeysSteps(): WalkStep[] {
  return [
    { title: 'The person', prompt: 'Who is at the centre? What do people appreciate about them?', zoneIds: ['person'] },
    ...SEVEN_KEYS.map((k) => ({
      title: k.label,
      prompt: `${k.label}: ${k.prompt.toLowerCase()}. What is working, what is not working, and what are the next steps?`,
      zoneIds: [k.id, `${k.id}.working`, `${k.id}.notWorking`, `${k.id}.nextSteps`],
    })),
  ]
}

export const sevenKeysTemplate: TemplateDef<SevenKeysSection> = {
  id: '7keys',
  name: '7 Keys to Citizenship',
  description: 'The person at the centre and seven keys: what is working, not working, and next steps for each.',
  section: '7keys',
  group: 'person',
  zones: () => ZONES.map((z) => ({ ...z })),
  steps: sevenKeysSteps,
  toSection(r) {
    return {
      template: '7keys',
      instanceId: r.instanceId,
      title: r.title,
      person: r.items('person'),
      keys: SEVEN_KEYS.map((k) => ({
        key: k.id,
        label: r.label(k.id),
        working: r.items(`${k.id}.working`),
        notWorking: r.items(`${k.id}.notWorking`),
        nextSteps: r.actions(`${k.id}.nextSteps`),
      })),
    }
  },
  fromSection(s) {
    const fills: Record<string, ZoneFillEntry[]> = {
      person: s.person,
    }
    const labels: Record<string, string> = {}
    for (const k of s.keys) {
      if (!SEVEN_KEYS.some((d) => d.id === k.key)) continue
      labels[k.key] = k.label
      fills[`${k.key}.working`] = k.working
      fills[`${k.key}.notWorking`] = k.notWorking
      fills[`${k.key}.nextSteps`] = k.nextSteps.map(({ shapeId, ...action }) => ({ action, shapeId }))
    }
    return { fills, labels }
  },
}
