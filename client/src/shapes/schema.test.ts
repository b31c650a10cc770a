/**
 * The contract between templates (plain JSON records, no tldraw runtime) and the real tldraw store:
 * the schema snapshot the CLI writes into files must equal the app's store schema, and every record
 * templates/ builds must pass tldraw's own validation (props, index keys, ids).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseBoardFile } from '@circleboard/shared'
import { createTLStore, defaultBindingUtils, defaultShapeUtils } from 'tldraw'
import type { SerializedSchema, SerializedStore, TLRecord } from 'tldraw'
import { CIRCLEBOARD_SCHEMA, LEGACY_LABEL_SIZE, LEGACY_PROMPT_SIZE, boardToPlan, jPathBoardRecords, newTemplateBoardRecords, planToShapes, templateToShapes, TEMPLATE_IDS } from '@circleboard/templates'
import { customShapeUtils } from './index'

function newStore() {
  return createTLStore({ shapeUtils: [...defaultShapeUtils, ...customShapeUtils], bindingUtils: defaultBindingUtils })
}

describe('store schema', () => {
  it('matches the snapshot in templates/src/schemaSnapshot.ts', () => {
    const actual = newStore().schema.serialize()
    // If this fails after a tldraw upgrade or a new shape migration, paste this value into the snapshot.
    expect(actual, JSON.stringify(actual, null, 2)).toEqual(CIRCLEBOARD_SCHEMA)
  })
})

describe('records built by templates/ validate in a real store', () => {
  it('every template, inserted above existing shapes', () => {
    const store = newStore()
    for (const id of TEMPLATE_IDS) {
      const records = newTemplateBoardRecords(id, { instanceId: `i-${id}` })
      store.put(records as unknown as TLRecord[])
    }
    // A second instance, starting above a jittered-looking key.
    store.put(templateToShapes('silos', { x: 9000, y: 0, instanceId: 'two', parentId: 'page:page', startIndex: 'a1V4x', options: { count: 3 } }) as unknown as TLRecord[])
    const shapes = store.allRecords().filter((r) => r.typeName === 'shape')
    expect(shapes.length).toBeGreaterThan(50)
  })

  it("J's PATH example and an imported plan (notes, action cards, arrows)", () => {
    const store = newStore()
    const records = jPathBoardRecords()
    store.put(records as unknown as TLRecord[])
    const plan = boardToPlan(store.allRecords(), { now: new Date('2027-01-20T12:00:00Z') })
    expect(plan.sections[0].template).toBe('path')
    const imported = newStore()
    imported.put(planToShapes(plan) as unknown as TLRecord[])
    const again = boardToPlan(imported.allRecords(), { now: new Date('2027-01-20T12:00:00Z') })
    const strip = (p: unknown) => JSON.parse(JSON.stringify(p, (k, v) => (k === 'shapeId' ? undefined : v)))
    expect(strip(again)).toEqual(strip(plan))
    expect(imported.allRecords().some((r) => r.typeName === 'shape' && r.type === 'cb-action')).toBe(true)
  })

  it('silos bridges become valid arrow shapes', () => {
    const plan = boardToPlan(newTemplateBoardRecords('silos'), { now: new Date('2027-01-20T12:00:00Z') })
    const section = plan.sections[0]
    if (section.template !== 'silos') throw new Error('expected silos')
    section.bridges.push({ from: 'Health', to: 'Housing', label: 'Shared assessment', fromZoneId: 'silo1', toZoneId: 'silo3' })
    const store = newStore()
    store.put(planToShapes(plan) as unknown as TLRecord[])
    const arrows = store.allRecords().filter((r) => r.typeName === 'shape' && r.type === 'arrow')
    expect(arrows).toHaveLength(1)
    const back = boardToPlan(store.allRecords(), { now: new Date('2027-01-20T12:00:00Z') }).sections[0]
    expect(back.template === 'silos' && back.bridges.map((b) => [b.from, b.to, b.label])).toEqual([['Health', 'Housing', 'Shared assessment']])
  })

  it('rejects a zone with a bad kind (validators are live)', () => {
    const store = newStore()
    const [zone] = templateToShapes('path', { x: 0, y: 0, instanceId: 'i', parentId: 'page:page' })
    expect(() => store.put([{ ...zone, props: { ...zone.props, kind: 'nope' } } as unknown as TLRecord])).toThrow()
  })
})

describe('zones of boards made before the poster templates (cb-zone props version 0)', () => {
  const text = readFileSync(new URL('../../../templates/src/fixtures/legacy-templates.circleboard', import.meta.url), 'utf8')
  const parsed = parseBoardFile(text)
  if (!parsed.ok) throw new Error(parsed.error)
  const file = parsed.file

  it('migrate to version 1 with the sizes they were drawn with and no pictogram, then validate', () => {
    const store = newStore()
    const snapshot = Object.fromEntries(file.records.map((r) => [r.id, r])) as unknown as SerializedStore<TLRecord>
    const migrated = store.schema.migrateStoreSnapshot({ store: snapshot, schema: file.schema as unknown as SerializedSchema })
    expect(migrated.type).toBe('success')
    if (migrated.type !== 'success') return
    store.put(Object.values(migrated.value) as TLRecord[])
    const zones = store.allRecords().filter((r) => r.typeName === 'shape' && r.type === 'cb-zone') as unknown as Array<{ props: Record<string, unknown> }>
    expect(zones.length).toBeGreaterThan(40)
    for (const z of zones) {
      expect(z.props).toMatchObject({ labelSize: LEGACY_LABEL_SIZE, promptSize: LEGACY_PROMPT_SIZE, decoration: 'none' })
    }
    // Geometry untouched, so the plan is what it was.
    const before = boardToPlan(file.records, { now: new Date('2027-01-20T12:00:00Z') })
    const after = boardToPlan(store.allRecords(), { now: new Date('2027-01-20T12:00:00Z') })
    const strip = (p: unknown) => JSON.parse(JSON.stringify(p, (k, v) => (k === 'exportedAt' ? undefined : v)))
    expect(strip(after)).toEqual(strip(before))
  })

  it('a version 0 zone without the new props fails validation unmigrated (the migration is what makes it valid)', () => {
    const store = newStore()
    const zone = file.records.find((r) => r.typeName === 'shape' && r.type === 'cb-zone')!
    expect(() => store.put([zone as unknown as TLRecord])).toThrow()
  })
})
