/**
 * Dot voting on the client: what can be voted on, this person's dots kept on the device, and the
 * place of a dot on a note. The relay holds everyone's dots and sends counts only at the reveal
 * (shared/src/facilitation.ts); here nothing is counted.
 */
import type { Editor, TLShape, VecLike } from 'tldraw'
import type { VoteScope, VoteState } from '@circleboard/shared'

/** Shapes people put dots on: sticky notes, text, action cards. */
export const VOTABLE_TYPES: ReadonlySet<string> = new Set(['note', 'text', 'cb-action'])

function centre(editor: Editor, shape: TLShape): VecLike | null {
  const b = editor.getShapePageBounds(shape.id)
  return b ? b.center : null
}

function zonesOf(editor: Editor, scope: VoteScope): TLShape[] {
  if (scope.kind === 'zone') {
    const z = editor.getShape(scope.zoneId as TLShape['id'])
    return z ? [z] : []
  }
  if (scope.kind === 'template') {
    return editor
      .getCurrentPageShapes()
      .filter((s) => s.type === 'cb-zone' && (s.props as { instanceId?: string }).instanceId === scope.instanceId)
  }
  return []
}

/** Whether a shape can take a dot in this vote: a note, text or action card inside the vote's scope. */
export function isVotable(editor: Editor, shape: TLShape | undefined, scope: VoteScope): boolean {
  if (!shape || !VOTABLE_TYPES.has(shape.type)) return false
  if (scope.kind === 'board') return true
  const c = centre(editor, shape)
  if (!c) return false
  return zonesOf(editor, scope).some((z) => editor.isPointInShape(z, c, { hitInside: true }))
}

/** The votable shape under a page point (the topmost), if any. */
export function votableAt(editor: Editor, point: VecLike, scope: VoteScope): TLShape | undefined {
  return editor.getShapeAtPoint(point, { hitInside: true, margin: 0, filter: (s) => isVotable(editor, s, scope) })
}

/** Where a dot (or a count) sits on a shape: its top-right corner, page coordinates. */
export function dotAnchor(editor: Editor, shapeId: string): { x: number; y: number; size: number } | null {
  const b = editor.getShapePageBounds(shapeId as TLShape['id'])
  if (!b) return null
  const size = Math.max(34, Math.min(60, Math.min(b.w, b.h) * 0.22))
  return { x: b.maxX - size * 0.35, y: b.minY + size * 0.35, size }
}

/** "2 of 3 dots left" */
export function dotsLeftText(vote: VoteState, mine: number): string {
  const left = Math.max(0, vote.dots - mine)
  return `${left} of ${vote.dots} ${vote.dots === 1 ? 'dot' : 'dots'} left`
}

/** One vote in words for the facilitator's controls and the status strip. */
export function describeScope(scope: VoteScope, names: { template(instanceId: string): string; zone(shapeId: string): string }): string {
  if (scope.kind === 'board') return 'the whole board'
  if (scope.kind === 'template') return names.template(scope.instanceId)
  return names.zone(scope.zoneId)
}

// --- this person's dots, kept on the device --------------------------------------------------

const dotsKey = (boardKey: string, voteId: string) => `circleboard.dots.${boardKey}.${voteId}`

/** The dots this device last chose in a vote (null: none chosen here). */
export function loadDots(boardKey: string, voteId: string): string[] | null {
  try {
    const raw = localStorage.getItem(dotsKey(boardKey, voteId))
    if (!raw) return null
    const v = JSON.parse(raw) as unknown
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.slice(0, 20) : null
  } catch {
    return null
  }
}

export function saveDots(boardKey: string, voteId: string, ids: string[]): void {
  try {
    localStorage.setItem(dotsKey(boardKey, voteId), JSON.stringify(ids))
    // Old votes of this board: keep only the latest few.
    const prefix = `circleboard.dots.${boardKey}.`
    const keys = Object.keys(localStorage).filter((k) => k.startsWith(prefix) && k !== dotsKey(boardKey, voteId))
    for (const k of keys.slice(0, Math.max(0, keys.length - 4))) localStorage.removeItem(k)
  } catch {
    // storage full or blocked: the dots still go to the relay while connected
  }
}

/** A new vote id (short, URL-safe). */
export function newVoteId(): string {
  return `v${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`
}
