/**
 * The facilitator's lock, on this device. The relay enforces it (it undoes a participant's write
 * to a locked shape and says so); this guard keeps an honest participant from making such a change
 * in the first place, so nothing jumps back, and tells them why.
 *
 * Only this person's own gestures are guarded (source `user`): remote changes always go through,
 * or this device's store would drift from the board everyone else has.
 */
import type { Editor, TLShape, TLShapeId } from 'tldraw'
import type { FacilitationState, Role } from '@circleboard/shared'

export const LOCKED_MESSAGE = 'Locked by the facilitator'
export const ZONE_TYPE = 'cb-zone'
/** Meta key with the id of the person who created a shape on their device. */
export const META_CREATED_BY = 'createdBy'

type Lock = FacilitationState['lock']

export function isLockedForParticipants(shape: Pick<TLShape, 'id' | 'type'>, lock: Lock): boolean {
  return (lock.zones && shape.type === ZONE_TYPE) || lock.ids.includes(shape.id)
}

/** Whether this person may make a change to (or delete) `shape` by their own hand. */
export function mayChange(shape: Pick<TLShape, 'id' | 'type'>, role: Role, lock: Lock, source: 'user' | 'remote'): boolean {
  if (source === 'remote' || role === 'facilitator') return true
  return !isLockedForParticipants(shape, lock)
}

/** The shapes a facilitator means by "what I drew": created on a device of theirs, on any page. */
export function shapesCreatedBy(shapes: Iterable<TLShape>, userId: string, limit: number): TLShapeId[] {
  const ids: TLShapeId[] = []
  for (const s of shapes) {
    if (ids.length >= limit) break
    if (s.type !== ZONE_TYPE && (s.meta as Record<string, unknown>)[META_CREATED_BY] === userId) ids.push(s.id)
  }
  return ids
}

/**
 * Installs the guard and the `createdBy` stamp. `get` reads the live role and lock; `onRefused`
 * tells the person. Returns the uninstaller.
 */
export function installLockGuard(
  editor: Editor,
  opts: { userId: string; get(): { role: Role; lock: Lock }; onRefused(): void }
): () => void {
  const offCreate = editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
    if (source !== 'user') return shape
    return { ...shape, meta: { ...shape.meta, [META_CREATED_BY]: opts.userId } }
  })
  const offChange = editor.sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) => {
    const { role, lock } = opts.get()
    if (mayChange(prev, role, lock, source)) return next
    opts.onRefused()
    return prev
  })
  const offDelete = editor.sideEffects.registerBeforeDeleteHandler('shape', (shape, source) => {
    const { role, lock } = opts.get()
    if (mayChange(shape, role, lock, source)) return
    opts.onRefused()
    return false
  })
  return () => {
    offCreate()
    offChange()
    offDelete()
  }
}
