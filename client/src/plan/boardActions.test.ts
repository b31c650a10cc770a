// @vitest-environment jsdom
/**
 * The plan tools against a real (headless) tldraw Editor whose store is bound to a Y.Doc, as in
 * the app: inserting templates, renaming a locked zone, the session/review dates (and that they
 * reach another person's editor), importing a plan beside what is there.
 */
import {
  defaultAddFontsFromNode,
  defaultBindingUtils,
  defaultShapeTools,
  defaultShapeUtils,
  defaultTools,
  Box,
  Editor,
  createTLStore,
  tipTapDefaultExtensions,
} from 'tldraw'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { boardToPlan, jPathBoardRecords } from '@circleboard/templates'
import { customShapeUtils } from '../shapes'
import { stubMatchMedia } from '../sync/testkit'
import { bindStoreToDoc } from '../sync/binding'
import { currentPlan, importPlanIntoBoard, insertTemplate, readPlanDates, renameZone, setPlanDates } from './boardActions'

beforeAll(stubMatchMedia)

const editors: Editor[] = []
afterEach(() => {
  for (const e of editors.splice(0)) e.dispose()
})

const shapeUtils = [...defaultShapeUtils, ...customShapeUtils]

function newEditor(doc = new Y.Doc()) {
  const store = createTLStore({ shapeUtils, bindingUtils: defaultBindingUtils })
  const binding = bindStoreToDoc(store, doc)
  const elm = document.createElement('div')
  document.body.appendChild(elm)
  const editor = new Editor({
    store,
    shapeUtils,
    bindingUtils: defaultBindingUtils,
    tools: [...defaultTools, ...defaultShapeTools],
    getContainer: () => elm,
    initialState: 'select',
    textOptions: { addFontsFromNode: defaultAddFontsFromNode, tipTapConfig: { extensions: tipTapDefaultExtensions } },
  })
  editor.updateViewportScreenBounds(new Box(0, 0, 1200, 800))
  editors.push(editor)
  return { editor, doc, binding }
}

