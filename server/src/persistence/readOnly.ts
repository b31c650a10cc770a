/**
 * Read a stored room without a running relay (the CLI's `export --room`). Opens the database
 * read-only, so it is safe next to a running relay (WAL allows concurrent readers).
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import * as Y from 'yjs'
import type { VersionInfo } from '@circleboard/shared'
import { dbPath, listVersionRows, readStoredRoom, readVersionPlanJson, roomIsStored, versionInfoFromRow, type StoredRoom } from './schema'

/**
 * Applies a stored room to a fresh doc. One unreadable row is skipped (and reported through
 * `onBadRow`) instead of losing the whole board.
 */
export function applyStoredRoom(doc: Y.Doc, stored: StoredRoom, onBadRow?: (id: number, error: unknown) => void): void {
  if (stored.snapshot) {
    try {
      Y.applyUpdate(doc, stored.snapshot)
    } catch (error) {
      onBadRow?.(stored.snapshotUptoId, error)
    }
  }
  for (const u of stored.updates) {
    try {
      Y.applyUpdate(doc, u.data)
    } catch (error) {
      onBadRow?.(u.id, error)
    }
  }
}

/**
 * The room's document as stored in `dataDir`, or null when the database or the room does not
 * exist. The caller owns the returned doc (call `doc.destroy()` when done).
 */
export function openRoomDocReadOnly(dataDir: string, roomId: string): Y.Doc | null {
  const file = dbPath(dataDir)
  if (!fs.existsSync(file)) return null
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    const hasTables = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'updates'").get()
    if (!hasTables) return null
    const stored = readStoredRoom(db, roomId)
    if (!stored) return null
    const doc = new Y.Doc()
    applyStoredRoom(doc, stored)
    return doc
  } finally {
    db.close()
  }
}

/** Ids of every room stored in `dataDir` (for the CLI's listing). Empty when there is no database. */
export function listStoredRooms(dataDir: string): string[] {
  const file = dbPath(dataDir)
  if (!fs.existsSync(file)) return []
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const hasTables = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'updates'").get()
    if (!hasTables) return []
    const rows = db
      .prepare('SELECT room FROM snapshots UNION SELECT DISTINCT room FROM updates ORDER BY room')
      .all() as { room: string }[]
    return rows.map((r) => r.room)
  } finally {
    db.close()
  }
}

/** Runs `read` on the database opened read-only; null when there is no database (or no tables yet). */
function withReadOnlyDb<T>(dataDir: string, read: (db: Database.Database) => T): T | null {
  const file = dbPath(dataDir)
  if (!fs.existsSync(file)) return null
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    const hasTables = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'updates'").get()
    if (!hasTables) return null
    return read(db)
  } finally {
    db.close()
  }
}

/**
 * A stored room's versions, newest first, without reading any state or plan (the CLI's
 * `versions`). Null when the database or the room does not exist.
 */
export function listStoredVersions(dataDir: string, roomId: string, limit = 100_000): VersionInfo[] | null {
  return withReadOnlyDb(dataDir, (db) => (roomIsStored(db, roomId) ? listVersionRows(db, roomId, limit).map(versionInfoFromRow) : null))
}

/**
 * The plan JSON stored with version `n` of a room: `no-room` when the database or the room does
 * not exist, `no-version` when the room has no version `n`.
 */
export function readStoredVersionPlan(dataDir: string, roomId: string, n: number): string | 'no-room' | 'no-version' {
  return (
    withReadOnlyDb(dataDir, (db) => {
      if (!roomIsStored(db, roomId)) return 'no-room' as const
      return readVersionPlanJson(db, roomId, n) ?? ('no-version' as const)
    }) ?? 'no-room'
  )
}
