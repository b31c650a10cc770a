/**
 * The CLI's writes into the relay's database (`pnpm cli facilitator-link`, `pnpm cli versions
 * delete`). They run beside a live relay: they never take the relay's DATA_DIR lock (that is for
 * relays only), and each writes in one short transaction, which SQLite's own locking (WAL,
 * busy_timeout) serialises with the relay's writes. The relay reads what they change again when
 * it matters (the facilitator key at every connect and command; the versions' mark before it
 * lists versions or decides on an automatic one, RoomVersions), so they take effect at once.
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import { dbPath, deleteVersionRow, hasVersionsTable, roomIsStored, SCHEMA_SQL, SCHEMA_VERSION } from './schema'

/**
 * Runs `write` on the database opened for writing; 'no-database' when there is none (the CLI never
 * creates one). A database from before the current schema gets its missing tables (idempotent;
 * the relay records the version); one from a newer Circleboard is refused.
 */
export function withCliWriteDb<T>(dataDir: string, write: (db: Database.Database) => T): T | 'no-database' {
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
    return write(db)
  } finally {
    db.close()
  }
}

export type DeleteVersionResult = 'ok' | 'no-database' | 'no-room' | 'no-version'

/**
 * Deletes version `n` of a room with the relay's own delete (`deleteVersionRow`: secure_delete,
 * the number never given out again), then folds the WAL into the database file and empties it
 * (`wal_checkpoint(TRUNCATE)`), so the version's bytes are gone from the files at once, not only
 * at the relay's next checkpoint. `checkpointed` is false when SQLite could not do that now (a
 * long read elsewhere); the relay's next checkpoint then does it.
 */
export function deleteStoredVersion(dataDir: string, roomId: string, n: number): { result: DeleteVersionResult; checkpointed: boolean } {
  let checkpointed = false
  const result = withCliWriteDb(dataDir, (db): DeleteVersionResult => {
    if (!roomIsStored(db, roomId)) return 'no-room'
    if (!hasVersionsTable(db)) return 'no-version'
    db.exec(SCHEMA_SQL)
    if (!deleteVersionRow(db, roomId, n)) return 'no-version'
    const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]
    checkpointed = row?.busy === 0
    return 'ok'
  })
  return { result, checkpointed }
}
