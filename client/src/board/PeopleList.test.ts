import { describe, expect, it } from 'vitest'
import { groupPeople } from './PeopleList'
import type { Person } from './presence'

const p = (clientId: number, id: string, name: string, extra: Partial<Person> = {}): Person => ({
  clientId,
  id,
  name,
  color: '#2b6cb0',
  isMe: false,
  viewOnly: false,
  ...extra,
})

describe('groupPeople', () => {
  it('lists a person with two tabs once, you first', () => {
    const entries = groupPeople([p(1, 'sam', 'Sam'), p(2, 'mo', 'Mo'), p(3, 'mo', 'Mo', { isMe: true }), p(4, 'ab', 'Ab')])
    expect(entries.map((e) => [e.name, e.isMe, e.tabs])).toEqual([
      ['Mo', true, 2],
      ['Ab', false, 1],
      ['Sam', false, 1],
    ])
  })
  it('is watching only if every tab of theirs is view-only', () => {
    expect(groupPeople([p(1, 'x', 'X', { viewOnly: true })])[0].viewOnly).toBe(true)
    expect(groupPeople([p(1, 'x', 'X', { viewOnly: true }), p(2, 'x', 'X')])[0].viewOnly).toBe(false)
  })
  it('bounds names and refuses colours that are not plain hex codes', () => {
    const [e] = groupPeople([p(1, 'x', 'Y'.repeat(500), { color: 'url(https://example.com/x.png)' })])
    expect(e.name).toHaveLength(40)
    expect(e.color).toBe('#5f6b7a')
    expect(groupPeople([p(1, 'x', '   ')])[0].name).toBe('Someone')
  })
  it('marks a person as facilitator if any of their connections is one (the relay’s stamp)', () => {
    expect(groupPeople([p(1, 'x', 'X', { role: 'participant' }), p(2, 'x', 'X', { role: 'facilitator' })])[0].facilitator).toBe(true)
    expect(groupPeople([p(1, 'x', 'X')])[0].facilitator).toBe(false)
  })
})
