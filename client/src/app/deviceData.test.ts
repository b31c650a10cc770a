import 'fake-indexeddb/auto'
import { describe, expect, it, vi } from 'vitest'
import { boardToPlan } from '@circleboard/templates'
import type { Plan } from '@circleboard/shared'
import { get, set } from 'idb-keyval'
import { forgetEverything, removeBoardFromDevice } from './deviceData'
import { privateNotesKey } from '../facilitation/privateStore'
import { listLocalVersions, saveLocalVersion } from '../versions/localVersions'

describe('removing a board from this device', () => {
  it('also removes the versions kept on this device for it, and only for it', async () => {
    const plan = boardToPlan([], { boardName: 'B', now: new Date('2026-12-01T10:00:00Z') }) as Plan
    const save = (room: string) => saveLocalVersion(room, { name: 'Kept here', reason: 'manual', author: 'Mo', state: new Uint8Array([1]), plan, shapes: 1, now: 1000 })
    await save('gone')
    await save('stays')
    await removeBoardFromDevice('gone')
    expect(await listLocalVersions('gone')).toEqual([])
    expect((await listLocalVersions('stays')).map((v) => v.name)).toEqual(['Kept here'])
  })
})

describe('notes written privately and never revealed', () => {
  const note = (room: string) => [{ id: `shape:${room}`, typeName: 'shape', meta: { privateRound: 'r1' } }]

  it('go with their board when it is removed from this device, and only with it', async () => {
    await set(privateNotesKey('gone'), note('gone'))
    await set(privateNotesKey('stays'), note('stays'))
    await removeBoardFromDevice('gone')
    expect(await get(privateNotesKey('gone'))).toBeUndefined()
    expect(await get(privateNotesKey('stays'))).toEqual(note('stays'))
  })

  it('go when this device forgets everything', async () => {
    await set(privateNotesKey('any'), note('any'))
    // (no browser here: a page with nothing in its storage and no service worker)
    vi.stubGlobal('navigator', {})
    vi.stubGlobal('localStorage', { getItem: () => null, setItem() {}, removeItem() {}, length: 0 })
    await forgetEverything()
    vi.unstubAllGlobals()
    expect(await get(privateNotesKey('any'))).toBeUndefined()
  })
})
