/**
 * An action's status on the board (to do / doing / done): read from a card's field or a note's
 * text, and written back the way a person would write it. Apart from boardActions.ts so the action
 * card's toolbar (in the first load) does not bring the plan tools with it.
 */
import type { Editor, TLShapeId } from 'tldraw'
import { nextActionStatus, parseActionText, richTextToPlain, statusMarker, stripStatusMarkers } from '@circleboard/shared'
import type { ActionStatus } from '@circleboard/shared'

export type RichNode = { type?: string; text?: string; content?: RichNode[]; [k: string]: unknown }

/**
 * Writes a status into rich text the way a person would: every old marker taken out, then
 * ` (doing)` / ` (done)` after the last words (nothing for to do). The rest of the text and its
 * formatting stay as they were, so the plan reads the new status from the note like any other.
 */
export function richTextWithStatus(richText: unknown, status: ActionStatus): RichNode {
  const doc = structuredClone(richText ?? { type: 'doc', content: [] }) as RichNode
  const texts: RichNode[] = []
  const walk = (n: RichNode) => {
    if (typeof n.text === 'string') texts.push(n)
    for (const c of Array.isArray(n.content) ? n.content : []) if (c && typeof c === 'object') walk(c)
  }
  walk(doc)
  for (const t of texts) {
    const stripped = stripStatusMarkers(t.text!)
    // Where a marker came out, close the gap it leaves (`✓ Ring` → `Ring`, `Ring (done) now` → `Ring now`).
    t.text = stripped === t.text ? t.text : stripped.replace(/ {2,}/g, ' ').replace(texts[0] === t ? /^\s+/ : /^$/, '')
  }
  // Tiptap refuses empty text nodes.
  const last = [...texts].reverse().find((t) => t.text!.trim())
  for (const t of texts) if (t !== last) t.text = t.text || ''
  const marker = statusMarker(status)
  if (last) last.text = last.text!.replace(/\s+$/, '') + (marker ? ` ${marker}` : '')
  else if (marker) {
    if (!Array.isArray(doc.content)) doc.content = []
    doc.content.push({ type: 'paragraph', content: [{ type: 'text', text: marker }] })
  }
  const prune = (n: RichNode) => {
    if (Array.isArray(n.content)) {
      n.content = n.content.filter((c) => !(c && typeof c.text === 'string' && c.text === ''))
      n.content.forEach(prune)
    }
  }
  prune(doc)
  return doc
}

/** The status a shape's action has now: a card's own field, or what its text says. */
export function shapeActionStatus(editor: Editor, shapeId: string): ActionStatus | undefined {
  const shape = editor.getShape(shapeId as TLShapeId)
  if (!shape) return undefined
  const p = shape.props as Record<string, unknown>
  if (shape.type === 'cb-action') {
    const own = p.status === 'doing' || p.status === 'done' ? p.status : 'todo'
    // A card filled in a hurry ("Call Sam (done)" all in what) reads like sticky text.
    return own === 'todo' && !p.who && !p.when ? parseActionText(p.what).status : own
  }
  if (p.richText !== undefined) return parseActionText(richTextToPlain(p.richText)).status
  return undefined
}

/**
 * Sets an action's status on the board: a card's status field, or the marker in a note's (or any
 * labelled shape's) text. One undo step. False when the shape is gone or holds no text.
 */
export function setActionStatus(editor: Editor, shapeId: string, status: ActionStatus): boolean {
  if (editor.getIsReadonly()) return false
  const shape = editor.getShape(shapeId as TLShapeId)
  if (!shape) return false
  const p = shape.props as Record<string, unknown>
  editor.markHistoryStoppingPoint('action status')
  if (shape.type === 'cb-action') {
    const patch: Record<string, unknown> = { status }
    // Keep a hurried card's "what" free of an old marker that would contradict the field.
    if (typeof p.what === 'string' && stripStatusMarkers(p.what) !== p.what) patch.what = stripStatusMarkers(p.what).replace(/\s+/g, ' ').trim()
    editor.updateShape({ id: shape.id, type: shape.type, props: patch } as never)
    return true
  }
  if (p.richText === undefined) return false
  editor.updateShape({ id: shape.id, type: shape.type, props: { richText: richTextWithStatus(p.richText, status) } } as never)
  return true
}

/** One click: to do → doing → done → to do. Returns the new status. */
export function cycleActionStatus(editor: Editor, shapeId: string): ActionStatus | undefined {
  const now = shapeActionStatus(editor, shapeId)
  if (!now) return undefined
  const next = nextActionStatus(now)
  return setActionStatus(editor, shapeId, next) ? next : undefined
}

