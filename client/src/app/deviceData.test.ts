import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { boardToPlan } from '@circleboard/templates'
import type { Plan } from '@circleboard/shared'
import { removeBoardFromDevice } from './deviceData'
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
