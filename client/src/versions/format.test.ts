import { describe, expect, it } from 'vitest'
import { exactTime, relativeTime } from './format'
import { defaultVersionName } from './BoardVersions'

describe('version times', () => {
  const now = Date.UTC(2027, 0, 12, 12, 0)
  it('reads relative to now', () => {
    expect(relativeTime(now - 10_000, now, 'en')).toBe('just now')
    expect(relativeTime(now - 5 * 60_000, now, 'en')).toBe('5 minutes ago')
    expect(relativeTime(now - 3 * 3_600_000, now, 'en')).toBe('3 hours ago')
    expect(relativeTime(now - 86_400_000, now, 'en')).toBe('yesterday')
    expect(relativeTime(now - 90 * 86_400_000, now, 'en')).toBe('3 months ago')
  })
  it('gives the exact time with the year', () => {
    expect(exactTime(now, 'en-GB')).toMatch(/2027/)
  })
})

describe('defaultVersionName', () => {
  it('names the first template and the day', () => {
    const plan = { sections: [{ title: 'PATH' }] } as never
    expect(defaultVersionName(plan, 'Our board', new Date(2027, 0, 12), 'en-GB')).toBe('PATH, 12 January')
    expect(defaultVersionName(null, 'Our board', new Date(2027, 0, 12), 'en-GB')).toBe('Our board, 12 January')
    expect(defaultVersionName(null, ' ', new Date(2027, 0, 12), 'en-GB')).toBe('Board, 12 January')
  })
})
