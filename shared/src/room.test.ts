import { describe, expect, it } from 'vitest'
import { isValidRoomId, newRoomId, parseBoardLink } from './room'

describe('room ids', () => {
  it('mints 128-bit base64url ids that the relay accepts', () => {
    const ids = new Set(Array.from({ length: 200 }, newRoomId))
    expect(ids.size).toBe(200)
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/)
      expect(isValidRoomId(id)).toBe(true)
    }
  })

  it('rejects traversal, separators, empties and overlong ids', () => {
    for (const bad of ['', '..', '../../etc/passwd', 'a/b', 'abc', 'x'.repeat(65), 'room id!', 'ab%2F..cd', null, 42]) {
      expect(isValidRoomId(bad)).toBe(false)
    }
  })
})

describe('parseBoardLink', () => {
  const id = 'AbCdEfGhIjKlMnOpQrStUv'
  it('reads full links, paths and bare ids', () => {
    expect(parseBoardLink(`https://board.example.org/b/${id}`)).toEqual({ roomId: id })
    expect(parseBoardLink(`  /b/${id}/ `)).toEqual({ roomId: id })
    expect(parseBoardLink(id)).toEqual({ roomId: id })
    expect(parseBoardLink(`http://127.0.0.1:8787/b/${id}?view=tok123`)).toEqual({ roomId: id, viewToken: 'tok123' })
  })
  it('returns null for anything else', () => {
    for (const bad of ['', 'https://example.org/', 'https://example.org/b/', 'https://x/b/../../etc', 'not a link at all', '/c/' + id]) {
      expect(parseBoardLink(bad)).toBeNull()
    }
  })
})
