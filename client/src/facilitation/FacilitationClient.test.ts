import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { encodeFacilitationFrame, initialFacilitationState, parseClientMessage, readFacilitationPayload, type FacilitationServerMessage } from '@circleboard/shared'
import { FacilitationClient, type FacilitationTransport } from './FacilitationClient'
import { addSample, bestOffset, clockSample } from './clock'

/** A transport whose socket we open, close and answer by hand; it records what the client sent. */
function fakeTransport() {
  let open = false
  const frames = new Set<(p: Uint8Array) => void>()
  const status = new Set<(o: boolean) => void>()
  const sent: ReturnType<typeof parseClientMessage>[] = []
  const t: FacilitationTransport = {
    isOpen: () => open,
    send(frame) {
      if (!open) return false
      // Skip the message type byte, as y-websocket's decoder does before calling the handler.
      sent.push(parseClientMessage(readFacilitationPayload(frame.subarray(1))))
      return true
    },
    onFrame: (fn) => (frames.add(fn), () => frames.delete(fn)),
    onStatus: (fn) => (status.add(fn), () => status.delete(fn)),
  }
  return {
    t,
    sent,
    setOpen(o: boolean) {
      open = o
      for (const fn of status) fn(o)
    },
    deliver(msg: FacilitationServerMessage | unknown) {
      const frame = encodeFacilitationFrame(msg as FacilitationServerMessage)
      for (const fn of frames) fn(frame.subarray(1))
    },
  }
}

describe('clock offset', () => {
  it('takes the midpoint of the round trip', () => {
    // Device sends at 1000, relay reads 181_050 (device is 3 minutes behind), answer at 1100.
    expect(clockSample(1000, 181_050, 1100)).toEqual({ offset: 180_000, rtt: 100, at: 1100 })
  })
  it('trusts the sample with the smallest round trip', () => {
    let samples = addSample([], clockSample(0, 10_400, 800)!) // slow: offset 10_000 ± 400
    samples = addSample(samples, clockSample(1000, 11_030, 1040)!) // fast: offset 10_010 ± 20
    samples = addSample(samples, clockSample(2000, 12_500, 2600)!)
    expect(bestOffset(samples)).toBe(10_010)
  })
  it('drops a sample from a clock that jumped backwards', () => {
    expect(clockSample(1000, 5000, 900)).toBeNull()
  })
  it('keeps only the newest samples', () => {
    let samples = addSample([], clockSample(0, 0, 1)!)
    for (let i = 1; i <= 10; i++) samples = addSample(samples, clockSample(i * 100, 7, i * 100 + 50)!)
    expect(samples).toHaveLength(8)
    expect(bestOffset(samples)).not.toBe(-0.5) // the 1 ms round trip has aged out
  })
})

