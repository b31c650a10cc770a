import { describe, expect, it } from 'vitest'
import {
  applyFacilitationCommand,
  encodeFacilitationFrame,
  FACILITATION_LIMITS,
  FACILITATION_MESSAGE_TYPE,
  FacilitationError,
  initialFacilitationState,
  isFacilitatorKey,
  MAX_FACILITATION_FRAME_BYTES,
  newFacilitatorKey,
  parseClientMessage,
  parseServerMessage,
  parseStoredFacilitationState,
  readFacilitationPayload,
  timerRemainingMs,
  type FacilitationClientMessage,
  type FacilitationServerMessage,
  type FacilitationState,
} from './facilitation'

const T0 = 1_800_000_000_000

function run(state: FacilitationState, ...steps: [Parameters<typeof applyFacilitationCommand>[1], number][]): FacilitationState {
  return steps.reduce((s, [cmd, now]) => applyFacilitationCommand(s, cmd, now), state)
}

/** The bytes after the message type, as the relay and the client hand them to readFacilitationPayload. */
function payloadOf(frame: Uint8Array): Uint8Array {
  expect(frame[0]).toBe(FACILITATION_MESSAGE_TYPE)
  return frame.subarray(1)
}

describe('applyFacilitationCommand', () => {
  it('bumps seq on each change, never mutates its input, and leaves summon out of the state', () => {
    const s0 = initialFacilitationState()
    const frozen = JSON.stringify(s0)
    const s1 = applyFacilitationCommand(s0, { kind: 'lock', zones: true, ids: ['shape:a', 'shape:a', 'shape:b'] }, T0)
    expect(JSON.stringify(s0)).toBe(frozen)
    expect(s1.seq).toBe(1)
    expect(s1.lock).toEqual({ zones: true, ids: ['shape:a', 'shape:b'] })
    // ids omitted: the list stays.
    expect(applyFacilitationCommand(s1, { kind: 'lock', zones: false }, T0).lock).toEqual({ zones: false, ids: ['shape:a', 'shape:b'] })
    const summoned = applyFacilitationCommand(s1, { kind: 'summon', userId: 'u', name: 'Liz', pageId: 'page:p', bounds: { x: 0, y: 0, w: 1, h: 1 } }, T0)
    expect(summoned).toBe(s1)
  })

  it('follows, steps and stops following', () => {
    let s = run(initialFacilitationState(), [{ kind: 'follow', on: true, userId: 'u1', name: 'Liz' }, T0], [{ kind: 'step', instanceId: 'path-1', index: 2 }, T0])
    expect(s.follow).toEqual({ userId: 'u1', name: 'Liz' })
    expect(s.step).toEqual({ instanceId: 'path-1', index: 2 })
    s = run(s, [{ kind: 'follow', on: false, userId: 'u1', name: 'Liz' }, T0], [{ kind: 'step', instanceId: null, index: 0 }, T0])
    expect(s.follow).toBeNull()
    expect(s.step).toBeNull()
    expect(s.seq).toBe(4)
  })

  describe('timer maths (relay clock)', () => {
    it('start, pause, resume, add, reset', () => {
      let s = applyFacilitationCommand(initialFacilitationState(), { kind: 'timer', action: 'start', ms: 120_000 }, T0)
      expect(s.timer).toEqual({ status: 'running', durationMs: 120_000, endsAt: T0 + 120_000, remainingMs: 120_000 })
      expect(timerRemainingMs(s.timer, T0 + 30_000)).toBe(90_000)

      s = applyFacilitationCommand(s, { kind: 'timer', action: 'pause' }, T0 + 30_000)
      expect(s.timer.status).toBe('paused')
      expect(s.timer.remainingMs).toBe(90_000)
      // Paused time does not run, whatever the clock says.
      expect(timerRemainingMs(s.timer, T0 + 10 * 60_000)).toBe(90_000)

      s = applyFacilitationCommand(s, { kind: 'timer', action: 'resume' }, T0 + 100_000)
      expect(s.timer).toMatchObject({ status: 'running', endsAt: T0 + 190_000 })
      s = applyFacilitationCommand(s, { kind: 'timer', action: 'add' }, T0 + 110_000)
      expect(s.timer.endsAt).toBe(T0 + 250_000)
      expect(timerRemainingMs(s.timer, T0 + 110_000)).toBe(140_000)
      // Past the end it reads zero, never negative.
      expect(timerRemainingMs(s.timer, T0 + 999_000)).toBe(0)

      s = applyFacilitationCommand(s, { kind: 'timer', action: 'reset' }, T0 + 120_000)
      expect(s.timer).toEqual({ status: 'idle', durationMs: 120_000, endsAt: 0, remainingMs: 120_000 })
      s = applyFacilitationCommand(s, { kind: 'timer', action: 'add', ms: 30_000 }, T0)
      expect(s.timer.remainingMs).toBe(150_000)
      // start without ms: the last duration.
      expect(applyFacilitationCommand(s, { kind: 'timer', action: 'start' }, T0).timer.endsAt).toBe(T0 + 120_000)
    })

    it('ignores pause when not running and resume when not paused; caps at the maximum', () => {
      const idle = initialFacilitationState()
      expect(applyFacilitationCommand(idle, { kind: 'timer', action: 'pause' }, T0).timer).toEqual(idle.timer)
      expect(applyFacilitationCommand(idle, { kind: 'timer', action: 'resume' }, T0).timer).toEqual(idle.timer)
      const max = FACILITATION_LIMITS.maxTimerMs
      const long = applyFacilitationCommand(idle, { kind: 'timer', action: 'start', ms: max }, T0)
      const more = applyFacilitationCommand(long, { kind: 'timer', action: 'add', ms: max }, T0 + 1000)
      expect(timerRemainingMs(more.timer, T0 + 1000)).toBe(max)
      // An expired running timer paused reads zero left.
      const short = applyFacilitationCommand(idle, { kind: 'timer', action: 'start', ms: 1000 }, T0)
      expect(applyFacilitationCommand(short, { kind: 'timer', action: 'pause' }, T0 + 5000).timer.remainingMs).toBe(0)
    })
  })

  it('runs a vote: start (defaults), reveal, close; reveal without a vote is refused', () => {
    expect(() => applyFacilitationCommand(initialFacilitationState(), { kind: 'vote', action: 'reveal' }, T0)).toThrow(FacilitationError)
    expect(() => applyFacilitationCommand(initialFacilitationState(), { kind: 'vote', action: 'start' }, T0)).toThrow(/needs an id/)
    let s = applyFacilitationCommand(initialFacilitationState(), { kind: 'vote', action: 'start', id: 'v1' }, T0)
    expect(s.vote).toEqual({ id: 'v1', title: '', scope: { kind: 'board' }, dots: FACILITATION_LIMITS.defaultDotsPerPerson, status: 'open' })
    s = applyFacilitationCommand(s, { kind: 'vote', action: 'reveal' }, T0)
    expect(s.vote?.status).toBe('revealed')
    s = applyFacilitationCommand(s, { kind: 'vote', action: 'close' }, T0)
    expect(s.vote?.status).toBe('closed')
  })

  it('private writing: start, reveal (remembered), end; reveal when not writing is refused', () => {
    let s = applyFacilitationCommand(initialFacilitationState(), { kind: 'private', action: 'start', round: 'r1' }, T0)
    s = applyFacilitationCommand(s, { kind: 'private', action: 'reveal' }, T0)
    expect(s.privateWriting).toEqual({ round: 'r1', status: 'revealed' })
    expect(s.revealedRounds).toEqual(['r1'])
    expect(() => applyFacilitationCommand(s, { kind: 'private', action: 'end' }, T0)).toThrow(FacilitationError)
    s = applyFacilitationCommand(s, { kind: 'private', action: 'start', round: 'r2' }, T0)
    s = applyFacilitationCommand(s, { kind: 'private', action: 'end' }, T0)
    expect(s.privateWriting).toEqual({ round: 'r2', status: 'ended' })
    expect(s.revealedRounds).toEqual(['r1'])
  })
})

