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

  it('takes sizes (bytes), refusing without taking when not enough is left', () => {
    let now = 0
    const b = new TokenBucket(100, 1000, () => now)
    expect(b.take(600)).toBe(true)
    expect(b.take(600)).toBe(false)
    expect(b.take(400)).toBe(true)
    now += 1000
    expect(b.take(101)).toBe(false)
    expect(b.take(100)).toBe(true)
  })
})
