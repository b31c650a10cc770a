import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { connectClient, makeTempDir, randomRoomId, startTestRelay, waitFor, waitForSynced, cleanupAfterEach } from '../testing/relayHarness'
import { backupDatabase } from './backup'
import { listStoredRooms, openRoomDocReadOnly } from './readOnly'
import { DB_FILE_NAME } from './schema'

const cleanup = cleanupAfterEach()

describe('reading stored rooms without the relay (CLI support)', () => {
  it('opens a room read-only while the relay runs and after it stopped, and backs it up', async () => {
    const relay = await startTestRelay()
    const room = randomRoomId()
    const a = connectClient(relay, room)
    cleanup.push(a.destroy)
    await waitForSynced(a)
    a.doc.getMap('board').set('name', 'Community circle')
    a.doc.getMap('records').set('shape:a', 1)
    await waitFor(() => relay.metrics.updatesStored >= 2, 'updates stored')

    const live = openRoomDocReadOnly(relay.dataDir, room)
    expect(live?.getMap('board').get('name')).toBe('Community circle')
    live?.destroy()

    const backupFile = path.join(makeTempDir(), 'nested', DB_FILE_NAME)
    await backupDatabase(relay.dataDir, backupFile)
    await relay.close()

    const after = openRoomDocReadOnly(relay.dataDir, room)
    expect(after?.getMap('records').get('shape:a')).toBe(1)
    after?.destroy()

    const fromBackup = openRoomDocReadOnly(path.dirname(backupFile), room)
    expect(fromBackup?.getMap('board').get('name')).toBe('Community circle')
    fromBackup?.destroy()
    expect(listStoredRooms(path.dirname(backupFile))).toEqual([room])
  })

  it('returns null for unknown rooms and missing databases', async () => {
    expect(openRoomDocReadOnly(makeTempDir(), 'abcdefgh')).toBeNull()
    const relay = await startTestRelay()
    await relay.close()
    expect(openRoomDocReadOnly(relay.dataDir, 'nobody-here')).toBeNull()
    await expect(backupDatabase(makeTempDir(), path.join(makeTempDir(), 'x.sqlite'))).rejects.toThrow(/No Circleboard database/)
    expect(fs.existsSync(path.join(relay.dataDir, DB_FILE_NAME))).toBe(true)
  })
})
