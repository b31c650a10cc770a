import { describe, expect, it } from 'vitest'
import { isExternalUrl } from './externalUrls'

describe('isExternalUrl', () => {
  it('treats any other host as external, and inline or relative addresses as our own', () => {
    for (const url of ['https://example.org/a.png', 'http://x', '//cdn.example/x.png', 'ftp://h/f', ' HTTPS://EXAMPLE.ORG']) {
      expect(isExternalUrl(url), url).toBe(true)
    }
    for (const url of ['', 'data:image/png;base64,AAAA', 'blob:http://localhost/1', 'asset:abc', '/assets/x.png', 'x.png', null, 42]) {
      expect(isExternalUrl(url), String(url)).toBe(false)
    }
  })
})