describe('facilitation frames', () => {
  it('round-trips client and server messages', () => {
    const messages: (FacilitationClientMessage | FacilitationServerMessage)[] = [
      { t: 'cmd', cmd: { kind: 'timer', action: 'start', ms: 60_000 } },
      { t: 'dots', voteId: 'v1', voterId: 'user:1', shapeIds: ['shape:a', 'shape:a'] },
      { t: 'time', id: 7 },
    ]
    for (const m of messages) expect(parseClientMessage(readFacilitationPayload(payloadOf(encodeFacilitationFrame(m))))).toEqual(m)
    const server: FacilitationServerMessage[] = [
      { t: 'welcome', role: 'participant', state: initialFacilitationState(), now: T0, notice: 'Ünïcode ✓' },
      { t: 'tally', voteId: 'v1', counts: { 'shape:a': 2 }, voters: 1 },
      { t: 'refused', reason: 'no', ids: ['shape:z'] },
    ]
    for (const m of server) expect(parseServerMessage(readFacilitationPayload(payloadOf(encodeFacilitationFrame(m))))).toEqual(m)
  })

  it('reads a multi-byte length', () => {
    const long: FacilitationClientMessage = { t: 'dots', voteId: 'v1', voterId: 'x'.repeat(100), shapeIds: Array.from({ length: 20 }, (_, i) => `shape:${'n'.repeat(80)}${i}`) }
    const frame = encodeFacilitationFrame(long)
    expect(frame.byteLength).toBeGreaterThan(128 + 3)
    expect(parseClientMessage(readFacilitationPayload(payloadOf(frame)))).toEqual(long)
  })

  it('rejects truncated, non-JSON, invalid and oversized frames', () => {
    const ok = payloadOf(encodeFacilitationFrame({ t: 'time', id: 1 }))
    expect(() => readFacilitationPayload(new Uint8Array())).toThrow(FacilitationError)
    expect(() => readFacilitationPayload(ok.subarray(0, ok.length - 1))).toThrow(/truncated/)
    expect(() => readFacilitationPayload(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))).toThrow(FacilitationError)
    expect(() => readFacilitationPayload(new Uint8Array([3, 0x7b, 0x7b, 0x7b]))).toThrow(/not JSON/)
    // Invalid UTF-8 is not read leniently.
    expect(() => readFacilitationPayload(new Uint8Array([2, 0xc3, 0x28]))).toThrow(/not JSON/)
    // A declared length above the limit is refused before anything is read.
    const n = MAX_FACILITATION_FRAME_BYTES + 1
    expect(() => readFacilitationPayload(new Uint8Array([0x80 | (n & 0x7f), 0x80 | ((n >> 7) & 0x7f), n >> 14]))).toThrow(/too large/)
    const big = payloadOf(encodeFacilitationFrame({ t: 'time', id: 1, pad: 'x'.repeat(MAX_FACILITATION_FRAME_BYTES) } as unknown as FacilitationClientMessage))
    expect(() => readFacilitationPayload(big)).toThrow(/too large/)
    for (const bad of [null, [], { t: 'nope' }, { t: 'cmd', cmd: { kind: 'lock' } }, { t: 'time', id: 1.5 }, { t: 'dots', voteId: 'v 1', voterId: 'u', shapeIds: [] }]) {
      expect(() => parseClientMessage(bad)).toThrow(FacilitationError)
    }
    // Twenty-one dots is more than anyone may place.
    expect(() => parseClientMessage({ t: 'dots', voteId: 'v1', voterId: 'u', shapeIds: Array(21).fill('shape:a') })).toThrow(FacilitationError)
  })

  it('falls back to the initial state for a stored state it cannot read', () => {
    expect(parseStoredFacilitationState(null)).toEqual(initialFacilitationState())
    expect(parseStoredFacilitationState('{')).toEqual(initialFacilitationState())
    expect(parseStoredFacilitationState(JSON.stringify({ v: 2 }))).toEqual(initialFacilitationState())
    const s = applyFacilitationCommand(initialFacilitationState(), { kind: 'lock', zones: true }, T0)
    expect(parseStoredFacilitationState(JSON.stringify(s))).toEqual(s)
  })

  it('mints facilitator keys that the pattern accepts', () => {
    const keys = new Set(Array.from({ length: 50 }, newFacilitatorKey))
    expect(keys.size).toBe(50)
    for (const k of keys) expect(isFacilitatorKey(k)).toBe(true)
    for (const bad of ['', 'short', 'x'.repeat(65), 'has space in it 123456789', 42]) expect(isFacilitatorKey(bad)).toBe(false)
  })
})
