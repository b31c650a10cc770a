// The facilitation and version frames are validated with smallSchema.ts instead of zod (to keep zod
// off the client's first load). These tests build the very same schema modules a second time with
// real zod in place of smallSchema and check that both accept and reject the same frames and return
// the same data: valid frames, every frame mutated in many ways (keys removed, unknown keys added,
// wrong types, oversized strings and arrays, NaN, Infinity, fractions, negative numbers, unknown
// kinds), and hostile values (prototypes, arrays for objects, very long input).
import { describe, expect, it, vi } from 'vitest'
import * as small from './smallSchema'
import * as mini from './index'

type Mod = typeof mini
async function withZod(): Promise<Mod> {
  vi.resetModules()
  vi.doMock('./smallSchema', async () => ({ ...small, z: (await import('zod')).z }))
  const real = (await import('./index')) as Mod
  vi.doUnmock('./smallSchema')
  vi.resetModules()
  return real
}

const T0 = 1_780_000_000_000
const state = (): unknown => ({
  v: 1,
  seq: 3,
  lock: { zones: true, ids: ['shape:a', 'shape:b'] },
  follow: { userId: 'user:1', name: 'Liz' },
  step: { instanceId: 'inst1', index: 2 },
  timer: { status: 'running', durationMs: 300_000, endsAt: T0, remainingMs: 120_000 },
  vote: { id: 'v1', title: 'What first?', scope: { kind: 'zone', zoneId: 'shape:z' }, dots: 3, status: 'open' },
  privateWriting: { round: 'r1', status: 'writing' },
  revealedRounds: ['r0'],
})
const version = (): unknown => ({
  n: 4,
  name: 'PATH, 12 January',
  kind: 'named',
  reason: 'manual',
  createdAt: T0,
  author: 'Liz',
  summary: { shapes: 10, items: 6, actions: 2, actionsDone: 1, since: { added: 1, removed: 0, edited: 2, newActions: 1, done: 0, dropped: 0 } },
  bytes: 1234,
  local: true,
})

const facilitationClient: unknown[] = [
  { t: 'cmd', cmd: { kind: 'lock', zones: true, ids: ['shape:a'] } },
  { t: 'cmd', cmd: { kind: 'lock', zones: false } },
  { t: 'cmd', cmd: { kind: 'follow', on: true, userId: 'user:1', name: 'Liz' } },
  { t: 'cmd', cmd: { kind: 'summon', userId: 'user:1', name: 'Liz', pageId: 'page:page', bounds: { x: -10.5, y: 3, w: 800, h: 600 } } },
  { t: 'cmd', cmd: { kind: 'step', instanceId: 'inst1', index: 0 } },
  { t: 'cmd', cmd: { kind: 'step', instanceId: null, index: 0 } },
  { t: 'cmd', cmd: { kind: 'timer', action: 'start', ms: 60_000 } },
  { t: 'cmd', cmd: { kind: 'timer', action: 'pause' } },
  { t: 'cmd', cmd: { kind: 'vote', action: 'start', title: 'Which?', scope: { kind: 'board' }, dots: 3 } },
  { t: 'cmd', cmd: { kind: 'vote', action: 'start', scope: { kind: 'template', instanceId: 'i1' } } },
  { t: 'cmd', cmd: { kind: 'vote', action: 'reveal' } },
  { t: 'cmd', cmd: { kind: 'private', action: 'start', round: 'r1' } },
  { t: 'cmd', cmd: { kind: 'private', action: 'end' } },
  { t: 'dots', voteId: 'v1', voterId: 'user:1', shapeIds: ['shape:a', 'shape:a'] },
  { t: 'time', id: 7 },
]
const facilitationServer: unknown[] = [
  { t: 'welcome', role: 'participant', state: state(), now: T0, notice: 'Ünïcode ✓' },
  { t: 'welcome', role: 'facilitator', state: state(), now: T0 },
  { t: 'state', state: state(), now: T0 },
  { t: 'state', state: { ...(state() as object), follow: null, step: null, vote: null, privateWriting: null }, now: T0 },
  { t: 'event', event: { kind: 'summon', userId: 'u', name: '', pageId: 'page:p', bounds: { x: 0, y: 0, w: 0, h: -1 } } },
  { t: 'refused', reason: 'no', ids: ['shape:z'] },
  { t: 'refused', reason: 'no' },
  { t: 'tally', voteId: 'v1', counts: { 'shape:a': 2, 'shape:b': 0 }, voters: 1 },
  { t: 'progress', voteId: 'v1', voters: 2, dots: 5 },
  { t: 'myDots', voteId: 'v1', shapeIds: ['shape:a'] },
  { t: 'time', id: 7, now: T0 },
]
const versionsClient: unknown[] = [
  { t: 'list' },
  { t: 'save', reqId: 'r1', name: 'PATH', reason: 'manual', author: 'Liz' },
  { t: 'save', reqId: 'r1', name: '', reason: 'before-import', author: '' },
  { t: 'rename', reqId: 'r1', n: 1, name: 'x' },
  { t: 'delete', reqId: 'r1', n: 3 },
]
const versionsServer: unknown[] = [
  { t: 'list', versions: [version(), { ...(version() as object), local: undefined, summary: { shapes: 0, items: 0, actions: 0, actionsDone: 0 } }] },
  { t: 'saved', reqId: 'r1', version: version() },
  { t: 'deleted', reqId: 'r1', n: 3 },
  { t: 'error', reqId: 'r1', message: 'Too many named versions.' },
  { t: 'error', message: 'x' },
]

