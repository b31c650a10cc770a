import { describe, expect, it } from 'vitest'
import { exportFileName, localIsoDate, slugify } from './fileNames'

describe('slugify', () => {
  it('drops apostrophes and accents, lower-cases, joins words with -', () => {
    expect(slugify("J's PATH")).toBe('js-path')
    expect(slugify('Café — 7 Keys (Zoë)')).toBe('cafe-7-keys-zoe')
    expect(slugify('  ../../etc/passwd  ')).toBe('etc-passwd')
  })
  it('keeps letters of other scripts and caps the length without a trailing dash', () => {
    expect(slugify('Планирование')).toBe('планирование')
    const long = slugify('a '.repeat(100))
    expect(long.length).toBeLessThanOrEqual(60)
    expect(long.endsWith('-')).toBe(false)
  })
  it('gives an empty slug for names with no letters', () => {
    expect(slugify('!!! ???')).toBe('')
  })
})

describe('exportFileName', () => {
  const now = new Date(2027, 0, 20, 23, 30) // local time, late evening
  it('uses the session date when there is one', () => {
    expect(exportFileName("J's PATH", 'md', { sessionDate: '2027-01-12', now })).toBe('js-path-2027-01-12.md')
  })
  it('falls back to today (local calendar day) for a missing or bad session date', () => {
    expect(exportFileName("J's PATH", 'csv', { now })).toBe('js-path-2027-01-20.csv')
    expect(exportFileName("J's PATH", '.csv', { sessionDate: '12/1/2027', now })).toBe('js-path-2027-01-20.csv')
  })
  it('names an unnamed board "board" and adds a suffix when asked', () => {
    expect(exportFileName('', 'png', { now })).toBe('board-2027-01-20.png')
    expect(exportFileName('Silos', 'html', { now, suffix: 'Plan' })).toBe('silos-plan-2027-01-20.html')
  })
  it('localIsoDate pads months and days', () => {
    expect(localIsoDate(new Date(2027, 2, 5))).toBe('2027-03-05')
  })
})
