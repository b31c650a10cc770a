import { describe, expect, it } from 'vitest'
import { indexKeyAbove, indexKeys, isValidIndexKey } from './indexKeys'

describe('index keys', () => {
  it('validates like tldraw', () => {
    for (const k of ['a0', 'a1', 'aZ', 'az', 'b00', 'a1V', 'Zz', 'a1Vx']) expect(isValidIndexKey(k)).toBe(true)
    for (const k of ['', 'a', 'a10', '!1', 'b0', 'a1V0', 'a1 ', 42]) expect(isValidIndexKey(k)).toBe(false)
  })

  it('increments with carries', () => {
    expect(indexKeyAbove('a1')).toBe('a2')
    expect(indexKeyAbove('a9')).toBe('aA')
    expect(indexKeyAbove('az')).toBe('b00')
    expect(indexKeyAbove('b0z')).toBe('b10')
    expect(indexKeyAbove('Zz')).toBe('a0')
    expect(indexKeyAbove('a1Vx')).toBe('a2')
    expect(() => indexKeyAbove('nope')).toThrow(/invalid index key/)
  })

  it('makes n strictly increasing valid keys from a start key', () => {
    const keys = indexKeys(200, 'a5V')
    expect(keys[0]).toBe('a5V')
    for (let i = 1; i < keys.length; i++) {
      expect(isValidIndexKey(keys[i])).toBe(true)
      expect(keys[i] > keys[i - 1]).toBe(true)
    }
    expect(indexKeys(0)).toEqual([])
  })
})