function exchange(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

function templateBounds(editor: Editor, instanceId: string) {
  const boxes = editor
    .getCurrentPageShapes()
    .filter((s) => s.type === 'cb-zone' && (s.props as { instanceId: string }).instanceId === instanceId)
    .map((s) => editor.getShapePageBounds(s.id)!)
  return boxes.reduce((u, b) => u.union(b), boxes[0].clone())
}

describe('insertTemplate', () => {
  it('two templates: locked zones, separate instances side by side, each its own plan section', () => {
    const { editor } = newEditor()
    const first = insertTemplate(editor, 'path')
    const second = insertTemplate(editor, 'silos', { options: { count: 4 }, labels: { silo1: 'GP surgery' } })
    expect(first).not.toBe(second)
    const zones = editor.getCurrentPageShapes().filter((s) => s.type === 'cb-zone')
    expect(zones.every((z) => z.isLocked)).toBe(true)
    expect(templateBounds(editor, second).collides(templateBounds(editor, first))).toBe(false)
    expect(templateBounds(editor, second).x).toBeGreaterThan(templateBounds(editor, first).maxX)

    const plan = currentPlan(editor, 'Two')
    expect(plan.sections.map((s) => [s.template, s.instanceId])).toEqual([
      ['path', first],
      ['silos', second],
    ])
    const silos = plan.sections[1]
    expect(silos.template === 'silos' && silos.silos.map((s) => s.name)).toEqual(['GP surgery', 'Social care', 'Housing', 'Benefits'])
  })

  it('the first template is centred in the view; one undo takes it away', () => {
    const { editor } = newEditor()
    const view = editor.getViewportPageBounds().center.clone()
    const id = insertTemplate(editor, '7keys')
    expect(templateBounds(editor, id).center.dist(view)).toBeLessThan(2)
    editor.undo()
    expect(editor.getCurrentPageShapes()).toHaveLength(0)
  })
})

describe('renameZone', () => {
  it('renames a locked silo; the plan follows', () => {
    const { editor } = newEditor()
    const id = insertTemplate(editor, 'silos', { options: { count: 4 } })
    expect(renameZone(editor, id, 'silo3', '  Council housing ')).toBe(true)
    const s = currentPlan(editor, '').sections[0]
    expect(s.template === 'silos' && s.silos[2].name).toBe('Council housing')
    expect(renameZone(editor, id, 'nope', 'x')).toBe(false)
  })
})

describe('session and review dates', () => {
  it('are stored in the document meta, reach another editor through the doc, and clear', () => {
    const a = newEditor()
    const b = newEditor()
    exchange(a.doc, b.doc)
    setPlanDates(a.editor, { sessionDate: '2027-01-12', reviewDate: 'not a date' })
    a.binding.flush()
    exchange(a.doc, b.doc)
    expect(readPlanDates(b.editor)).toEqual({ sessionDate: '2027-01-12', reviewDate: undefined })
    setPlanDates(b.editor, { reviewDate: '2027-04-13' })
    b.binding.flush()
    exchange(a.doc, b.doc)
    expect(readPlanDates(a.editor)).toEqual({ sessionDate: '2027-01-12', reviewDate: '2027-04-13' })
    expect(currentPlan(a.editor, 'x')).toMatchObject({ sessionDate: '2027-01-12', reviewDate: '2027-04-13' })
    setPlanDates(a.editor, { sessionDate: '' })
    expect(readPlanDates(a.editor).sessionDate).toBeUndefined()
  })
})

describe('importPlanIntoBoard', () => {
  it("puts J's PATH beside an existing template, with fresh ids, and the plan reads back the same", () => {
    const { editor } = newEditor()
    const existing = insertTemplate(editor, 'silos')
    const plan = boardToPlan(jPathBoardRecords(), { now: new Date('2027-01-20T12:00:00Z') })
    const result = importPlanIntoBoard(editor, plan)
    expect(result.dropped).toBe(0)
    expect(result.warnings).toEqual([])

    const after = currentPlan(editor, "J's PATH")
    expect(after.sections.map((s) => s.template).sort()).toEqual(['path', 'silos'])
    const imported = after.sections.find((s) => s.template === 'path')!
    expect(imported.instanceId).not.toBe(plan.sections[0].instanceId)
    const strip = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'shapeId' || k === 'instanceId' ? undefined : x)))
    expect(strip(imported)).toEqual(strip(plan.sections[0]))
    // Dates came with the plan because the board had none.
    expect(readPlanDates(editor)).toEqual({ sessionDate: plan.sessionDate, reviewDate: plan.reviewDate })
    // Beside, not on top.
    expect(templateBounds(editor, imported.instanceId).collides(templateBounds(editor, existing))).toBe(false)
  })

  it('refuses a 50,000-item plan with a clear message and leaves the board and undo stack as they were (audit F14)', () => {
    const { editor } = newEditor()
    insertTemplate(editor, 'silos')
    const before = editor.store.allRecords().length
    const plan = boardToPlan(jPathBoardRecords(), { now: new Date('2027-01-20T12:00:00Z') })
    const path = plan.sections[0]
    if (path.template !== 'path') throw new Error('expected PATH')
    for (const list of [path.gettingStronger, path.dream.items, path.goal.items, path.now.items])
      for (let i = 0; i < 10_000; i++) list.push({ text: `Item ${i}` })
    plan.elsewhere = Array.from({ length: 10_000 }, (_, i) => ({ text: `Stray ${i}` }))
    expect(() => importPlanIntoBoard(editor, plan)).toThrow(/items; Circleboard imports at most 5,000 at once/)
    expect(editor.store.allRecords().length).toBe(before)
    editor.undo()
    expect(editor.getCurrentPageShapes()).toHaveLength(0)
  })
})
