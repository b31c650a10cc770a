import { describe, expect, it } from 'vitest'
import type { TLShape } from 'tldraw'
import { isLockedForParticipants, mayChange, shapesCreatedBy } from './lockGuard'

const zone = { id: 'shape:z1', type: 'cb-zone' } as TLShape
const note = { id: 'shape:n1', type: 'note' } as TLShape
const unlocked = { zones: false, ids: [] }
const zonesLocked = { zones: true, ids: [] }
const noteLocked = { zones: false, ids: ['shape:n1'] }

describe('lock guard decisions', () => {
  it('locks zones, and listed shapes, for participants', () => {
    expect(isLockedForParticipants(zone, zonesLocked)).toBe(true)
    expect(isLockedForParticipants(note, zonesLocked)).toBe(false)
    expect(isLockedForParticipants(note, noteLocked)).toBe(true)
    expect(isLockedForParticipants(zone, unlocked)).toBe(false)
  })
  it('refuses a participant’s own change to a locked shape, never a facilitator’s', () => {
    expect(mayChange(zone, 'participant', zonesLocked, 'user')).toBe(false)
    expect(mayChange(note, 'participant', noteLocked, 'user')).toBe(false)
    expect(mayChange(zone, 'facilitator', zonesLocked, 'user')).toBe(true)
    expect(mayChange(zone, 'participant', unlocked, 'user')).toBe(true)
  })
  it('lets remote changes through (the store must follow the board)', () => {
    expect(mayChange(zone, 'participant', zonesLocked, 'remote')).toBe(true)
  })
  it('"what I drew" is the non-zone shapes stamped with my id, bounded', () => {
    const mine = (id: string, type = 'geo') => ({ id, type, meta: { createdBy: 'me' } }) as unknown as TLShape
    const shapes = [mine('shape:a'), mine('shape:z', 'cb-zone'), { id: 'shape:b', type: 'geo', meta: { createdBy: 'you' } } as unknown as TLShape, mine('shape:c')]
    expect(shapesCreatedBy(shapes, 'me', 10)).toEqual(['shape:a', 'shape:c'])
    expect(shapesCreatedBy(shapes, 'me', 1)).toEqual(['shape:a'])
  })
})
