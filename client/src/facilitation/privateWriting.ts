/**
 * Write privately, then reveal. While the facilitator's state says a round is `writing`, notes and
 * text this person creates are marked `meta.privateRound = <round>`; the binding keeps such records
 * out of the shared doc (sync/binding.ts, isLocalOnly), so nothing reaches the relay or anyone else.
 * They are kept on this device in IndexedDB (one entry per board) and put back on load. When the
 * round is revealed (now, or later: a device that was offline publishes when it next hears the
 * state), the marks are cleared in one store change, so the round's notes enter the doc together,
 * where they were written. A round ended without reveal stays private, on this device.
 */
import { del, get, set } from 'idb-keyval'
import { react, type Editor, type TLRecord, type TLShape } from 'tldraw'
import { META_PRIVATE, type FacilitationState } from '@circleboard/shared'
import type { FacilitationHandle } from './api'
import { privateNotesKey, rememberWritingRound, rememberedWritingRound } from './privateStore'

/** Shapes that can be written privately. */
export const PRIVATE_TYPES: ReadonlySet<string> = new Set(['note', 'text'])

export function privateRoundOf(record: { typeName: string; meta?: unknown }): string | null {
  if (record.typeName !== 'shape' || !record.meta || typeof record.meta !== 'object') return null
  const v = (record.meta as Record<string, unknown>)[META_PRIVATE]
  return typeof v === 'string' && v ? v : null
}

/** For the binding: records that stay on this device for now. */
export function isPrivateRecord(record: TLRecord): boolean {
  return privateRoundOf(record) !== null
}

export function isRoundRevealed(state: FacilitationState, round: string): boolean {
  return state.revealedRounds.includes(round) || (state.privateWriting?.round === round && state.privateWriting.status === 'revealed')
}


function privateShapes(editor: Editor): TLShape[] {
  return editor.store.allRecords().filter((r): r is TLShape => r.typeName === 'shape' && privateRoundOf(r) !== null)
}

function withoutPrivateMark(shape: TLShape): TLShape {
  const meta = { ...(shape.meta as Record<string, unknown>) }
  delete meta[META_PRIVATE]
  return { ...shape, meta } as TLShape
}

/** Removes the private mark from every note of revealed rounds, in one change. Returns how many. */
export function publishRevealed(editor: Editor, state: FacilitationState): number {
  const ready = privateShapes(editor).filter((s) => isRoundRevealed(state, privateRoundOf(s)!))
  if (ready.length === 0) return 0
  editor.run(
    () => {
      editor.store.put(ready.map(withoutPrivateMark))
    },
    { history: 'ignore', ignoreShapeLock: true }
  )
  return ready.length
}

export interface PrivateWritingOptions {
  editor: Editor
  handle: FacilitationHandle
  /** The board's room id: the IndexedDB entry is per board. */
  boardKey: string
}

/** Installs marking, keeping, restoring and publishing. Returns a function that undoes it. */
export function installPrivateWriting({ editor, handle, boardKey }: PrivateWritingOptions): () => void {
  let disposed = false
  let loaded = false

  // 1. Mark what this person creates while a round is on (not what arrives from elsewhere). Until
  //    the relay has spoken since the page opened, the round this device last heard of counts: a
  //    note written in the first seconds after a reload must not go to everyone.
  const writingRound = (): string | null => {
    const pw = handle.$state.get().privateWriting
    if (pw) return pw.status === 'writing' ? pw.round : null
    return handle.$live.get() ? null : rememberedWritingRound(boardKey)
  }
  /** Notes marked on the remembered round alone, before the relay spoke: checked when it does. */
  const markedFromMemory = new Map<TLShape['id'], string>()
  const unmark = editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
    if (source !== 'user' || !PRIVATE_TYPES.has(shape.type)) return shape
    if (handle.$role.get() === 'viewer') return shape
    const round = writingRound()
    if (!round) return shape
    if (!handle.$state.get().privateWriting) markedFromMemory.set(shape.id, round)
    return { ...shape, meta: { ...shape.meta, [META_PRIVATE]: round } }
  })
  // What the relay says is remembered for the next open. When it first speaks: a note marked on
  // the remembered round while that round had in fact ended (never revealed) was not written in
  // a round at all, and goes to the board like any note.
  const stopRemember = react('cb remember the private round', () => {
    if (!handle.$live.get()) return
    const state = handle.$state.get()
    const pw = state.privateWriting
    rememberWritingRound(boardKey, pw && pw.status === 'writing' ? pw.round : null)
    if (markedFromMemory.size === 0) return
    const unmarkNow = [...markedFromMemory].filter(([, round]) => !(pw?.round === round && pw.status === 'writing') && !isRoundRevealed(state, round))
    markedFromMemory.clear()
    queueMicrotask(() => {
      if (disposed) return
      const shapes = unmarkNow
        .map(([id]) => editor.getShape(id))
        .filter((s): s is TLShape => !!s && privateRoundOf(s) !== null)
      if (shapes.length === 0) return
      editor.run(() => editor.store.put(shapes.map((s) => withoutPrivateMark(s))), { history: 'ignore', ignoreShapeLock: true })
    })
  })

  // 2. Keep them on this device (a reload, a crash, a closed laptop lid before the reveal).
  let saveTimer: ReturnType<typeof setTimeout> | null = null
  const save = () => {
    saveTimer = null
    if (disposed || !loaded) return
    const shapes = privateShapes(editor)
    void (shapes.length ? set(privateNotesKey(boardKey), shapes) : del(privateNotesKey(boardKey))).catch((e) =>
      console.warn('[circleboard] could not keep private notes on this device', e)
    )
  }
  const scheduleSave = () => {
    if (saveTimer) return
    saveTimer = setTimeout(save, 300)
  }
  const unlisten = editor.store.listen(
    ({ changes }) => {
      const touched = [...Object.values(changes.added), ...Object.values(changes.removed), ...Object.values(changes.updated).flat()]
      if (touched.some((r) => privateRoundOf(r) !== null)) scheduleSave()
    },
    { scope: 'document' }
  )

  // 3. Put them back on load.
  void get(privateNotesKey(boardKey))
    .then((value: unknown) => {
      if (disposed) return
      const list = Array.isArray(value) ? (value as TLShape[]) : []
      const restore = list.filter(
        (s) => s && typeof s === 'object' && privateRoundOf(s) !== null && !editor.store.has(s.id) && editor.store.has(s.parentId as never)
      )
      if (restore.length) {
        try {
          editor.store.mergeRemoteChanges(() => editor.store.put(restore))
        } catch (e) {
          console.warn('[circleboard] could not restore private notes', e)
        }
      }
    })
    .catch((e) => console.warn('[circleboard] could not read private notes kept on this device', e))
    .finally(() => {
      loaded = true
      if (!disposed) {
        publishRevealed(editor, handle.$state.get())
        scheduleSave()
      }
    })

  // 4. Publish at the reveal (and whenever a revealed round's notes are found here).
  // (The state is read here; the store is changed just after, outside the reaction.)
  const stopReact = react('cb publish revealed private notes', () => {
    const state = handle.$state.get()
    queueMicrotask(() => {
      if (!disposed && loaded) publishRevealed(editor, state)
    })
  })

  return () => {
    if (saveTimer) clearTimeout(saveTimer)
    save()
    disposed = true
    unmark()
    stopRemember()
    unlisten()
    stopReact()
  }
}
