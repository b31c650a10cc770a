// @vitest-environment jsdom
/**
 * Review edits against a real (headless) tldraw Editor bound to a Y.Doc, as in the app: a status
 * set on a card and on a sticky, an action dropped and put back (and undone), a new card placed in
 * its zone, a gone action re-made, and that all of it reaches another person's editor and the report.
 */
import { Box, Editor, createShapeId, createTLStore, defaultAddFontsFromNode, defaultBindingUtils, defaultShapeTools, defaultShapeUtils, defaultTools, tipTapDefaultExtensions, toRichText, type TLShapeId } from 'tldraw'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { zoneShapeId } from '@circleboard/templates'
import { customShapeUtils } from '../shapes'
import { stubMatchMedia } from '../sync/testkit'
import { bindStoreToDoc } from '../sync/binding'
import { currentPlan, insertTemplate } from '../plan/boardActions'
import { addActionCard, boardActionZones, dropAction, putBack, setStatus, zoneForKey } from './boardEdits'
import { reviewView } from './review'

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

const TODAY = '2027-04-13'

/** A PATH with two cards and a sticky in its action steps, written at the first session. */
function firstSession(editor: Editor) {
  const id = insertTemplate(editor, 'path')
  const call = addActionCard(editor, id, 'firstStep', { what: 'Call the café owner', who: 'Liz', when: '15 January 2027' }, '2027-01-12')!
  const visit = addActionCard(editor, id, 'oneMonth', { what: 'Visit the café with Sam', who: 'Sam', when: '15 February 2027' }, '2027-01-12')!
  const zone = editor.getShapePageBounds(zoneShapeId(id, 'threeMonths') as TLShapeId)!
  const quiz = createShapeId()
  editor.createShape({ id: quiz, type: 'note', x: zone.x + 40, y: zone.y + 200, props: { richText: toRichText('Join the pub quiz @Sam') } })
  return { id, call, visit, quiz }
}

function rowsOf(base: ReturnType<typeof currentPlan>, editor: Editor) {
  const v = reviewView(base, currentPlan(editor, 'x'), { today: TODAY, baseTitle: 'First session' })
  return { v, rows: v.sections[0].zones.flatMap((z) => z.rows), added: v.sections[0].added }
}

