/**
 * A room is read in one transaction (audit F4/F5): a compaction committed by another connection
 * between the snapshot read and the log read must not make the reader combine the old snapshot
 * with only the newest rows. And a backup completes while the relay keeps writing (audit F14).
 */
import Database from 'better-sqlite3'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { makeTempDir, cleanupAfterEach, waitFor } from '../testing/relayHarness'
import { backupDatabase } from './backup'
import { applyStoredRoom, openRoomDocReadOnly } from './readOnly'
import { dbPath, readStoredRoom } from './schema'
import { SqliteStore } from './SqliteStore'

const cleanup = cleanupAfterEach()
const ROOM = 'room-consistency'

/** 20 updates, one key each; returns the state after 10 and after 20 with their row ids. */
function fill(store: SqliteStore) {
  const doc = new Y.Doc()
  const ids: number[] = []
  const states: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => {
    ids.push(store.appendUpdate(ROOM, u))
    states.push(Y.encodeStateAsUpdate(doc))
  })
  for (let i = 0; i < 20; i++) doc.getMap('m').set(`k${i}`, i)
  doc.destroy()
  return { at10: { state: states[9], upto: ids[9] }, at20: { state: states[19], upto: ids[19] } }
}

/**
 * The reader's database, with a hook run right after the snapshot has been read: exactly where
 * the scheduler could let another process commit a compaction.
 */
function withHookAfterSnapshotRead(db: Database.Database, hook: () => void): Database.Database {
  let fired = false
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') {
        return (sql: string) => {
          const stmt = target.prepare(sql)
          if (!/FROM snapshots/.test(sql)) return stmt
          return new Proxy(stmt, {
            get(st, p) {
              if (p !== 'get') {
                const v = Reflect.get(st, p, st) as unknown
                return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(st) : v
              }
              return (...args: unknown[]) => {
                const row = (st.get as (...a: unknown[]) => unknown)(...args)
                if (!fired) {
                  fired = true
                  hook()
                }
                return row
              }
            },
          })
        }
      }
      const v = Reflect.get(target, prop, target) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
}

describe('reading a stored room', () => {
  it('sees the whole board when a compaction commits between its two reads', () => {
    const dataDir = makeTempDir()
    const writer = new SqliteStore(dataDir)
    cleanup.push(() => writer.close())
    const { at10, at20 } = fill(writer)
    writer.writeSnapshot(ROOM, at10.state, at10.upto)

    const reader = new Database(dbPath(dataDir), { readonly: true })
    cleanup.push(() => reader.close())
    const hooked = withHookAfterSnapshotRead(reader, () => writer.writeSnapshot(ROOM, at20.state, at20.upto))
    const stored = readStoredRoom(hooked, ROOM)!
    const doc = new Y.Doc()
    applyStoredRoom(doc, stored)
    expect(doc.getMap('m').size).toBe(20)
    expect(doc.store.pendingStructs).toBeNull()
    // And the compaction did happen: a fresh read sees the new snapshot alone.
    expect(readStoredRoom(reader, ROOM)!.updates).toHaveLength(0)
    expect(openRoomDocReadOnly(dataDir, ROOM)!.getMap('m').size).toBe(20)
  })

  it('backs up a database that is written between every step a backup could take', { timeout: 30_000 }, async () => {
    const dataDir = makeTempDir()
    const store = new SqliteStore(dataDir)
    cleanup.push(() => store.close())
    const blob = new Uint8Array(200 * 1024).fill(7)
    for (let i = 0; i < 120; i++) store.appendUpdate(`room-${i % 7}`, blob)
    // A write whenever the event loop turns: SQLite's online backup yields between its steps and
    // restarts after each such write (the old backup never finished here).
    let writes = 0
    let stop = false
    const writeSoon = () => {
      if (stop) return
      store.appendUpdate('room-busy', new Uint8Array(64).fill(writes++ % 256))
      setImmediate(writeSoon)
    }
    writeSoon()
    cleanup.push(() => {
      stop = true
    })
    await waitFor(() => writes > 100, 'writer running')
    const file = path.join(makeTempDir(), 'backup.sqlite')
    await Promise.race([
      backupDatabase(dataDir, file),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`backup did not finish in 15 s (${writes} writes)`)), 15_000)),
    ])
    stop = true
    const copy = new Database(file, { readonly: true })
    cleanup.push(() => copy.close())
    expect((copy.prepare("SELECT COUNT(*) AS n FROM updates WHERE room != 'room-busy'").get() as { n: number }).n).toBe(120)
  })

  it('backs up a database that another thread writes to all the time', { timeout: 60_000 }, async () => {
    const dataDir = makeTempDir()
    const store = new SqliteStore(dataDir)
    cleanup.push(() => store.close())
    // About 24 MB: many steps of SQLite's online backup, each of which a write restarts.
    const blob = new Uint8Array(200 * 1024).fill(7)
    for (let i = 0; i < 120; i++) store.appendUpdate(`room-${i % 7}`, blob)
    // The relay's writes, from another thread (its own connection), without pause: a busy board.
    const control = new Int32Array(new SharedArrayBuffer(8))
    const writer = new Worker(
      `const Database = require('better-sqlite3')
       const { workerData } = require('node:worker_threads')
       const db = new Database(workerData.file, { timeout: 5000 })
       const insert = db.prepare("INSERT INTO updates (room, id, data, created_at) VALUES ('room-busy', ?, ?, 0)")
       const row = Buffer.alloc(64, 1)
       let id = 1e9
       while (Atomics.load(workerData.control, 0) === 0) { insert.run(++id, row); Atomics.add(workerData.control, 1, 1) }
       db.close()`,
      { eval: true, workerData: { file: dbPath(dataDir), control } },
    )
    const writerDone = new Promise((resolve) => writer.once('exit', resolve))
    cleanup.push(async () => {
      Atomics.store(control, 0, 1)
      await writerDone
    })
    await waitFor(() => Atomics.load(control, 1) > 100, 'writer running')
    const file = path.join(makeTempDir(), 'backup.sqlite')
    await Promise.race([
      backupDatabase(dataDir, file),
      new Promise((_, reject) => setTimeout(() => reject(new Error('backup did not finish in 40 s')), 40_000)),
    ])
    const writesDuring = Atomics.load(control, 1)
    Atomics.store(control, 0, 1)
    await writerDone
    expect(writesDuring).toBeGreaterThan(100)
    const copy = new Database(file, { readonly: true })
    cleanup.push(() => copy.close())
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
    const rows = (copy.prepare("SELECT COUNT(*) AS n FROM updates WHERE room != 'room-busy'").get() as { n: number }).n
    expect(rows).toBe(120)
  })
})
