/**
 * Boards are personal work: the board page asks the browser to keep this site's storage (kept
 * apart from deviceData.ts, which is only loaded when someone removes something).
 */

/** Ask the browser not to evict our boards under storage pressure. Returns whether it agreed. */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    if (!navigator.storage?.persist) return false
    if (await navigator.storage.persisted()) return true
    return await navigator.storage.persist()
  } catch {
    return false
  }
}
