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
import { createShapeId, toRichText, type TLShapeId } from 'tldraw'
import { richTextToPlain } from '@circleboard/shared'
import { zoneShapeId } from '@circleboard/templates'
import {
  addNoteInZone,
  currentPlan,
  cycleActionStatus,
  importPlanIntoBoard,
  insertTemplate,
  readBoardParticipants,
  readPlanDates,
  renameZone,
  richTextWithStatus,
  setParticipants,
  setPlanDates,
  splitNames,
} from './boardActions'

beforeAll(stubMatchMedia)

const editors: Editor[] = []
afterEach(() => {
  for (const e of editors.splice(0)) e.dispose()
})

const shapeUtils = [...defaultShapeUtils, ...customShapeUtils]

function newEditor(doc = new Y.Doc()) {
  const store = createTLStore({ shapeUtils, bindingUtils: defaultBindingUtils })
  const binding = bindStoreToDoc(store, doc, { newBoard: true })
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
    const plan = { ...boardToPlan(jPathBoardRecords(), { now: new Date('2027-01-20T12:00:00Z') }), participants: ['J', 'Mo'] }
    const result = importPlanIntoBoard(editor, plan)
    expect(readBoardParticipants(editor)).toEqual(['J', 'Mo'])
    expect(result.dropped).toBe(0)
    expect(result.warnings).toEqual([])

    const after = currentPlan(editor, "J's PATH")
    expect(after.sections.map((s) => s.template).sort()).toEqual(['path', 'silos'])
    const imported = after.sections.find((s) => s.template === 'path')!
    expect(imported.instanceId).not.toBe(plan.sections[0].instanceId)
    const strip = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'shapeId' || k === 'instanceId' ? undefined : x)))
    expect(strip(imported)).toEqual(strip(plan.sections[0]))
    expect(after.participants).toEqual(['J', 'Mo'])
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

/** A note centred in a template zone. */
function noteIn(editor: Editor, instanceId: string, zoneId: string, text: string): TLShapeId {
  const b = editor.getShapePageBounds(zoneShapeId(instanceId, zoneId) as TLShapeId)!
  const id = createShapeId()
  editor.createShape({ id, type: 'note', x: b.center.x - 100, y: b.center.y - 100, props: { richText: toRichText(text) } })
  return id
}

const firstStep = (editor: Editor) => {
  const s = currentPlan(editor, '').sections[0]
  if (s.template !== 'path') throw new Error('expected PATH')
  return s.actions.firstStep
}

describe('action status in one click', () => {
  it('cycles a sticky action to do → doing → done → to do by rewriting only its marker', () => {
    const { editor } = newEditor()
    const inst = insertTemplate(editor, 'path')
    const id = noteIn(editor, inst, 'firstStep', 'Call the café owner @Liz by 12 Jan')
    const text = () => richTextToPlain((editor.getShape(id)!.props as { richText: unknown }).richText)
    expect(firstStep(editor)[0]).toMatchObject({ what: 'Call the café owner', who: 'Liz', status: 'todo' })
    expect(cycleActionStatus(editor, id)).toBe('doing')
    expect(text()).toBe('Call the café owner @Liz by 12 Jan (doing)')
    expect(firstStep(editor)[0]).toMatchObject({ what: 'Call the café owner', who: 'Liz', when: '12 Jan', status: 'doing' })
    expect(cycleActionStatus(editor, id)).toBe('done')
    expect(text()).toBe('Call the café owner @Liz by 12 Jan (done)')
    expect(cycleActionStatus(editor, id)).toBe('todo')
    expect(text()).toBe('Call the café owner @Liz by 12 Jan')
    // Each click is its own undo step.
    editor.undo()
    expect(text()).toBe('Call the café owner @Liz by 12 Jan (done)')
  })

  it('replaces a marker written by hand, and keeps formatting elsewhere', () => {
    const doc = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: '✓ Ring ' }, { type: 'text', text: 'Sam', marks: [{ type: 'bold' }] }] },
        { type: 'paragraph', content: [{ type: 'text', text: '[x]' }] },
      ],
    }
    const out = richTextWithStatus(doc, 'doing')
    expect(richTextToPlain(out)).toBe('Ring Sam (doing)')
    expect(JSON.stringify(out)).toContain('"marks":[{"type":"bold"}]')
    expect(richTextToPlain(richTextWithStatus({ type: 'doc', content: [] }, 'done'))).toBe('(done)')
  })

  it('cycles an action card through its status field', () => {
    const { editor } = newEditor()
    const inst = insertTemplate(editor, 'path')
    const b = editor.getShapePageBounds(zoneShapeId(inst, 'oneMonth') as TLShapeId)!
    const id = createShapeId()
    editor.createShape({ id, type: 'cb-action', x: b.center.x - 150, y: b.center.y - 85, props: { what: 'Visit the music shop', who: 'Mo', when: '31 Jan' } })
    expect(cycleActionStatus(editor, id)).toBe('doing')
    expect((editor.getShape(id)!.props as { status: string }).status).toBe('doing')
    const s = currentPlan(editor, '').sections[0]
    expect(s.template === 'path' && s.actions.oneMonth[0]).toMatchObject({ what: 'Visit the music shop', status: 'doing' })
  })
})

