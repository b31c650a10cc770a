/**
 * Backup of the relay's database, safe while the relay runs: `VACUUM INTO` writes a consistent
 * copy (what one read transaction sees, WAL included) into a new file.
 *
 * Not SQLite's online backup API: it restarts from the first page whenever another connection
 * writes, and a live board writes on every drag frame, so on a busy relay a large database's
 * backup never finished (audit F14, `readConsistency.test.ts`). A read transaction is not
 * disturbed by writers in WAL mode; it only keeps the WAL from being checkpointed past it while
 * the copy runs.
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { dbPath } from './schema'

export async function backupDatabase(dataDir: string, file: string): Promise<void> {
  const source = dbPath(dataDir)
  if (!fs.existsSync(source)) {
    throw new Error(`No Circleboard database at ${source}. Check DATA_DIR (or --data-dir) points at the relay's data folder.`)
  }
  const target = path.resolve(file)
  if (target === path.resolve(source)) {
    throw new Error('The backup file must not be the live database itself; choose another path.')
  }
  fs.mkdirSync(path.dirname(target), { recursive: true })
  // VACUUM INTO refuses an existing file; write beside the target, then replace it in one step,
  // so an interrupted backup never leaves a half-written file under the target's name.
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial`)
  fs.rmSync(temp, { force: true })
  const db = new Database(source, { readonly: true, fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    db.prepare('VACUUM INTO ?').run(temp)
    fs.renameSync(temp, target)
  } finally {
    db.close()
    fs.rmSync(temp, { force: true })
  }
}