describe('review edits on the board', () => {
  it('new cards land inside their zone, clear of each other, and are read as actions there', () => {
    const { editor } = newEditor()
    const { id, call } = firstSession(editor)
    const second = addActionCard(editor, id, 'firstStep', { what: 'Ring the rugby club', who: 'Dad', when: 'Friday' }, TODAY)!
    const zone = editor.getShapePageBounds(zoneShapeId(id, 'firstStep') as TLShapeId)!
    const a = editor.getShapePageBounds(call)!
    const b = editor.getShapePageBounds(second)!
    expect(zone.contains(a) && zone.contains(b)).toBe(true)
    expect(a.collides(b)).toBe(false)
    const path = currentPlan(editor, 'x').sections[0]
    if (path.template !== 'path') throw new Error('expected PATH')
    // "Friday" counts from the review day (a Tuesday), not from the session.
    expect(path.actions.firstStep.map((x) => [x.what, x.who, x.dueDate])).toEqual([
      ['Call the café owner', 'Liz', '2027-01-15'],
      ['Ring the rugby club', 'Dad', '2027-04-16'],
    ])
    expect(addActionCard(editor, id, 'nope', { what: 'x', who: '', when: '' }, TODAY)).toBeUndefined()
  })

  it('done / doing / not started, dropped and put back: ordinary undoable edits that reach everyone', () => {
    const a = newEditor()
    const b = newEditor()
    const { call, visit, quiz } = firstSession(a.editor)
    const base = currentPlan(a.editor, 'x')

    expect(setStatus(a.editor, call, 'done')).toBe(true)
    expect(setStatus(a.editor, quiz, 'doing')).toBe(true)
    expect(a.editor.getShapeUtil('note').getText(a.editor.getShape(quiz)!)).toBe('Join the pub quiz @Sam (doing)')
    const kept = dropAction(a.editor, visit)!
    expect(kept.id).toBe(visit)
    let { rows, v } = rowsOf(base, a.editor)
    expect(rows.map((r) => [r.base!.what, r.state])).toEqual([
      ['Join the pub quiz', 'doing'],
      ['Visit the café with Sam', 'gone'],
      ['Call the café owner', 'done'],
    ])
    // Past its date (15 February) and not done: slipped, until dropped.
    expect(v.summary).toEqual({ done: 1, slipped: 0, newActions: 0, dropped: 1 })

    // The other person's board has the same (the store follows the doc).
    a.binding.flush()
    exchange(a.doc, b.doc)
    expect(rowsOf(base, b.editor).rows.map((r) => r.state)).toEqual(['doing', 'gone', 'done'])

    // Undo brings the dropped card back; put back (after a redo) does the same from the panel.
    a.editor.undo()
    expect(a.editor.getShape(visit)).toBeDefined()
    ;({ rows, v } = rowsOf(base, a.editor))
    expect(rows[1].state).toBe('todo')
    expect(v.summary.slipped).toBe(1)
    a.editor.redo()
    expect(a.editor.getShape(visit)).toBeUndefined()
    expect(putBack(a.editor, kept)).toBe(true)
    expect(putBack(a.editor, kept)).toBe(false)
    expect(rowsOf(base, a.editor).rows[1]).toMatchObject({ state: 'todo', slipped: true })
    const card = a.editor.getShape(visit)!
    expect(card.props).toMatchObject({ what: 'Visit the café with Sam', who: 'Sam' })
  })

  it('an action gone before the review comes back as a card matched to the saved one by its words', () => {
    const { editor } = newEditor()
    const { id, quiz } = firstSession(editor)
    const base = currentPlan(editor, 'x')
    editor.deleteShape(quiz)
    const gone = rowsOf(base, editor).rows.find((r) => r.state === 'gone')!
    expect(gone.base!.what).toBe('Join the pub quiz')
    const back = addActionCard(editor, id, 'threeMonths', { what: gone.base!.what, who: gone.base!.who, when: gone.base!.when, dueDate: gone.base!.dueDate, status: 'done' }, TODAY)!
    const { rows, v } = rowsOf(base, editor)
    expect(rows.find((r) => r.base!.what === 'Join the pub quiz')).toMatchObject({ state: 'done', now: expect.objectContaining({ shapeId: back }) })
    // The call and the visit are both past their dates, not done.
    expect(v.summary).toEqual({ done: 1, slipped: 2, newActions: 0, dropped: 0 })
  })

  it('offers the action zones on the board, also those of a template review.ts does not know, and finds them again by key', () => {
    const { editor } = newEditor()
    const path = insertTemplate(editor, 'path')
    const keys = insertTemplate(editor, '7keys')
    // A zone from a template added later: only its kind and label are known.
    const first = editor.getShape(zoneShapeId(path, 'firstStep') as TLShapeId)!
    editor.run(
      () =>
        editor.createShape({ ...first, id: zoneShapeId(path, 'sideProjects') as TLShapeId, x: first.x, y: first.y + 5000, props: { ...first.props, zoneId: 'sideProjects', label: 'Side projects' } } as never),
      { ignoreShapeLock: true },
    )
    const choices = boardActionZones(editor, currentPlan(editor, 'x')).map((c) => `${c.zoneId}: ${c.label}`)
    expect(choices.slice(0, 4)).toEqual(['firstStep: PATH — First step', 'oneMonth: PATH — Next month', 'threeMonths: PATH — Next few months', 'sideProjects: PATH — Side projects'])
    expect(choices).toContain('money.nextSteps: 7 Keys to Citizenship — Money: next steps')
    expect(choices).toHaveLength(4 + 7)
    expect(zoneForKey(editor, path, 'actions.oneMonth')).toBe('oneMonth')
    expect(zoneForKey(editor, keys, 'keys.money.nextSteps')).toBe('money.nextSteps')
    expect(zoneForKey(editor, path, 'sideProjects')).toBe('sideProjects')
    expect(zoneForKey(editor, path, 'zones.sideProjects.actions')).toBe('sideProjects')
    // Not an actions zone, or not on the board: nowhere to put it.
    expect(zoneForKey(editor, path, 'gettingStronger')).toBeUndefined()
    expect(zoneForKey(editor, 'gone', 'actions.firstStep')).toBeUndefined()
    const id = addActionCard(editor, path, 'sideProjects', { what: 'Paint the shed', who: 'J', when: '' }, TODAY)!
    expect(editor.getShapePageBounds(zoneShapeId(path, 'sideProjects') as TLShapeId)!.contains(editor.getShapePageBounds(id)!)).toBe(true)
  })

  it('a read-only board is not changed', () => {
    const { editor } = newEditor()
    const { id, call } = firstSession(editor)
    editor.updateInstanceState({ isReadonly: true })
    expect(setStatus(editor, call, 'done')).toBe(false)
    expect(dropAction(editor, call)).toBeUndefined()
    expect(addActionCard(editor, id, 'firstStep', { what: 'x', who: '', when: '' }, TODAY)).toBeUndefined()
    expect(editor.getShape(call)!.props).toMatchObject({ status: 'todo' })
  })
})
