import 'fake-indexeddb/auto'
import { afterAll, describe, expect, it } from 'vitest'
import { readRecordById } from '@circleboard/shared'
import type { TLRecord, TLShape } from 'tldraw'
import { makeShape } from '../sync/testkit'
import { BoardSession, DOC_READ_TIMES, openLocalDoc } from './session'

// fake-indexeddb stands in for the browser's IndexedDB; no relay (the board is used alone).
const user = { id: 'u1', name: 'Ann', color: '#2b6cb0' }
const saved = { ...DOC_READ_TIMES }
// No canvas mounts here: the doc is read at the fallback, at once.
DOC_READ_TIMES.fallbackMs = 0
afterAll(() => Object.assign(DOC_READ_TIMES, saved))

const settle = () => new Promise((r) => setTimeout(r, 50))
const N1 = 'shape:n1' as TLShape['id']

/** What the editor does on mount: a document and a page to draw on (@internal in tldraw's types). */
function usable(session: BoardSession) {
  ;(session.store as unknown as { ensureStoreIsUsable(): void }).ensureStoreIsUsable()
}

async function visit(room: string) {
  const local = openLocalDoc(room, 'edit')
  const snapshot = await local.snapshot
  const session = new BoardSession({ key: room, mode: 'edit', user, relayUrl: null, local, snapshot })
  usable(session)
  return { local, snapshot, session }
}

describe('opening a board on its picture', () => {
  it('shows the picture before the doc is read, and an edit made on it reaches the doc', async () => {
    // First visit: no picture; the board gets two notes.
    const first = await visit('room-pic')
    expect(first.snapshot).toBeNull()
    expect(first.session.shown).toBe(false)
    await first.session.start()
    await settle() // the picture's saver loads (import())
    first.session.store.put([makeShape(first.session.store, 'note', { id: N1, x: 10 }), makeShape(first.session.store, 'note', { id: 'shape:n2', x: 20 })])
    first.session.destroy() // the picture is taken as the board closes
    await settle()

    // Second visit: the canvas can show at once, before the doc is read.
    const second = await visit('room-pic')
    expect(second.snapshot).not.toBeNull()
    expect(second.local.idb).toBeNull() // the doc is not being read yet
    expect(second.session.shown).toBe(true)
    expect(second.session.store.get(N1)).toMatchObject({ x: 10 })
    // someone moves a note before the doc is bound
    second.session.store.put([{ ...second.session.store.get(N1)!, x: 777 } as TLRecord])
    await second.session.start()
    await settle()
    expect(readRecordById(second.session.doc, N1)).toMatchObject({ x: 777 })
    second.session.store.remove(['shape:n2' as TLShape['id']])
    second.session.destroy()
    await settle()

    // Third visit, from the doc alone (the picture ignored): both changes are in the board itself.
    const local = openLocalDoc('room-pic', 'edit')
    await local.snapshot
    local.openDoc()
    const third = new BoardSession({ key: 'room-pic', mode: 'edit', user, relayUrl: null, local, snapshot: null })
    usable(third)
    await third.start()
    expect(third.store.get(N1)).toMatchObject({ x: 777 })
    expect(third.store.get('shape:n2' as TLShape['id'])).toBeUndefined()
    // and the picture kept up: it has them too
    const fourth = await visit('room-pic')
    expect(fourth.session.store.get(N1)).toMatchObject({ x: 777 })
    expect(fourth.session.store.get('shape:n2' as TLShape['id'])).toBeUndefined()
    third.destroy()
    fourth.session.destroy()
  })

  it('a picture that does not load is ignored: the board opens from its doc', async () => {
    const first = await visit('room-bad')
    await first.session.start()
    await settle()
    first.session.store.put([makeShape(first.session.store, 'note', { id: N1, x: 5 })])
    first.session.destroy()
    await settle()
    const local = openLocalDoc('room-bad', 'edit')
    const snapshot = structuredClone((await local.snapshot)!)
    ;(snapshot.store.store as unknown as Record<string, Record<string, unknown>>)[N1].x = 'nowhere'
    local.openDoc()
    const warn = console.warn
    console.warn = () => {}
    const session = new BoardSession({ key: 'room-bad', mode: 'edit', user, relayUrl: null, local, snapshot })
    console.warn = warn
    usable(session)
    expect(session.shown).toBe(false)
    expect(session.store.get(N1)).toBeUndefined()
    await session.start()
    expect(session.store.get(N1)).toMatchObject({ x: 5 })
    session.destroy()
  })
})