describe('FacilitationClient', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  const welcome = (over: Partial<Extract<FacilitationServerMessage, { t: 'welcome' }>> = {}) =>
    ({ t: 'welcome', role: 'facilitator', state: initialFacilitationState(), now: 0, ...over }) as const

  it('shows the asked-for role until the relay answers, then the relay’s', () => {
    const f = fakeTransport()
    const c = new FacilitationClient({ requestedRole: 'facilitator', userId: 'u1' })
    c.attach(f.t)
    expect(c.$role.get()).toBe('facilitator')
    expect(c.$live.get()).toBe(false)
    f.setOpen(true)
    f.deliver(welcome({ role: 'participant', notice: 'That facilitator link is not for this board.' }))
    expect(c.$role.get()).toBe('participant')
    expect(c.$live.get()).toBe(true)
    expect(c.$notice.get()?.text).toMatch(/not for this board/)
    f.setOpen(false)
    expect(c.$live.get()).toBe(false)
  })

  it('measures the relay clock with probes, even when the device is minutes off', () => {
    let device = 1_000_000
    const f = fakeTransport()
    const c = new FacilitationClient({ requestedRole: 'participant', userId: 'u1', now: () => device, initialProbes: 3, probeSpacingMs: 100 })
    c.attach(f.t)
    f.setOpen(true)
    vi.advanceTimersByTime(250)
    const probes = f.sent.filter((m) => m.t === 'time')
    expect(probes).toHaveLength(3)
    // The relay is 5 minutes ahead. First answer after 400 ms, the others after 40 ms and 900 ms.
    const relayAhead = 5 * 60_000
    const answer = (i: number, rtt: number) => {
      const sentAt = device
      device += rtt
      f.deliver({ t: 'time', id: (probes[i] as { id: number }).id, now: sentAt + rtt / 2 + relayAhead })
    }
    answer(0, 400)
    answer(1, 40)
    answer(2, 900)
    expect(c.relayNow() - device).toBe(relayAhead)
    // An answer to a probe never sent is ignored.
    f.deliver({ t: 'time', id: 999, now: 0 })
    expect(c.relayNow() - device).toBe(relayAhead)
    // It probes again every 30 s.
    vi.advanceTimersByTime(30_000)
    expect(f.sent.filter((m) => m.t === 'time')).toHaveLength(4)
  })

  it('uses the welcome’s time until a probe has come back', () => {
    const device = 50_000
    const f = fakeTransport()
    const c = new FacilitationClient({ requestedRole: 'participant', userId: 'u1', now: () => device })
    c.attach(f.t)
    f.setOpen(true)
    f.deliver(welcome({ now: device - 120_000 }))
    expect(c.relayNow()).toBe(device - 120_000)
  })

  it('drops malformed frames and ignores stale states', () => {
    const f = fakeTransport()
    const c = new FacilitationClient({ requestedRole: 'participant', userId: 'u1' })
    c.attach(f.t)
    f.setOpen(true)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    f.deliver({ t: 'welcome', role: 'boss' })
    expect(c.$live.get()).toBe(false)
    expect(warn).toHaveBeenCalled()
    warn.mockRestore()
    const s5 = { ...initialFacilitationState(), seq: 5, lock: { zones: true, ids: [] } }
    f.deliver(welcome({ role: 'participant', state: s5 }))
    f.deliver({ t: 'state', state: { ...initialFacilitationState(), seq: 4 }, now: 0 })
    expect(c.$state.get().lock.zones).toBe(true)
    f.deliver({ t: 'state', state: { ...s5, seq: 6, lock: { zones: false, ids: [] } }, now: 0 })
    expect(c.$state.get().lock.zones).toBe(false)
  })

  it('sends commands only as a connected facilitator, and says why not otherwise', () => {
    const f = fakeTransport()
    const c = new FacilitationClient({ requestedRole: 'facilitator', userId: 'u1' })
    c.attach(f.t)
    c.send({ kind: 'lock', zones: true })
    expect(c.$notice.get()?.text).toMatch(/Not connected/)
    f.setOpen(true)
    f.deliver(welcome())
    c.send({ kind: 'lock', zones: true })
    expect(f.sent.filter((m) => m.t === 'cmd')).toEqual([{ t: 'cmd', cmd: { kind: 'lock', zones: true } }])
    f.deliver(welcome({ role: 'participant' }))
    c.send({ kind: 'lock', zones: false })
    expect(f.sent.filter((m) => m.t === 'cmd')).toHaveLength(1)
    expect(c.$notice.get()?.text).toMatch(/Only a facilitator/)
  })

  it('passes summons to listeners and refusals to the notice', () => {
    const f = fakeTransport()
    const c = new FacilitationClient({ requestedRole: 'participant', userId: 'u1' })
    c.attach(f.t)
    f.setOpen(true)
    const seen: unknown[] = []
    const off = c.onSummon((e) => seen.push(e))
    const event = { kind: 'summon', userId: 'fac', name: 'Mo', pageId: 'page:p', bounds: { x: 1, y: 2, w: 3, h: 4 } }
    f.deliver({ t: 'event', event })
    off()
    f.deliver({ t: 'event', event })
    expect(seen).toEqual([{ userId: 'fac', name: 'Mo', pageId: 'page:p', bounds: { x: 1, y: 2, w: 3, h: 4 } }])
    f.deliver({ t: 'refused', reason: 'Locked by the facilitator' })
    expect(c.$notice.get()?.text).toBe('Locked by the facilitator')
  })

  it('keeps dots chosen offline and sends them when the relay is back', () => {
    const f = fakeTransport()
    const c = new FacilitationClient({ requestedRole: 'participant', userId: 'u1' })
    c.attach(f.t)
    f.setOpen(true)
    const vote = { id: 'v1', title: '', scope: { kind: 'board' as const }, dots: 3, status: 'open' as const }
    f.deliver(welcome({ role: 'participant', state: { ...initialFacilitationState(), seq: 1, vote } }))
    f.setOpen(false)
    c.setMyDots(['shape:a', 'shape:a', 'shape:b'])
    expect(c.$myDots.get()).toEqual(['shape:a', 'shape:b'])
    f.setOpen(true)
    f.deliver({ t: 'myDots', voteId: 'v1', shapeIds: [] })
    f.deliver(welcome({ role: 'participant', state: { ...initialFacilitationState(), seq: 1, vote } }))
    expect(f.sent.filter((m) => m.t === 'dots')).toEqual([{ t: 'dots', voteId: 'v1', voterId: 'u1', shapeIds: ['shape:a', 'shape:b'] }])
    expect(c.$myDots.get()).toEqual(['shape:a', 'shape:b'])
  })
})