describe('add a note from the plan panel', () => {
  it('puts an empty note inside the chosen zone, clear of what is there, with the caret in it', () => {
    const { editor } = newEditor()
    const inst = insertTemplate(editor, 'path')
    noteIn(editor, inst, 'now', 'Lives at home')
    const a = addNoteInZone(editor, inst, 'now')!
    expect(editor.getEditingShapeId()).toBe(a)
    expect(editor.getPath()).toBe('select.editing_shape')
    const b = addNoteInZone(editor, inst, 'now')!
    const boxes = editor.getCurrentPageShapes().filter((s) => s.type === 'note').map((s) => editor.getShapePageBounds(s.id)!)
    expect(boxes).toHaveLength(3)
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(boxes[i].collides(boxes[j])).toBe(false)
    // Typed text lands in the Now section of the plan.
    for (const id of [a, b]) editor.updateShape({ id, type: 'note', props: { richText: toRichText(`written ${id === a ? 1 : 2}`) } })
    const s = currentPlan(editor, '').sections[0]
    expect(s.template === 'path' && s.now.items.map((i) => i.text)).toEqual(expect.arrayContaining(['Lives at home', 'written 1', 'written 2']))
  })

  it('fits a note into a band shorter than a note (7 Keys)', () => {
    const { editor } = newEditor()
    const inst = insertTemplate(editor, '7keys')
    addNoteInZone(editor, inst, 'money.working')
    const s = currentPlan(editor, '').sections[0]
    expect(s.template === '7keys' && s.keys.find((k) => k.key === 'money')!.working).toHaveLength(0) // empty notes are not items
    const note = editor.getCurrentPageShapes().find((x) => x.type === 'note')!
    editor.updateShape({ id: note.id, type: 'note', props: { richText: toRichText('Saves £5 a week') } })
    const after = currentPlan(editor, '').sections[0]
    expect(after.template === '7keys' && after.keys.find((k) => k.key === 'money')!.working.map((i) => i.text)).toEqual(['Saves £5 a week'])
    const band = editor.getShapePageBounds(zoneShapeId(inst, 'money.working') as TLShapeId)!
    expect(band.contains(editor.getShapePageBounds(note.id)!)).toBe(true)
  })
})

describe('the people who took part', () => {
  it('are kept in the document meta, cleaned, and reach the plan', () => {
    const { editor } = newEditor()
    setParticipants(editor, splitNames('J, Mo;  Sam ,, Mo\nLiz'))
    expect(readBoardParticipants(editor)).toEqual(['J', 'Mo', 'Sam', 'Liz'])
    expect(currentPlan(editor, '').participants).toEqual(['J', 'Mo', 'Sam', 'Liz'])
    setParticipants(editor, [])
    expect('participants' in (editor.getDocumentSettings().meta as object)).toBe(false)
  })
})
