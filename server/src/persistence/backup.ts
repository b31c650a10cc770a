/**
 * Online backup of the relay's database (SQLite backup API through better-sqlite3), safe while
 * the relay runs: the copy is a consistent snapshot including what is still in the WAL.
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
  const db = new Database(source, { readonly: true, fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    await db.backup(target)
  } finally {
    db.close()
  }
}
