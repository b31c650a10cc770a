import { describe, expect, it } from 'vitest'
import { samplePlan } from './plan/fixtures.test-helpers'
import { countPlanItems, summarizeVersion } from './versionSummary'
import {
  DEFAULT_RETENTION,
  encodeVersionsFrame,
  parseVersionsClientMessage,
  readVersionsPayload,
  VERSIONS_MESSAGE_TYPE,
  VersionsError,
  versionSummaryLine,
  versionsToThin,
  versionTitle,
} from './versions'

const DAY = 86_400_000

describe('versionsToThin', () => {
  it('keeps every named version and the newest automatic ones', () => {
    const now = 100 * DAY
    const versions = [
      ...Array.from({ length: 60 }, (_, i) => ({ n: i + 1, kind: 'auto' as const, createdAt: now - 1000 * (60 - i) })),
      { n: 61, kind: 'named' as const, createdAt: 0 },
    ]
    const drop = versionsToThin(versions, { keepRecentAuto: 50, keepDailyDays: 365 }, now)
    // 60 automatic on one day: the newest 50 stay, of the other 10 the newest of that day stays.
    expect(drop.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(drop).not.toContain(61)
  })

  it('keeps one a day beyond the recent ones, and none older than the daily window', () => {
    const now = 1000 * DAY
    const versions = [] as { n: number; kind: 'auto'; createdAt: number }[]
    let n = 1
    for (let day = 10; day >= 1; day--) {
      versions.push({ n: n++, kind: 'auto', createdAt: now - day * DAY + 1000 })
      versions.push({ n: n++, kind: 'auto', createdAt: now - day * DAY + 2000 })
    }
    const drop = new Set(versionsToThin(versions, { keepRecentAuto: 2, keepDailyDays: 5 }, now))
    const kept = versions.filter((v) => !drop.has(v.n))
    // The newest two (day 1), then the newer of each day 2..4 (day 5 and older are past the window).
    expect(kept.map((v) => Math.round((now - v.createdAt) / DAY))).toEqual([4, 3, 2, 1, 1])
  })

  it('drops nothing with the default policy for a young board', () => {
    const versions = Array.from({ length: 10 }, (_, i) => ({ n: i + 1, kind: 'auto' as const, createdAt: i }))
    expect(versionsToThin(versions, DEFAULT_RETENTION, 10)).toEqual([])
  })
})

describe('version wording', () => {
  it('names automatic versions by their reason', () => {
    expect(versionTitle({ name: '', reason: 'session-end' })).toBe('End of session')
    expect(versionTitle({ name: '3-month review', reason: 'manual' })).toBe('3-month review')
  })

  it('summarises what changed in one line', () => {
    expect(
      versionSummaryLine({ shapes: 40, items: 20, actions: 5, actionsDone: 3, since: { added: 12, removed: 0, edited: 1, newActions: 0, done: 3, dropped: 0 } }),
    ).toBe('+12 notes, 1 note edited, 3 actions done')
    expect(versionSummaryLine({ shapes: 3, items: 1, actions: 0, actionsDone: 0 })).toBe('1 note')
    expect(
      versionSummaryLine({ shapes: 3, items: 1, actions: 0, actionsDone: 0, since: { added: 0, removed: 0, edited: 0, newActions: 0, done: 0, dropped: 0 } }),
    ).toBe('No change to the plan')
  })
})

describe('version frames', () => {
  it('round-trips a message and refuses malformed ones', () => {
    const frame = encodeVersionsFrame({ t: 'save', reqId: 'r1', name: 'PATH, 12 January', reason: 'manual', author: 'Liz' })
    expect(frame[0]).toBe(VERSIONS_MESSAGE_TYPE)
    const msg = parseVersionsClientMessage(readVersionsPayload(frame.subarray(1)))
    expect(msg).toEqual({ t: 'save', reqId: 'r1', name: 'PATH, 12 January', reason: 'manual', author: 'Liz' })
    expect(() => readVersionsPayload(frame.subarray(1, 5))).toThrow(VersionsError)
    expect(() => parseVersionsClientMessage({ t: 'save', reqId: 'r1', name: 'x'.repeat(101), reason: 'manual', author: '' })).toThrow(VersionsError)
    expect(() => parseVersionsClientMessage({ t: 'rename', reqId: 'r1', n: 1, name: '' })).toThrow(VersionsError)
    expect(parseVersionsClientMessage({ t: 'delete', reqId: 'r1', n: 2 })).toEqual({ t: 'delete', reqId: 'r1', n: 2 })
    for (const n of [0, -1, 1.5, '2', null]) expect(() => parseVersionsClientMessage({ t: 'delete', reqId: 'r1', n })).toThrow(VersionsError)
    expect(() => parseVersionsClientMessage({ t: 'delete', n: 2 })).toThrow(VersionsError)
  })
})

describe('summarizeVersion', () => {
  it('counts items in every section type and elsewhere, actions and done ones', () => {
    const plan = samplePlan()
    // PATH 7 (dream, goal, now ×2, enrol ×2, getting stronger), 7 Keys 2, community 4, silos 2, elsewhere 1.
    expect(countPlanItems(plan)).toBe(16)
    expect(summarizeVersion(plan, 40, null, '2027-01-20')).toEqual({ shapes: 40, items: 16, actions: 5, actionsDone: 1 })
  })

  it('says what changed since the previous version, notes in the dream included', () => {
    const before = samplePlan()
    const after = samplePlan()
    const path = after.sections[0]
    if (path.template !== 'path') throw new Error('sample changed')
    path.now.items = path.now.items.slice(1)
    path.now.text = path.now.items.map((i) => i.text).join('\n')
    path.dream.items = [{ text: 'A life with friends of my own', shapeId: 'shape:a' }]
    path.gettingStronger.push({ text: 'Swimming on Sundays' })
    path.actions.oneMonth[0].status = 'done'
    const s = summarizeVersion(after, 41, before, '2027-01-20')
    expect(s.since).toEqual({ added: 1, removed: 1, edited: 1, newActions: 0, done: 1, dropped: 0 })
    expect(versionSummaryLine(s)).toBe('+1 note, −1 note, 1 note edited, 1 action done')
    expect(summarizeVersion(before, 40, before, '2027-01-20').since).toEqual({ added: 0, removed: 0, edited: 0, newActions: 0, done: 0, dropped: 0 })
  })
})

describe('counting plan items of the later methods', () => {
  it('counts what people wrote, not the links drawn between notes', async () => {
    const { countPlanItems } = await import('./versionSummary')
    const { moreMethodsPlan } = await import('./plan/fixtures.test-helpers')
    const plan = moreMethodsPlan()
    const before = countPlanItems(plan)
    expect(before).toBeGreaterThan(0)
    const connections = plan.sections.find((s) => s.template === 'connections')
    if (connections?.template !== 'connections') throw new Error('fixture has no connections section')
    connections.people.push({ text: 'The quiz captain' })
    expect(countPlanItems(plan)).toBe(before + 1)
    connections.chains = []
    expect(countPlanItems(plan)).toBe(before + 1)
  })
})
