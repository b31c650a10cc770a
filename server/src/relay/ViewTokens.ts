/**
 * View-only links. A token is AES-256-GCM(room id) under a secret that never leaves DATA_DIR,
 * written base64url as iv(12) | ciphertext | tag(16). A viewer holding the token cannot recover
 * the editable room id (confidentiality) nor forge a token for another room (authentication).
 * The secret is created once (file mode 0600); deleting it revokes every view link.
 */
import { isValidRoomId } from '@circleboard/shared'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export const VIEW_SECRET_FILE = 'view-link-secret'
const IV_BYTES = 12
const TAG_BYTES = 16
/** A room id is at most 64 characters, so a valid token is at most ~125 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{40,200}$/
/** Binds tokens to their purpose so the key could later serve other token kinds safely. */
const AAD = Buffer.from('circleboard:view:v1')

export class ViewTokens {
  private constructor(private readonly key: Buffer) {}

  /** Loads the secret from `dataDir`, creating it on first use. */
  static load(dataDir: string): ViewTokens {
    fs.mkdirSync(dataDir, { recursive: true })
    const file = path.join(dataDir, VIEW_SECRET_FILE)
    let key: Buffer
    try {
      key = fs.readFileSync(file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      key = crypto.randomBytes(32)
      try {
        // 'wx': never overwrite a secret another process wrote a moment ago.
        fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' })
      } catch (writeError) {
        if ((writeError as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError
        key = fs.readFileSync(file)
      }
    }
    if (key.length !== 32) {
      throw new Error(`The view-link secret ${file} is damaged (expected 32 bytes). Delete it to create a new one (old view links stop working).`)
    }
    return new ViewTokens(key)
  }

  issue(roomId: string): string {
    if (!isValidRoomId(roomId)) throw new Error('invalid room id')
    const iv = crypto.randomBytes(IV_BYTES)
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(AAD)
    const ct = Buffer.concat([cipher.update(roomId, 'utf8'), cipher.final()])
    return Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64url')
  }

  /** The room id inside a token, or null for anything not issued with this secret. */
  open(token: unknown): string | null {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null
    const raw = Buffer.from(token, 'base64url')
    if (raw.length <= IV_BYTES + TAG_BYTES) return null
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES))
      decipher.setAAD(AAD)
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES))
      const roomId = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8')
      return isValidRoomId(roomId) ? roomId : null
    } catch {
      return null
    }
  }
}
