/**
 * One relay per DATA_DIR. Two relays on one directory split a board's participants between them
 * (neither relays the other's edits) and their compactions can interleave (audit F4), so the
 * second one refuses to start.
 *
 * The lock is an SQLite database in EXCLUSIVE locking mode (`relay.lock`): after its first write
 * the connection holds the file lock until it closes. The operating system drops the lock when
 * the process dies, so a crashed or `kill -9`ed relay leaves no stale lock to clean up (unlike a
 * pid file, which also breaks when pids are reused or the directory is shared between containers).
 * Only the relay takes it: the CLI's read-only commands and backups never touch this file.
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'

export const LOCK_FILE_NAME = 'relay.lock'

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError'
}

export class DataDirLock {
  private constructor(private readonly db: Database.Database) {}

  /** Takes the lock or throws `DataDirLockedError` with a message for the operator. */
  static acquire(dataDir: string): DataDirLock {
    fs.mkdirSync(dataDir, { recursive: true })
    // A short wait covers a relay that is restarting (the old process is still exiting).
    const db = new Database(path.join(dataDir, LOCK_FILE_NAME), { timeout: 1_000 })
    try {
      db.pragma('locking_mode = EXCLUSIVE')
      db.exec('BEGIN EXCLUSIVE')
      db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, started_at TEXT NOT NULL)')
      db.exec('DELETE FROM holder')
      db.prepare('INSERT INTO holder (pid, started_at) VALUES (?, ?)').run(process.pid, new Date().toISOString())
      db.exec('COMMIT')
    } catch (error) {
      db.close()
      const code = (error as { code?: unknown }).code
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
        throw new DataDirLockedError(
          `Another Circleboard relay is already running with DATA_DIR ${dataDir}. ` +
            'Two relays on one data folder would split every board between them. ' +
            'Stop the other relay, or give this one its own DATA_DIR.',
        )
      }
      throw error
    }
    return new DataDirLock(db)
  }

  release(): void {
    if (this.db.open) this.db.close()
  }
}
