// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest'
import { forgetView, loadView, saveView } from './firstView'

describe('remembered views', () => {
  beforeEach(() => localStorage.clear())
  it('keeps one view per board', () => {
    saveView('a', { pageId: 'page:1', x: 1, y: 2, z: 0.5 })
    saveView('b', { pageId: 'page:1', x: 3, y: 4, z: 1 })
    expect(loadView('a')).toMatchObject({ pageId: 'page:1', x: 1, y: 2, z: 0.5 })
    forgetView('a')
    expect(loadView('a')).toBeNull()
    expect(loadView('b')).toMatchObject({ x: 3 })
  })
  it('ignores what it cannot trust', () => {
    localStorage.setItem('circleboard.views', JSON.stringify({ a: { pageId: 'page:1', x: 'no', y: 0, z: 1, t: 0 }, b: { pageId: 'p', x: 0, y: 0, z: -1, t: 0 } }))
    expect(loadView('a')).toBeNull()
    expect(loadView('b')).toBeNull()
    localStorage.setItem('circleboard.views', '{not json')
    expect(loadView('a')).toBeNull()
  })
  it('forgets the oldest beyond fifty boards', () => {
    for (let i = 0; i < 55; i++) saveView(`k${i}`, { pageId: 'p', x: i, y: 0, z: 1 })
    expect(Object.keys(JSON.parse(localStorage.getItem('circleboard.views')!))).toHaveLength(50)
  })
})
