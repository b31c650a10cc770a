import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { set, createStore } from 'idb-keyval'
import { parsePlan, type Plan } from '@circleboard/shared'
import { boardToPlan } from '@circleboard/templates'
import { LOCAL_RETENTION, deleteLocalVersion, deleteLocalVersions, getLocalVersionPlan, getLocalVersionState, listLocalVersions, renameLocalVersion, saveLocalVersion } from './localVersions'

const plan = (notes: string[]): Plan => {
  const p = boardToPlan([], { boardName: 'B', now: new Date('2026-12-01T10:00:00Z') })
  expect(parsePlan(p).ok).toBe(true)
  return { ...p, elsewhere: notes.map((text) => ({ text })) } as Plan
}

let room = 0
const newRoom = () => `room${++room}`

describe('local versions', () => {
  it('keeps state, plan and a summary, newest first, marked local', async () => {
    const r = newRoom()
    const a = await saveLocalVersion(r, { name: '', reason: 'before-import', author: 'Mo', state: new Uint8Array([1, 2, 3]), plan: plan(['a']), shapes: 4, now: 1000 })
    const b = await saveLocalVersion(r, { name: 'PATH, 12 January', reason: 'manual', author: 'Mo', state: new Uint8Array([4]), plan: plan(['a', 'b']), shapes: 5, now: 2000 })
    expect(a.version).toMatchObject({ n: 1, kind: 'auto', local: true, bytes: 3 })
    expect(b.version).toMatchObject({ n: 2, kind: 'named', name: 'PATH, 12 January', local: true })
    expect(b.version.summary).toMatchObject({ shapes: 5, items: 2, since: { added: 1, removed: 0 } })
    expect(a.version.summary.since).toBeUndefined()
    const list = await listLocalVersions(r)
    expect(list.map((v) => v.n)).toEqual([2, 1])
    expect(await getLocalVersionState(r, 1)).toEqual(new Uint8Array([1, 2, 3]))
    expect((await getLocalVersionPlan(r, 2))?.elsewhere?.map((i) => i.text)).toEqual(['a', 'b'])
  })

  it('thins automatic versions past the bound, never named ones', async () => {
    const r = newRoom()
    await saveLocalVersion(r, { name: 'kept', reason: 'manual', author: '', state: new Uint8Array([0]), plan: plan([]), shapes: 0, now: 1 })
    for (let i = 0; i < LOCAL_RETENTION.keepRecentAuto + 3; i++) {
      await saveLocalVersion(r, { name: '', reason: 'periodic', author: '', state: new Uint8Array([i]), plan: plan([]), shapes: 0, now: 10 + i })
    }
    const list = await listLocalVersions(r)
    expect(list.filter((v) => v.kind === 'auto')).toHaveLength(LOCAL_RETENTION.keepRecentAuto)
    expect(list.find((v) => v.name === 'kept')).toBeTruthy()
    // The oldest automatic ones are gone, with their state.
    expect(await getLocalVersionState(r, 2)).toBeNull()
  })

  it('naming an automatic version makes it named', async () => {
    const r = newRoom()
    await saveLocalVersion(r, { name: '', reason: 'before-restore', author: '', state: new Uint8Array([0]), plan: plan([]), shapes: 0 })
    const v = await renameLocalVersion(r, 1, '  3-month review ')
    expect(v).toMatchObject({ name: '3-month review', kind: 'named' })
    await expect(renameLocalVersion(r, 1, '  ')).rejects.toThrow(/name/)
    await expect(renameLocalVersion(r, 9, 'x')).rejects.toThrow(/no longer/)
  })

  it('deletes one version with its state and plan, and leaves the others', async () => {
    const r = newRoom()
    await saveLocalVersion(r, { name: 'one', reason: 'manual', author: '', state: new Uint8Array([1]), plan: plan([]), shapes: 0, now: 5 })
    await saveLocalVersion(r, { name: 'two', reason: 'manual', author: '', state: new Uint8Array([2]), plan: plan([]), shapes: 0, now: 6 })
    await deleteLocalVersion(r, 1)
    expect((await listLocalVersions(r)).map((v) => v.name)).toEqual(['two'])
    expect(await getLocalVersionState(r, 1)).toBeNull()
    expect(await getLocalVersionPlan(r, 1)).toBeNull()
    expect(await getLocalVersionState(r, 2)).toEqual(new Uint8Array([2]))
    await expect(deleteLocalVersion(r, 1)).rejects.toThrow(/no longer/)
  })

  it('drops damaged list entries and plans instead of trusting them', async () => {
    const r = newRoom()
    await saveLocalVersion(r, { name: '', reason: 'periodic', author: '', state: new Uint8Array([0]), plan: plan([]), shapes: 0 })
    const s = createStore('circleboard-versions', 'kv')
    const good = (await listLocalVersions(r))[0]
    await set(`list:${r}`, [good, { n: 'x' }, null, { ...good, n: 2, kind: 'weird' }], s)
    await set(`plan:${r}:1`, { format: 'nope' }, s)
    expect((await listLocalVersions(r)).map((v) => v.n)).toEqual([1])
    expect(await getLocalVersionPlan(r, 1)).toBeNull()
  })

  it('two saves at once both land', async () => {
    const r = newRoom()
    await Promise.all([
      saveLocalVersion(r, { name: 'one', reason: 'manual', author: '', state: new Uint8Array([0]), plan: plan([]), shapes: 0, now: 5 }),
      saveLocalVersion(r, { name: 'two', reason: 'manual', author: '', state: new Uint8Array([0]), plan: plan([]), shapes: 0, now: 6 }),
    ])
    expect((await listLocalVersions(r)).map((v) => v.name).sort()).toEqual(['one', 'two'])
    await deleteLocalVersions(r)
    expect(await listLocalVersions(r)).toEqual([])
  })
})
