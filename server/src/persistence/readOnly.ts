/**
 * Read a stored room without a running relay (the CLI's `export --room`). Opens the database
 * read-only, so it is safe next to a running relay (WAL allows concurrent readers).
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import * as Y from 'yjs'
import { dbPath, readStoredRoom, type StoredRoom } from './schema'

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
