import { describe, expect, it } from 'vitest'
import { createTLStore, defaultBindingUtils, defaultShapeUtils, createShapeId } from 'tldraw'
import { boardToPlan, templateToShapes } from '@circleboard/templates'
import { iconLayout, wrapLabel } from './iconLayout'
import { customShapeUtils } from '../shapes'

describe('a pictogram label', () => {
  it('wraps, breaks over-long words and stops at three lines', () => {
    expect(wrapLabel('Bus driver who chats', 10)).toEqual(['Bus driver', 'who chats'])
    expect(wrapLabel('Supercalifragilistic', 8)).toEqual(['Supercal', 'ifragili', 'stic'])
    expect(wrapLabel('one two three four five six seven', 5)).toHaveLength(3)
    expect(wrapLabel('one two three four five six seven', 5)[2].endsWith('…')).toBe(true)
  })

  it('makes the shape taller only when there is a label', () => {
    expect(iconLayout(120, '').h).toBe(120)
    expect(iconLayout(120, 'Sam').h).toBeGreaterThan(120)
    expect(iconLayout(120, 'Sam and the bus driver from the number 12').h).toBeGreaterThan(iconLayout(120, 'Sam').h)
  })
})

describe('a pictogram on the board', () => {
  const newStore = () => createTLStore({ shapeUtils: [...defaultShapeUtils, ...customShapeUtils], bindingUtils: defaultBindingUtils })

  it('is a valid record, and counts as a plan item in its zone only when labelled', () => {
    const store = newStore()
    const zones = templateToShapes('path', { x: 0, y: 0, instanceId: 'p1', parentId: 'page:page' })
    const now = zones.find((z) => z.props.zoneId === 'now')!
    const cx = now.x + now.props.w / 2
    const cy = now.y + now.props.h / 2
    store.put([{ id: 'page:page', typeName: 'page', name: 'Page 1', index: 'a1', meta: {} } as never])
    store.put(zones as never[])
    const icon = (text: string) => ({
      id: createShapeId(), typeName: 'shape', type: 'cb-icon', parentId: 'page:page', index: 'a9', x: cx - 60, y: cy - 60,
      rotation: 0, isLocked: false, opacity: 1, meta: {}, props: { w: 120, h: 120, icon: 'bus', color: 'blue', text },
    })
    store.put([icon('The bus driver') as never, icon('') as never])
    const plan = boardToPlan(store.allRecords() as never[], { boardName: 'B', now: new Date('2027-01-12') })
    const section = plan.sections[0]
    expect(section.template).toBe('path')
    expect(JSON.stringify(section)).toContain('The bus driver')
    // The unlabelled one is a drawing, not an item.
    if (section.template === 'path') expect(section.now.items).toHaveLength(1)
  })

  it('refuses a record with a bad colour or missing props', () => {
    const store = newStore()
    store.put([{ id: 'page:page', typeName: 'page', name: 'Page 1', index: 'a1', meta: {} } as never])
    const bad = { id: createShapeId(), typeName: 'shape', type: 'cb-icon', parentId: 'page:page', index: 'a9', x: 0, y: 0, rotation: 0, isLocked: false, opacity: 1, meta: {}, props: { w: 120, h: 120, icon: 'bus', color: 'url(#x)', text: '' } }
    expect(() => store.put([bad as never])).toThrow(/color/)
    // The same record with a real colour goes in (so the failure above is the colour's).
    store.put([{ ...bad, props: { ...bad.props, color: 'red' } } as never])
    expect(store.get(bad.id as never)).toBeDefined()
  })
})
