/**
 * Boards made with the templates before the poster redesign (smaller zones, no text sizes, no
 * pictograms; cb-zone props version 0) must keep extracting exactly as they did: membership reads
 * each zone's own geometry from the board, never today's template definition. The fixture was
 * written by the old templates at commit 8437f52, with the plan the old code extracted from it.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseBoardFile } from '@circleboard/shared'
import { boardToPlan } from './extract'
import { planToShapes } from './import'

const dir = new URL('./fixtures/', import.meta.url)
const NOW = new Date('2027-01-20T12:00:00Z')

function legacyBoard() {
  const parsed = parseBoardFile(readFileSync(new URL('legacy-templates.circleboard', dir), 'utf8'))
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.file
}

describe('boards made with the earlier templates', () => {
  it('are the old shape: cb-zone props version 0, no text sizes or pictograms', () => {
    const file = legacyBoard()
    expect(file.schema.sequences?.['com.tldraw.shape.cb-zone']).toBe(0)
    const zone = file.records.find((r) => r.typeName === 'shape' && r.type === 'cb-zone') as unknown as { props: Record<string, unknown> }
    expect(zone.props).not.toHaveProperty('labelSize')
    expect(zone.props).not.toHaveProperty('decoration')
  })

  it('extract to the same plan as before', () => {
    const expected = JSON.parse(readFileSync(new URL('legacy-templates.plan.json', dir), 'utf8'))
    const plan = boardToPlan(legacyBoard().records, { now: NOW })
    expect({ ...plan, board: { ...plan.board, exportedAt: '' } }).toEqual(expected)
  })

  it('import back onto today’s templates without losing an item', () => {
    const plan = boardToPlan(legacyBoard().records, { now: NOW })
    const again = boardToPlan(planToShapes(plan), { now: NOW })
    const strip = (p: unknown) => JSON.parse(JSON.stringify(p, (k, v) => (k === 'shapeId' || k === 'exportedAt' ? undefined : v)))
    expect(strip(again)).toEqual(strip(plan))
  })
})
