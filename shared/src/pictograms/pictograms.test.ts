import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { PICTOGRAMS, pictogramById } from './catalog'
import { PICTOGRAM_DATA } from './data'
import { searchPictograms } from './search'
// @ts-expect-error a plain .mjs script without types
import { catalogNames, pictogramDataSource } from '../../../scripts/gen-pictograms.mjs'

describe('the pictogram catalogue', () => {
  it('has a drawing for every pictogram, unique ids, and every kind the issue asks for', () => {
    const ids = PICTOGRAMS.map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const p of PICTOGRAMS) expect(PICTOGRAM_DATA[p.tabler]?.paths.length, p.id).toBeGreaterThan(0)
    for (const wanted of ['person', 'two-people', 'group', 'house', 'heart', 'key', 'star', 'bus', 'car', 'cup', 'phone', 'money', 'school', 'hospital', 'shop', 'tree', 'sun', 'rain', 'ladder', 'bridge', 'door', 'chest', 'lightbulb', 'speech', 'calendar', 'clock']) {
      expect(pictogramById(wanted), wanted).toBeDefined()
    }
  })

  it('bundles exactly what the generator makes from the installed icon package', async () => {
    const file = path.resolve(__dirname, 'data.ts')
    expect(fs.readFileSync(file, 'utf8')).toBe(pictogramDataSource(await catalogNames()))
    expect((await catalogNames()).sort()).toEqual([...new Set(PICTOGRAMS.map((p) => p.tabler))].sort())
  })
})

describe('searching pictograms', () => {
  it('finds them by name and by what people call them', () => {
    expect(searchPictograms('home')[0].id).toBe('house')
    expect(searchPictograms('money')[0].id).toBe('money')
    expect(searchPictograms('tea').map((p) => p.id)).toContain('cup')
    expect(searchPictograms('CAFE')[0].id).toBe('cafe')
    expect(searchPictograms('Café')[0].id).toBe('cafe')
    expect(searchPictograms('lightbulb')[0].id).toBe('lightbulb')
    expect(searchPictograms('people').map((p) => p.id)).toContain('group')
  })

  it('lists everything for an empty search and nothing for nonsense', () => {
    expect(searchPictograms('  ')).toHaveLength(PICTOGRAMS.length)
    expect(searchPictograms('zzqx')).toEqual([])
    // A hostile, very long query is cut, not scanned in full.
    expect(searchPictograms('a'.repeat(100_000))).toEqual([])
  })
})

