import { describe, expect, it } from 'vitest'
import type { TLRecord } from 'tldraw'
import { makeShape, newStore } from '../sync/testkit'
import { restoreDiff, sameValue } from './restore'

const store = newStore()
const documentTypes = store.scopedTypes.document as ReadonlySet<string>
const base = () => store.allRecords().filter((r) => documentTypes.has(r.typeName))

describe('restoreDiff', () => {
  it('puts what the version has and the board lacks or holds differently, removes the rest', () => {
    const a = makeShape(store, 'geo', { id: 'shape:a', x: 0 })
    const b = makeShape(store, 'geo', { id: 'shape:b', x: 10 })
    const c = makeShape(store, 'note', { id: 'shape:c' })
    const moved = { ...b, x: 500 }
    const current = [...base(), a, moved, c]
    const version = [...base(), a, b]
    const diff = restoreDiff(current, version, { documentTypes })
    expect(diff.puts.map((r) => r.id)).toEqual(['shape:b'])
    expect(diff.puts[0]).toMatchObject({ x: 10 })
    expect(diff.removes).toEqual(['shape:c'])
  })

  it('an identical board gives an empty diff', () => {
    const a = makeShape(store, 'geo', { id: 'shape:a' })
    expect(restoreDiff([...base(), a], [...base(), structuredClone(a)], { documentTypes })).toEqual({ puts: [], removes: [] })
  })

  it('never touches session records (camera, instance) on either side', () => {
    const session = store.allRecords().filter((r) => !documentTypes.has(r.typeName))
    expect(session.length).toBeGreaterThan(0)
    const diff = restoreDiff([...base(), ...session], base(), { documentTypes })
    expect(diff).toEqual({ puts: [], removes: [] })
    const diff2 = restoreDiff(base(), [...base(), ...session.map((r) => ({ ...r, meta: { x: 1 } }) as TLRecord)], { documentTypes })
    expect(diff2).toEqual({ puts: [], removes: [] })
  })

  it('restores a removed page before the shapes on it, parents before children', () => {
    const page = { ...base().find((r) => r.typeName === 'page')!, id: 'page:two', name: 'Two' } as TLRecord
    const frame = makeShape(store, 'frame', { id: 'shape:frame', parentId: 'page:two' })
    const inner = makeShape(store, 'geo', { id: 'shape:inner', parentId: 'shape:frame' })
    const diff = restoreDiff(base(), [...base(), inner, frame, page], { documentTypes })
    expect(diff.puts.map((r) => r.id)).toEqual(['page:two', 'shape:frame', 'shape:inner'])
  })

  it('keeps records the caller names (private notes), even when the version lacks them', () => {
    const mine = makeShape(store, 'note', { id: 'shape:private' })
    const diff = restoreDiff([...base(), mine], base(), { documentTypes, keep: (r) => r.id === 'shape:private' })
    expect(diff.removes).toEqual([])
  })

  it('never removes the document record', () => {
    const diff = restoreDiff(base(), base().filter((r) => r.typeName !== 'document'), { documentTypes })
    expect(diff.removes).toEqual([])
  })
})

describe('sameValue', () => {
  it('compares structure, ignoring undefined fields and key order', () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined })).toBe(true)
    expect(sameValue({ a: 1 }, { a: 2 })).toBe(false)
    expect(sameValue([1, 2], [2, 1])).toBe(false)
    expect(sameValue({ a: [] }, { a: {} })).toBe(false)
  })
})