/** Seeded, so a failure is repeatable. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
}
const odd: unknown[] = [
  undefined, null, true, false, 0, -1, 1.5, 101, 2 ** 53, -0, NaN, Infinity, -Infinity, '', 'x', 'x'.repeat(101),
  'x'.repeat(501), 'shape:a', 'a b', 'facilitator', 'open', 'idle', [], ['shape:a'], Array(21).fill('shape:a'),
  Array(2001).fill('a'), {}, { kind: 'board' }, { __proto__: { t: 'list' } }, Object.create(null), 1e300, 'manual',
]
/** Every path of objects and arrays inside `v`. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at)
  if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) paths(c, [...at, Array.isArray(v) ? Number(k) : k], out)
  return out
}
function mutate(v: unknown, at: (string | number)[], how: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  const copy = structuredClone(v)
  if (at.length === 0) return copy
  let p = copy as Record<string | number, unknown>
  for (const k of at.slice(0, -1)) p = p[k] as Record<string | number, unknown>
  how(p, at[at.length - 1]!)
  return copy
}
function variants(valid: unknown[], seed: number): unknown[] {
  const r = rng(seed)
  const out: unknown[] = [...valid, ...odd]
  for (const v of valid) {
    for (const at of paths(v)) {
      out.push(mutate(v, at, (p, k) => delete p[k]))
      out.push(mutate(v, at, (p, k) => (p[k] = { ...(typeof p[k] === 'object' ? (p[k] as object) : {}), extra: 1 })))
      for (let i = 0; i < 6; i++) {
        const value = odd[Math.floor(r() * odd.length)]
        out.push(mutate(v, at, (p, k) => (p[k] = value)))
      }
    }
    out.push({ ...(v as object), unknownKey: 'dropped' })
  }
  return out
}

/** JSON-like copy that keeps absent and undefined apart, to compare outputs exactly. */
const shape = (x: unknown): unknown => (x === undefined ? '<undefined>' : x && typeof x === 'object' ? (Array.isArray(x) ? x.map(shape) : Object.fromEntries(Object.entries(x).map(([k, v]) => [k, shape(v)]))) : x)

describe('smallSchema against zod', async () => {
  const real = await withZod()
  const pairs: [string, { safeParse(x: unknown): { success: boolean; data?: unknown } }, { safeParse(x: unknown): { success: boolean; data?: unknown } }, unknown[]][] = [
    ['facilitation client message', mini.clientMessageSchema, real.clientMessageSchema, facilitationClient],
    ['facilitation server message', mini.serverMessageSchema, real.serverMessageSchema, facilitationServer],
    ['facilitation state', mini.facilitationStateSchema, real.facilitationStateSchema, [state()]],
    ['versions client message', mini.versionsClientMessageSchema, real.versionsClientMessageSchema, versionsClient],
    ['versions server message', mini.versionsServerMessageSchema, real.versionsServerMessageSchema, versionsServer],
    ['version info', mini.versionInfoSchema, real.versionInfoSchema, [version()]],
  ]

  it('really compares two validators (the zod build is zod)', () => {
    expect(real.clientMessageSchema).not.toBeInstanceOf(small.Schema)
    expect(mini.clientMessageSchema).toBeInstanceOf(small.Schema)
  })

  for (const [name, ours, zods, valid] of pairs) {
    it(`${name}: the same frames accepted, the same data out, the same frames rejected`, () => {
      let accepted = 0
      let rejected = 0
      for (const [i, input] of variants(valid, name.length * 7919).entries()) {
        const a = ours.safeParse(input)
        const b = zods.safeParse(input)
        expect({ i, input, ok: a.success }).toEqual({ i, input, ok: b.success })
        if (a.success) {
          accepted++
          expect(shape(a.data)).toEqual(shape(b.data))
        } else rejected++
      }
      for (const v of valid) expect(ours.safeParse(v).success).toBe(true)
      // The mutations must reach both outcomes, or the comparison proves little.
      expect(accepted).toBeGreaterThan(valid.length - 1)
      expect(rejected).toBeGreaterThan(valid.length * 5)
    })
  }

  it('unknown keys are dropped from what is returned', () => {
    const r = mini.parseClientMessage({ t: 'time', id: 1, extra: 'x'.repeat(10) })
    expect(r).toEqual({ t: 'time', id: 1 })
    expect('extra' in r).toBe(false)
  })

  it('a record key named __proto__ never becomes the prototype', () => {
    const counts = JSON.parse('{"__proto__": 3, "shape:a": 1}')
    const r = mini.parseServerMessage({ t: 'tally', voteId: 'v1', counts, voters: 1 })
    expect(r.t === 'tally' && Object.getPrototypeOf(r.counts)).toBe(Object.prototype)
    expect(r.t === 'tally' && Object.keys(r.counts).sort()).toEqual(['__proto__', 'shape:a'])
  })
})
