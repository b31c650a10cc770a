/**
 * `pnpm cli facilitator-link`: replaces a board's facilitator key hash in one row, beside a live
 * relay (see cliWrite.ts). The relay reads the hash at every facilitator connect and command, so
 * the new key works, and the old one stops, at once.
 */
import { withCliWriteDb } from './cliWrite'
import { putFacilitatorKeyHash, SCHEMA_SQL } from './schema'

export type FacilitatorKeyResult = 'ok' | 'no-database' | 'no-room'

export function replaceFacilitatorKeyHash(dataDir: string, roomId: string, keyHash: string): FacilitatorKeyResult {
  return withCliWriteDb(dataDir, (db): FacilitatorKeyResult => {
    const exists = db.prepare('SELECT 1 FROM snapshots WHERE room = ? UNION ALL SELECT 1 FROM updates WHERE room = ? LIMIT 1').get(roomId, roomId)
    if (!exists) return 'no-room'
    // A database from before schema 2 gets the new tables (idempotent); the relay records the version.
    db.exec(SCHEMA_SQL)
    putFacilitatorKeyHash(db, roomId, keyHash, true)
    return 'ok'
  })
}
