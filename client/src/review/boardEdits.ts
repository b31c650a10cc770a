/**
 * What review mode does to the board: ordinary, undoable edits through the editor (so they sync to
 * everyone like any other): a status set the way the card's own badge and the plan panel set it
 * (setActionStatus), a dropped action taken off the board, a new action card put in its zone.
 */
import { createShapeId, type Editor, type TLShape, type TLShapeId } from 'tldraw'
import type { ActionStatus, Plan } from '@circleboard/shared'
import { zoneShapeId } from '@circleboard/templates'
import { freeSpotIn, setActionStatus } from '../plan/boardActions'
import { ACTION_CARD_SIZE } from '../shapes/ActionShapeUtil'
import { actionZoneChoices, newActionDueDate, zoneIdOfKey, type ActionZoneChoice } from './review'

/** Takes an action (card or sticky) off the board as one undo step; returns it so it can be put back. */
export function dropAction(editor: Editor, shapeId: string): TLShape | undefined {
  if (editor.getIsReadonly()) return undefined
  const shape = editor.getShape(shapeId as TLShapeId)
  if (!shape) return undefined
  editor.markHistoryStoppingPoint('drop action')
  // The facilitator decided: a sticky they locked earlier goes too.
  editor.run(() => editor.deleteShape(shape.id), { ignoreShapeLock: true })
  return editor.getShape(shape.id) ? undefined : shape
}

/** Puts a dropped action back as it was (same id, place and text), one undo step. False if it is there already. */
export function putBack(editor: Editor, shape: TLShape): boolean {
  if (editor.getIsReadonly() || editor.getShape(shape.id)) return false
  // Its parent (a page, a frame) may have gone meanwhile: then it goes on the current page.
  const parentOk = !!editor.store.get(shape.parentId as never)
  editor.markHistoryStoppingPoint('put action back')
  editor.run(() => editor.createShape({ ...shape, ...(parentOk ? {} : { parentId: editor.getCurrentPageId() }) } as never), { ignoreShapeLock: true })
  return !!editor.getShape(shape.id)
}

/** Sets an action's status on the board, as its card or the plan panel would. */
export function setStatus(editor: Editor, shapeId: string, status: ActionStatus): boolean {
  return setActionStatus(editor, shapeId, status)
}

/** A free place for an action card inside a zone (boardActions' freeSpotIn, at a card's size). */
export function cardSpotIn(editor: Editor, zoneId: TLShapeId): { x: number; y: number; w: number; h: number } | undefined {
  const spot = freeSpotIn(editor, zoneId, ACTION_CARD_SIZE)
  return spot && { x: spot.x, y: spot.y, w: Math.round(spot.w), h: Math.round(spot.h) }
}

export interface NewAction {
  what: string
  who: string
  when: string
  status?: ActionStatus
  /** The date it is due, when known already (an action put back from the saved version). */
  dueDate?: string
}

/**
 * Puts an action card into a template zone (one undo step) and returns its id. A relative "by
 * when" is pinned to the date it means counted from `today` (the card's meta.dueDate, which the
 * plan reads while the words stay the same), since the board's other dates count from the session.
 */
export function addActionCard(editor: Editor, instanceId: string, zoneId: string, action: NewAction, today: string): TLShapeId | undefined {
  if (editor.getIsReadonly()) return undefined
  const zid = zoneShapeId(instanceId, zoneId) as TLShapeId
  const zone = editor.getShape(zid)
  if (!zone || zone.type !== 'cb-zone') return undefined
  const pageId = editor.getAncestorPageId(zone)
  if (pageId && pageId !== editor.getCurrentPageId()) editor.setCurrentPage(pageId)
  const spot = cardSpotIn(editor, zid)
  if (!spot) return undefined
  const id = createShapeId()
  const due = action.dueDate ?? newActionDueDate(action.when, today)
  editor.markHistoryStoppingPoint('add action')
  editor.createShape({
    id,
    type: 'cb-action',
    x: spot.x,
    y: spot.y,
    props: { w: spot.w, h: spot.h, what: action.what, who: action.who, when: action.when, status: action.status ?? 'todo' },
    ...(due ? { meta: { dueDate: due, dueFor: action.when } } : {}),
  } as never)
  return editor.getShape(id) ? id : undefined
}

function actionZone(editor: Editor, instanceId: string, zoneId: string) {
  const z = editor.getShape(zoneShapeId(instanceId, zoneId) as TLShapeId)
  return z && z.type === 'cb-zone' && (z.props as { kind?: string }).kind === 'actions' ? z : undefined
}

/**
 * The action zones a new action can go into: the plan's own headings for the templates review.ts
 * knows ("PATH — First step", "7 Keys — Money: next steps"), and any other zone of kind `actions`
 * on the board (a template added later) under its label, section by section in plan order.
 */
export function boardActionZones(editor: Editor, live: Plan): ActionZoneChoice[] {
  const known = actionZoneChoices(live)
  const zones = editor.store
    .allRecords()
    .filter((r): r is TLShape => r.typeName === 'shape' && r.type === 'cb-zone' && (r.props as { kind?: string }).kind === 'actions')
    .sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0))
  const out: ActionZoneChoice[] = []
  const seen = new Set<string>()
  for (const s of live.sections) {
    if (seen.has(s.instanceId)) continue
    seen.add(s.instanceId)
    const mine = known.filter((c) => c.instanceId === s.instanceId)
    for (const c of mine) if (actionZone(editor, c.instanceId, c.zoneId)) out.push(c)
    const title = mine[0]?.label.split(' — ')[0] ?? s.title
    for (const z of zones) {
      const p = z.props as { instanceId?: string; zoneId?: string; label?: string }
      if (p.instanceId !== s.instanceId || !p.zoneId || mine.some((c) => c.zoneId === p.zoneId)) continue
      out.push({ instanceId: s.instanceId, zoneId: p.zoneId, label: `${title} — ${(p.label ?? '').trim() || p.zoneId}` })
    }
  }
  return out
}

/**
 * The zone on the board an action of the saved plan was in (to put it back there): from its
 * comparison key (`actions.firstStep` → `firstStep`…), else the key itself or its last part, for
 * templates added after review.ts was written. Undefined when no such actions zone is on the board.
 */
export function zoneForKey(editor: Editor, instanceId: string, zoneKey: string): string | undefined {
  const parts = zoneKey.split('.')
  const candidates = [zoneIdOfKey(zoneKey), zoneKey, parts[parts.length - 1], parts.slice(1).join('.')]
  return candidates.find((c): c is string => !!c && !!actionZone(editor, instanceId, c))
}
