import { describe, expect, it } from 'vitest'
import { TokenBucket } from './TokenBucket'

describe('TokenBucket', () => {
  it('allows the burst, then the refill rate', () => {
    let now = 0
    const b = new TokenBucket(10, 5, () => now)
    for (let i = 0; i < 5; i++) expect(b.take()).toBe(true)
    expect(b.take()).toBe(false)
    now += 100 // 10/s -> one token
    expect(b.take()).toBe(true)
    expect(b.take()).toBe(false)
    now += 10_000 // refills to the burst, not beyond
    for (let i = 0; i < 5; i++) expect(b.take()).toBe(true)
    expect(b.take()).toBe(false)
  })
})
