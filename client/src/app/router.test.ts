import { describe, expect, it } from 'vitest'
import { parseRoute } from './router'

describe('parseRoute', () => {
  it('routes home, boards and view links', () => {
    expect(parseRoute('/')).toEqual({ page: 'home' })
    expect(parseRoute('/b/AbCdEfGhIjKlMnOpQrStUv')).toEqual({ page: 'board', roomId: 'AbCdEfGhIjKlMnOpQrStUv' })
    expect(parseRoute('/v/abcdefghijklmnopqrstuvwxyz012345')).toEqual({
      page: 'view',
      token: 'abcdefghijklmnopqrstuvwxyz012345',
    })
  })
  it('sends malformed or traversal links to a clear error, never to a board', () => {
    for (const p of ['/b/..%2F..%2Fetc', '/b/a', '/b/%E0%A4%A', '/nope', '/b/AbCdEfGhIjKlMnOpQrStUv/extra']) {
      expect(parseRoute(p).page).toBe('bad-link')
    }
  })
})
