import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type * as Y from 'yjs'
import { PREOPEN_KEEP_MS, preopenLocalDoc, takeLocalDoc } from './session'

// fake-indexeddb stands in for the browser's IndexedDB.
function watch(doc: Y.Doc) {
  const seen = { destroyed: false }
  doc.on('destroy', () => (seen.destroyed = true))
  return seen
}

describe('preopening the board in the address', () => {
  afterEach(() => vi.useRealTimers())

  it('hands the preopened doc to the page for the same board, once', () => {
    const pre = preopenLocalDoc('room-a', 'edit')
    const seen = watch(pre.doc)
    expect(takeLocalDoc('room-a', 'edit')).toBe(pre)
    const second = takeLocalDoc('room-a', 'edit')
    expect(second.doc).not.toBe(pre.doc)
    expect(seen.destroyed).toBe(false) // the page owns it now
  })

  it('closes it when another board, or the view link of the same room, asks', () => {
    const pre = preopenLocalDoc('room-a', 'edit')
    const seen = watch(pre.doc)
    const view = takeLocalDoc('room-a', 'view')
    expect(view.doc).not.toBe(pre.doc)
    expect(seen.destroyed).toBe(true)
    expect(takeLocalDoc('room-a', 'edit').doc).not.toBe(pre.doc)
  })

  it('preopening another board closes the first', () => {
    const a = preopenLocalDoc('room-a', 'edit')
    const seen = watch(a.doc)
    const b = preopenLocalDoc('room-b', 'edit')
    expect(seen.destroyed).toBe(true)
    expect(takeLocalDoc('room-b', 'edit')).toBe(b)
  })

  it('closes a copy nobody takes in time, so it does not hold the board open', () => {
    vi.useFakeTimers()
    const kept = preopenLocalDoc('room-c', 'edit')
    const keptSeen = watch(kept.doc)
    vi.advanceTimersByTime(PREOPEN_KEEP_MS - 1)
    expect(takeLocalDoc('room-c', 'edit')).toBe(kept)
    vi.advanceTimersByTime(PREOPEN_KEEP_MS * 2)
    expect(keptSeen.destroyed).toBe(false) // taken before the limit: not closed later either

    const dropped = preopenLocalDoc('room-d', 'edit')
    const seen = watch(dropped.doc)
    vi.advanceTimersByTime(PREOPEN_KEEP_MS + 1)
    expect(seen.destroyed).toBe(true)
    expect(takeLocalDoc('room-d', 'edit')).not.toBe(dropped)
  })
})
