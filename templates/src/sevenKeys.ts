/**
 * 7 Keys to Citizenship (Simon Duffy, Centre for Welfare Reform).
 *
 * The person in the middle; seven keys around them on an ellipse, each a frame holding three
 * stacked bands: working / not working / next steps (actions).
 */
import type { SevenKeysSection } from '@circleboard/shared'
import type { TemplateDef, ZoneDef, ZoneFillEntry } from './types'

export const SEVEN_KEYS = [
  { id: 'meaning', label: 'Meaning', prompt: 'Purpose, direction, goals', color: '#fff3c4' },
  { id: 'freedom', label: 'Freedom', prompt: 'Control, being heard, deciding with support', color: '#e3f0fb' },
  { id: 'money', label: 'Money', prompt: 'Enough money, and control over it', color: '#dcf5e3' },
  { id: 'home', label: 'Home', prompt: 'A place of your own, safe and in your control', color: '#fde2e1' },
  { id: 'help', label: 'Help', prompt: 'Support that builds on your gifts and respects your rights', color: '#efe6fa' },
  { id: 'life', label: 'Life', prompt: 'Contributing to community life, learning, fun', color: '#ffe4cc' },
  { id: 'love', label: 'Love', prompt: 'Friends, family, relationships', color: '#fce4f1' },
] as const

const KEY_W = 620
const KEY_H = 700
const HEADER = 110
const BAND_H = 190
const INSET = 10
/** Radii of the ellipse the key centres sit on: wide enough that neighbouring keys never touch. */
const RX = 1250
const RY = 1050
const CX = RX + KEY_W / 2
const CY = RY + KEY_H / 2
const PERSON = 660

function buildZones(): ZoneDef[] {
  const zones: ZoneDef[] = [
    {
      id: 'person', label: 'The person', prompt: 'Who they are; what people appreciate about them',
      kind: 'items', geometry: 'ellipse', x: CX - PERSON / 2, y: CY - PERSON / 2, w: PERSON, h: PERSON, color: '#f4f4f5',
    },
  ]
  SEVEN_KEYS.forEach((key, i) => {
    const a = -Math.PI / 2 + (i * 2 * Math.PI) / SEVEN_KEYS.length
    const x = Math.round(CX + RX * Math.cos(a) - KEY_W / 2)
    const y = Math.round(CY + RY * Math.sin(a) - KEY_H / 2)
    zones.push({ id: key.id, label: key.label, prompt: key.prompt, kind: 'decoration', geometry: 'rect', x, y, w: KEY_W, h: KEY_H, color: key.color })
    const band = (n: number, id: string, label: string, prompt: string, kind: 'items' | 'actions'): ZoneDef => ({
      id: `${key.id}.${id}`, label, prompt, kind, geometry: 'rect',
      x: x + INSET, y: y + HEADER + n * BAND_H, w: KEY_W - 2 * INSET, h: BAND_H - INSET, color: key.color,
    })
    zones.push(band(0, 'working', 'Working', 'What is working?', 'items'))
    zones.push(band(1, 'notWorking', 'Not working', 'What is not working?', 'items'))
    zones.push(band(2, 'nextSteps', 'Next steps', 'what @who by when', 'actions'))
  })
  return zones
}

const ZONES = buildZones()

export const sevenKeysTemplate: TemplateDef<SevenKeysSection> = {
  id: '7keys',
  name: '7 Keys to Citizenship',
  description: 'The person at the centre and seven keys: what is working, not working, and next steps for each.',
  section: '7keys',
  zones: () => ZONES.map((z) => ({ ...z })),
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
