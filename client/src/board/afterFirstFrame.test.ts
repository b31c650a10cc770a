import { describe, expect, it } from 'vitest'
import { afterFirstFrame, type FrameClock } from './afterFirstFrame'

/** A hand-driven clock: frames and timers run only when the test says so. */
function fakeClock() {
  let frames: Array<() => void> = []
  const timers = new Map<number, { fn: () => void; ms: number }>()
  let next = 1
  const clock: FrameClock = {
    requestFrame: (fn) => frames.push(fn),
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
    fireTimers() {
      for (const [id, t] of [...timers]) {
        timers.delete(id)
        t.fn()
      }
    },
    timerCount: () => timers.size,
  }
}

describe('afterFirstFrame', () => {
  it('runs two frames after the canvas is painted, not before', () => {
    const c = fakeClock()
    let runs = 0
    const d = afterFirstFrame(() => runs++, 1500, c.clock)
    c.frame()
    expect(runs).toBe(0) // no canvas yet: frames alone do not run it
    d.painted()
    c.frame()
    expect(runs).toBe(0) // the frame with the canvas
    c.frame()
    expect(runs).toBe(1)
    expect(d.pending).toBe(false)
    expect(c.timerCount()).toBe(0) // the fallback was cleared
  })

  it('runs on the fallback timer if the canvas never mounts, and only once', () => {
    const c = fakeClock()
    let runs = 0
    const d = afterFirstFrame(() => runs++, 1500, c.clock)
    c.fireTimers()
    expect(runs).toBe(1)
    d.painted()
    c.frame()
    c.frame()
    d.now()
    expect(runs).toBe(1)
  })

  it('painted() twice waits for one pair of frames, runs once', () => {
    const c = fakeClock()
    let runs = 0
    const d = afterFirstFrame(() => runs++, 1500, c.clock)
    d.painted()
    d.painted()
    c.frame()
    c.frame()
    c.frame()
    expect(runs).toBe(1)
  })

  it('now() runs at once; cancel() means never', () => {
    const c = fakeClock()
    let a = 0
    afterFirstFrame(() => a++, 1500, c.clock).now()
    expect(a).toBe(1)

    let b = 0
    const d = afterFirstFrame(() => b++, 1500, c.clock)
    d.painted()
    d.cancel()
    c.frame()
    c.frame()
    c.fireTimers()
    d.now()
    expect(b).toBe(0)
  })
})
