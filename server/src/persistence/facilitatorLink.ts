/**
 * The CLI's one write into the relay's database: replacing a board's facilitator key hash
 * (`pnpm cli facilitator-link`). It runs beside a live relay: it never takes the relay's DATA_DIR
 * lock (that is for relays only), and it writes one row in one short transaction, which SQLite's
 * own locking (WAL, busy_timeout) serialises with the relay's writes. The relay reads the hash at
 * every facilitator connect and command, so the new key works, and the old one stops, at once.
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import { dbPath, putFacilitatorKeyHash, SCHEMA_SQL, SCHEMA_VERSION } from './schema'

export type FacilitatorKeyResult = 'ok' | 'no-database' | 'no-room'

export function replaceFacilitatorKeyHash(dataDir: string, roomId: string, keyHash: string): FacilitatorKeyResult {
  const file = dbPath(dataDir)
  if (!fs.existsSync(file)) return 'no-database'
  const db = new Database(file, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    const hasTables = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'updates'").get()
    if (!hasTables) return 'no-database'
    const version = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined
    if (version && Number(version.value) > SCHEMA_VERSION) {
      throw new Error(`The database in ${dataDir} was written by a newer Circleboard (schema ${version.value}); use that version's CLI.`)
    }
    const exists = db.prepare('SELECT 1 FROM snapshots WHERE room = ? UNION ALL SELECT 1 FROM updates WHERE room = ? LIMIT 1').get(roomId, roomId)
    if (!exists) return 'no-room'
    // A database from before schema 2 gets the new tables (idempotent); the relay records the version.
    db.exec(SCHEMA_SQL)
    putFacilitatorKeyHash(db, roomId, keyHash, true)
    return 'ok'
  } finally {
    db.close()
  }
}
