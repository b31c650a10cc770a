/**
 * Who this person is on this device: a stable id, a display name and a cursor colour. Asked once,
 * kept in localStorage (read synchronously before the canvas mounts), editable at any time.
 */

export interface Identity {
  id: string
  name: string
  color: string
}

const KEY = 'circleboard.identity'

/** Colours with enough contrast for cursor labels on a white canvas. */
export const IDENTITY_COLORS = [
  '#d1495b',
  '#e07a1f',
  '#c9a227',
  '#3f8f4a',
  '#2a9d8f',
  '#2b6cb0',
  '#6b4fbb',
  '#b83280',
  '#5f6b7a',
] as const

/** What a screen reader says for each colour (and the tooltip): a name, never a hex code. */
export const COLOR_NAMES: Record<(typeof IDENTITY_COLORS)[number], string> = {
  '#d1495b': 'Red',
  '#e07a1f': 'Orange',
  '#c9a227': 'Yellow',
  '#3f8f4a': 'Green',
  '#2a9d8f': 'Teal',
  '#2b6cb0': 'Blue',
  '#6b4fbb': 'Purple',
  '#b83280': 'Pink',
  '#5f6b7a': 'Grey',
}

export function colorName(color: string): string {
  return (COLOR_NAMES as Record<string, string>)[color.toLowerCase()] ?? 'Custom colour'
}

export function loadIdentity(): Identity | null {
  try {
    const raw = localStorage.getItem(KEY)
    if (!raw) return null
    const v = JSON.parse(raw) as Partial<Identity>
    if (typeof v.id !== 'string' || typeof v.name !== 'string' || typeof v.color !== 'string') return null
    const name = cleanName(v.name)
    if (!name) return null
    return { id: v.id, name, color: /^#[0-9a-f]{6}$/i.test(v.color) ? v.color : IDENTITY_COLORS[0] }
  } catch {
    return null
  }
}

export function saveIdentity(identity: Identity): Identity {
  const clean = { ...identity, name: cleanName(identity.name) || 'Guest' }
  localStorage.setItem(KEY, JSON.stringify(clean))
  return clean
}

export function newIdentity(name: string, color?: string): Identity {
  const bytes = new Uint8Array(8)
  crypto.getRandomValues(bytes)
  const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return {
    id,
    name: cleanName(name),
    color: color ?? IDENTITY_COLORS[bytes[0] % IDENTITY_COLORS.length],
  }
}

export function forgetIdentity() {
  localStorage.removeItem(KEY)
}

/** Names are shown on cursors: one line, trimmed, bounded. */
export function cleanName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().slice(0, 40)
}
