import { describe, expect, it } from 'vitest'
import { newFacilitatorKey } from '@circleboard/shared'
import { readRecentBoards, type RecentBoard } from '../app/recentBoards'
import { chooseFacilitatorKey, facilitatorLink, linkKeyOf, withoutLinkKey } from './roles'
import { requestedRole } from '../board/session'

const room = 'AbCdEfGhIjKlMnOpQrStUv'
const key = newFacilitatorKey()
const mint = () => 'minted_key_minted_key_00'
const entry = (over: Partial<RecentBoard> = {}): RecentBoard => ({ roomId: room, name: 'x', lastOpened: 1, roles: 1, ...over })

describe('facilitator key choice', () => {
  it('a facilitator link makes this device a facilitator and keeps the key', () => {
    expect(chooseFacilitatorKey(key, undefined, mint)).toEqual({ key, source: 'link', save: true })
    expect(chooseFacilitatorKey(key, entry({ facilitatorKey: key }), mint)).toEqual({ key, source: 'link', save: false })
  })
  it('the plain board link on a device that keeps a key: facilitator', () => {
    expect(chooseFacilitatorKey(null, entry({ facilitatorKey: key }), mint)).toEqual({ key, source: 'stored', save: false })
  })
  it('a damaged key in the link is ignored', () => {
    expect(chooseFacilitatorKey('short', undefined, mint).key).toBeNull()
    expect(chooseFacilitatorKey('has space in it and is long enough', entry({ facilitatorKey: key }), mint).key).toBe(key)
  })
  it('a board opened here before roles existed claims with a new key; one opened since as a participant does not', () => {
    const legacy = { roomId: room, name: 'old', lastOpened: 1 }
    expect(chooseFacilitatorKey(null, legacy, mint)).toEqual({ key: mint(), source: 'legacy', save: true })
    expect(chooseFacilitatorKey(null, entry(), mint)).toEqual({ key: null, source: null, save: false })
    expect(chooseFacilitatorKey(null, undefined, mint)).toEqual({ key: null, source: null, save: false })
  })
  it('the role a link asks for', () => {
    expect(requestedRole('edit', key)).toBe('facilitator')
    expect(requestedRole('edit', null)).toBe('participant')
    expect(requestedRole('view', key)).toBe('viewer')
  })
})

describe('stored keys', () => {
  it('are validated on read: a malformed key is dropped, the board stays', () => {
    const list = readRecentBoards([
      { roomId: room, name: 'a', lastOpened: 2, facilitatorKey: 'x y', roles: 1 },
      { roomId: 'BbCdEfGhIjKlMnOpQrStUv', name: 'b', lastOpened: 1, facilitatorKey: key, roles: 7 },
      { roomId: 'bad', name: 'c', lastOpened: 3 },
    ])
    expect(list).toEqual([
      { roomId: room, name: 'a', lastOpened: 2, roles: 1 },
      { roomId: 'BbCdEfGhIjKlMnOpQrStUv', name: 'b', lastOpened: 1, facilitatorKey: key },
    ])
  })
})

describe('links', () => {
  it('the facilitator key comes out of the address bar, the rest stays', () => {
    expect(linkKeyOf(`?f=${key}&present`)).toBe(key)
    expect(withoutLinkKey(`https://h.example/b/${room}?f=${key}`)).toBe(`/b/${room}`)
    expect(withoutLinkKey(`https://h.example/b/${room}?f=${key}&present`)).toBe(`/b/${room}?present`)
    expect(withoutLinkKey(`https://h.example/b/${room}?present&f=${key}#x`)).toBe(`/b/${room}?present#x`)
    expect(facilitatorLink('https://h.example', room, key)).toBe(`https://h.example/b/${room}?f=${key}`)
  })
})
