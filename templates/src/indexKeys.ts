/**
 * tldraw fractional index keys (`IndexKey`), without depending on the tldraw runtime.
 *
 * tldraw validates every shape's `index` with `fractional-indexing-jittered`: a key is an integer
 * part (a head letter giving its length: 'a' = 1 digit, 'b' = 2 ... 'z' = 26; 'Z' = 1 digit
 * negative, 'Y' = 2 ...) followed by base-62 digits, then an optional fraction with no trailing '0'.
 * Digits are 0-9A-Za-z (ASCII order, so string comparison orders keys).
 *
 * We only ever need "n keys in increasing order, starting at a given key", which incrementing the
 * integer part gives us (the same thing `generateKeyBetween(a, null)` does).
 */

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function integerLength(head: string): number | undefined {
  if (head >= 'a' && head <= 'z') return head.charCodeAt(0) - 'a'.charCodeAt(0) + 2
  if (head >= 'A' && head <= 'Z') return 'Z'.charCodeAt(0) - head.charCodeAt(0) + 2
  return undefined
}

/** Is `key` a valid tldraw index key? Mirrors `validateIndexKey` in @tldraw/utils. */
export function isValidIndexKey(key: unknown): key is string {
  if (typeof key !== 'string' || key.length === 0) return false
  const len = integerLength(key[0])
  if (len === undefined || key.length < len) return false
  // The smallest integer ('A' followed by 26 zeros) is reserved by the algorithm.
  if (key === 'A' + '0'.repeat(26)) return false
  for (let i = 1; i < key.length; i++) if (!DIGITS.includes(key[i])) return false
  const fraction = key.slice(len)
  return !fraction.endsWith('0')
}

/** The integer part of the next key, or undefined past 'zzz…' (never reached in practice). */
function incrementInteger(int: string): string | undefined {
  const head = int[0]
  const digits = int.slice(1).split('')
  let carry = true
  for (let i = digits.length - 1; carry && i >= 0; i--) {
    const d = DIGITS.indexOf(digits[i]) + 1
    if (d === DIGITS.length) digits[i] = '0'
    else {
      digits[i] = DIGITS[d]
      carry = false
    }
  }
  if (!carry) return head + digits.join('')
  if (head === 'Z') return 'a0'
  if (head === 'z') return undefined
  const nextHead = String.fromCharCode(head.charCodeAt(0) + 1)
  if (nextHead > 'a') digits.push('0')
  else digits.pop()
  return nextHead + digits.join('')
}

/** The smallest integer-only key strictly above `key`. */
export function indexKeyAbove(key: string): string {
  if (!isValidIndexKey(key)) throw new Error(`invalid index key: ${key}`)
  const int = key.slice(0, integerLength(key[0]))
  const next = incrementInteger(int)
  if (!next) throw new Error(`no index key above ${key}`)
  return next
}

/**
 * `n` increasing keys. The first is `start` itself (default 'a1'), so pass a key that is free, such
 * as tldraw's `editor.getHighestIndexForParent(pageId)`.
 */
export function indexKeys(n: number, start = 'a1'): string[] {
  if (!isValidIndexKey(start)) throw new Error(`invalid index key: ${start}`)
  const out: string[] = []
  let k = start
  for (let i = 0; i < n; i++) {
    out.push(k)
    if (i < n - 1) k = indexKeyAbove(k)
  }
  return out
}
