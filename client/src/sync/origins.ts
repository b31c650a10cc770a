/**
 * Yjs transaction origins used by Circleboard.
 *
 * Yjs tags every transaction with an `origin` (compared by identity) and hands it to observers.
 * The binding uses it for one decision only: a transaction whose origin is our own `local` (or
 * `migration` / `layout`, which are also us) already came from the store and must not be applied back to it;
 * everything else is foreign and is applied. Providers bring their own origins — y-websocket
 * passes the provider object, y-indexeddb the persistence object — and those count as foreign
 * too, so nothing here has to know about them.
 */
export const TxOrigin = {
  /** Our store -> doc writes (the binding). */
  local: 'circleboard:local',
  /** Updates we apply ourselves from a network transport (tests, custom transports). */
  remote: 'circleboard:remote',
  /** Updates we load from IndexedDB ourselves (y-indexeddb uses its own object instead). */
  indexeddb: 'circleboard:indexeddb',
  /** A board file being imported into the doc. */
  file: 'circleboard:file',
  /** The binding rewriting older records to the current schema. */
  migration: 'circleboard:migration',
  /**
   * The binding bringing the doc to the current layout (JSON rich text -> Y.XmlFragment). What
   * a record reads as does not change, so the store has nothing to load from it.
   */
  layout: 'circleboard:layout',
} as const

export type TxOrigin = (typeof TxOrigin)[keyof typeof TxOrigin]

const KNOWN = new Set<unknown>(Object.values(TxOrigin))

export function isTxOrigin(origin: unknown): origin is TxOrigin {
  return KNOWN.has(origin)
}

/**
 * True when a transaction was written by the binding itself (store -> doc, or a schema
 * migration whose result the binding loads into the store directly). Such transactions must not
 * be applied to the store again: that would be an echo.
 */
export function isOwnOrigin(origin: unknown): boolean {
  return origin === TxOrigin.local || origin === TxOrigin.migration || origin === TxOrigin.layout
}

/** A short label for logs and metrics: our own names, or 'provider' for foreign objects. */
export function describeOrigin(origin: unknown): TxOrigin | 'provider' | 'none' {
  if (origin === null || origin === undefined) return 'none'
  return isTxOrigin(origin) ? origin : 'provider'
}
