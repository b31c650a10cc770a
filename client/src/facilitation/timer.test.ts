import { describe, expect, it } from 'vitest'
import type { TimerState } from '@circleboard/shared'
import { formatRemaining, justEnded, remainingSeconds } from './timer'

const running = (endsAt: number): TimerState => ({ status: 'running', durationMs: 300_000, endsAt, remainingMs: 300_000 })

describe('timer display', () => {
  it('reads mm:ss, rounding up', () => {
    expect(formatRemaining(300_000)).toBe('5:00')
    expect(formatRemaining(59_001)).toBe('1:00')
    expect(formatRemaining(1)).toBe('0:01')
    expect(formatRemaining(0)).toBe('0:00')
    expect(formatRemaining(-5)).toBe('0:00')
    expect(formatRemaining(3_725_000)).toBe('1:02:05')
  })
  it('counts from relay time, so devices with skewed clocks agree', () => {
    const t = running(1_000_000)
    // Both devices corrected to the relay's clock: same reading whatever their own clocks say.
    expect(remainingSeconds(t, 1_000_000 - 90_000)).toBe(90)
    expect(remainingSeconds({ ...t, status: 'paused', remainingMs: 42_000 }, 5)).toBe(42)
  })
  it('chimes only when it is seen reaching zero', () => {
    const t = running(1000)
    expect(justEnded(500, t, 1000)).toBe(true)
    expect(justEnded(null, t, 5000)).toBe(false) // opened after the end
    expect(justEnded(0, t, 5000)).toBe(false) // already ended
    expect(justEnded(500, t, 900)).toBe(false)
    expect(justEnded(500, { ...t, status: 'paused', remainingMs: 0 }, 1000)).toBe(false)
  })
})
