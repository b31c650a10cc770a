import { describe, expect, it } from 'vitest'
import type { TLShape } from 'tldraw'
import type { Person } from '../board/presence'
import { facilitatorToFollow, wantsPresent, withoutPresent } from './Projector'
import { placedTemplates } from './FacilitateMenu'

const person = (id: string, extra: Partial<Person> = {}): Person => ({ id, name: id, color: '#000', clientId: 1, isMe: false, viewOnly: false, ...extra })

describe('projector mode', () => {
  it('is asked for by ?present and left without it', () => {
    expect(wantsPresent('?present')).toBe(true)
    expect(wantsPresent('?f=abc')).toBe(false)
    expect(withoutPresent('https://h.example/v/tok?present')).toBe('/v/tok')
    expect(withoutPresent('https://h.example/b/room?present&x=1#k')).toBe('/b/room?x=1#k')
  })
  it('follows the first facilitator who is not this screen', () => {
    expect(facilitatorToFollow([person('me', { isMe: true, role: 'facilitator' }), person('sam', { role: 'participant' }), person('mo', { role: 'facilitator' })])).toBe('mo')
    expect(facilitatorToFollow([person('sam', { role: 'participant' })])).toBeNull()
  })
})

describe('placed templates', () => {
  const zone = (id: string, instanceId: string, templateId: string, x: number) =>
    ({ id, type: 'cb-zone', x, y: 0, props: { instanceId, templateId } }) as unknown as TLShape
  it('one entry per placed template, left to right, numbered when there are two of a kind', () => {
    const list = placedTemplates([zone('shape:a', 'i2', 'path', 900), zone('shape:b', 'i1', 'path', 0), zone('shape:c', 'i1', 'path', 50), zone('shape:d', 'i3', '7keys', 3000), { id: 'shape:n', type: 'note', x: 0, y: 0, props: {} } as unknown as TLShape])
    expect(list.map((t) => [t.instanceId, t.name, t.zoneIds.length])).toEqual([
      ['i1', 'PATH (1)', 2],
      ['i2', 'PATH (2)', 1],
      ['i3', '7 Keys to Citizenship', 1],
    ])
  })
})
