import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { throttle } from './throttle'

describe('throttle', () => {
  beforeEach(() => void vi.useFakeTimers())
  afterEach(() => void vi.useRealTimers())

  it('runs the first call at once and the last call of a burst once, after the interval', () => {
    const fn = vi.fn()
    const t = throttle(fn, 250)
    t()
    expect(fn).toHaveBeenCalledTimes(1)
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(20)
      t()
    }
    expect(fn).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(250)
    expect(fn).toHaveBeenCalledTimes(2)
    vi.advanceTimersByTime(1000)
    expect(fn).toHaveBeenCalledTimes(2)
  })

  it('cancel drops the pending trailing call', () => {
    const fn = vi.fn()
    const t = throttle(fn, 250)
    t()
    t()
    t.cancel()
    vi.advanceTimersByTime(1000)
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('a call after a quiet spell runs at once again', () => {
    const fn = vi.fn()
    const t = throttle(fn, 250)
    t()
    vi.advanceTimersByTime(600)
    t()
    expect(fn).toHaveBeenCalledTimes(2)
  })
})
