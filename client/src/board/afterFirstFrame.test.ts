import { describe, expect, it } from 'vitest'
import { afterFirstFrame, type FrameClock } from './afterFirstFrame'

/** A hand-driven clock: frames and timers run only when the test says so. */
function fakeClock() {
  let frames: Array<() => void> = []
  let idles: Array<{ fn: () => void; timeout: number }> = []
  const timers = new Map<number, { fn: () => void; ms: number }>()
  let next = 1
  const clock: FrameClock = {
    requestFrame: (fn) => frames.push(fn),
    requestIdle: (fn, timeout) => idles.push({ fn, timeout }),
    setTimer: (fn, ms) => {
      timers.set(next, { fn, ms })
      return next++
    },
    clearTimer: (h) => void timers.delete(h as number),
  }
  return {
    clock,
    frame() {
      const now = frames
      frames = []
      for (const fn of now) fn()
    },
    idle() {
      const now = idles
      idles = []
      for (const i of now) i.fn()
    },
    idleTimeouts: () => idles.map((i) => i.timeout),
    fireTimers() {
      for (const [id, t] of [...timers]) {
        timers.delete(id)
        t.fn()
      }
    },
    timerCount: () => timers.size,
  }
}

const TIMES = { fallbackMs: 4000, idleTimeoutMs: 3000 }

describe('afterFirstFrame', () => {
  it('runs once the canvas is painted and the page is idle, not before', () => {
    const c = fakeClock()
    let runs = 0
    const d = afterFirstFrame(() => runs++, TIMES, c.clock)
    c.frame()
    c.idle()
    expect(runs).toBe(0) // no canvas yet: frames and idle time alone do not run it
    d.painted()
    expect(c.timerCount()).toBe(0) // the start's fallback no longer applies: a long layout is not cut short
    c.frame()
    c.idle()
    expect(runs).toBe(0) // the frame with the canvas
    c.frame()
    expect(runs).toBe(0) // painted, but tldraw is still busy
    expect(c.idleTimeouts()).toEqual([TIMES.idleTimeoutMs]) // the idle wait is bounded
    c.idle()
    expect(runs).toBe(1)
    expect(d.pending).toBe(false)
  })

  it('runs on the fallback timer if the canvas never mounts, and only once', () => {
    const c = fakeClock()
    let runs = 0
    const d = afterFirstFrame(() => runs++, TIMES, c.clock)
    c.fireTimers()
    expect(runs).toBe(1)
    d.painted()
    c.frame()
    c.frame()
    c.idle()
    d.now()
    expect(runs).toBe(1)
  })

  it('painted() twice waits for one pair of frames, runs once', () => {
    const c = fakeClock()
    let runs = 0
    const d = afterFirstFrame(() => runs++, TIMES, c.clock)
    d.painted()
    d.painted()
    c.frame()
    c.frame()
    c.idle()
    c.frame()
    c.idle()
    expect(runs).toBe(1)
  })

  it('now() runs at once; cancel() means never', () => {
    const c = fakeClock()
    let a = 0
    afterFirstFrame(() => a++, TIMES, c.clock).now()
    expect(a).toBe(1)

    let b = 0
    const d = afterFirstFrame(() => b++, TIMES, c.clock)
    d.painted()
    d.cancel()
    c.frame()
    c.frame()
    c.idle()
    c.fireTimers()
    d.now()
    expect(b).toBe(0)
  })
})
