/**
 * Binds a tldraw store to a board Y.Doc (layout: shared/src/doclayout.ts, docs/board-document.md).
 *
 *   store --(user changes, per frame)--> doc      origin TxOrigin.local, field-level patches
 *   doc   --(any foreign transaction)--> store    validated, via store.mergeRemoteChanges
 *
 * Rules this file keeps:
 * - Only document-scope records (shape, binding, page, asset, document) ever reach the doc.
 * - Everything read from the doc is untrusted: each record is validated against the store's
 *   schema; a bad one is reported through onInvalidRecord and skipped, the rest go on.
 * - Remote data enters the store through mergeRemoteChanges, so tldraw's undo history never
 *   records it and our own listener (source 'user' only) never echoes it back.
 * - A doc written by a newer Circleboard is never touched.
 * - Records the `isLocalOnly` option names (notes written privately, before a reveal) stay on this
 *   device: never written to the doc, never removed or overwritten by what the doc says. When one
 *   stops being local-only (the reveal clears its mark), it is written whole, like a new record.
 */
import {
  changedRecordFields,
  deleteRecord,
  docValuesEqual,
  getBoardLayout,
  getBoardMap,
  getRecordsMap,
  needsLayoutUpgrade,
  upgradeBoardLayout,
  BOARD_LAYOUT_KEY,
  CURRENT_LAYOUT,
  getStoredSchema,
  readAllRecords,
  readRecordById,
  setStoredSchema,
  writeRecord,
  writeRecordChanges,
  BOARD_SCHEMA_KEY,
  RICH_TEXT_PROP,
  concurrentlyLostValues,
  keptVersionId,
  keptVersionRecord,
  type StoredSchema,
} from '@circleboard/shared'
import type { HistoryEntry, RecordsDiff, SerializedSchema, TLRecord, TLShape, TLStore } from 'tldraw'
import * as Y from 'yjs'
import { migrateRecords } from './migrate'
import { withoutExternalUrls } from './externalUrls'
import { findUnrootedShapes, firstPage, migrateFromOlder, rebuildShape } from './repair'
import { isOwnOrigin, TxOrigin } from './origins'

export const BindingStatus = {
  ok: 'ok',
  newerSchema: 'newer-schema',
} as const
export type BindingStatus = (typeof BindingStatus)[keyof typeof BindingStatus]

export const NEWER_SCHEMA_MESSAGE =
  'This board was saved by a newer version of Circleboard. Update the app to open it; nothing was changed.'

export interface BindOptions {
  /** Called for each record from the doc that fails validation (it is skipped). Defaults to console.warn. */
  onInvalidRecord?: (id: string, error: unknown) => void
  /** Never write to the doc (view-only links). Remote changes still flow into the store. */
  readOnly?: boolean
  /** Called when the status changes after binding (e.g. a newer client upgraded the board meanwhile). */
  onStatusChange?: (status: BindingStatus, message: string | null) => void
  /**
   * The board is known to be new (created on this device, or the relay has confirmed the room is
   * empty). Only then are tldraw's default document and page written into a doc that lacks them;
   * otherwise they stay in the store alone until confirmNew() (see "What the binding defends").
   */
  newBoard?: boolean
  /** A shape type's default props, used to rebuild an invalid shape from its valid fields. */
  defaultShapeProps?: (type: string) => Record<string, unknown> | undefined
  /**
   * Records that belong to this device alone for now (private writing: shapes with
   * `meta.privateRound`). They are kept out of the doc and the doc cannot remove or replace them.
   */
  isLocalOnly?: (record: TLRecord) => boolean
  /**
   * The store was shown before binding, holding this device's picture of the board
   * (board/storeSnapshot.ts), and these are the changes made on it since. They are written to the
   * doc first, as changes made now; then the doc corrects everything else in the store, since the
   * picture may be older than the doc. When the doc has no board yet, the picture's shapes leave the
   * store (its document and page stay as local stand-ins, like tldraw's defaults would).
   */
  earlyEdits?: RecordsDiff<TLRecord>
}

/** The part of tldraw's Editor the undo guard wraps. */
export interface UndoableEditor {
  undo(): unknown
  redo(): unknown
  bail(): unknown
  bailToMark(id: string): unknown
}

export interface BoardBinding {
  /** 'ok' while syncing; 'newer-schema' when the doc belongs to a newer app (nothing is synced). */
  readonly status: BindingStatus
  /** What to tell the person when status is not 'ok', else null. */
  readonly message: string | null
  readonly readOnly: boolean
  /** Writes pending store changes to the doc now (they are otherwise written once per frame). */
  flush(): void
  /**
   * Runs an undo/redo/bail so that it reverts only this person's own edits: fields someone else
   * changed since are kept, and records someone else deleted are not brought back.
   */
  guardHistory<T>(fn: () => T): T
  /** Wraps editor.undo/redo/bail/bailToMark with guardHistory. Returns a function that unwraps them. */
  installUndoGuard(editor: UndoableEditor): () => void
  /**
   * Says the board is new after all (the relay's sync arrived and the doc still lacks a document
   * or page): the defaults tldraw made locally are written to the doc now. Idempotent.
   */
  confirmNew(): void
  /** Flushes pending changes, then stops syncing in both directions. Idempotent. */
  dispose(): void
}

/** How a stored schema relates to the store's. */
export type SchemaRelation = 'same' | 'older' | 'newer' | 'missing'

type SerializedSchemaV2 = ReturnType<TLStore['schema']['serialize']>

/**
 * Compares the schema stored in a doc with the store's. 'newer' also covers what this client
 * cannot read at all: an unknown schema format, a migration sequence it does not know (a shape
 * type added by a newer app), or a version id its migrations do not contain.
 */
export function compareSchema(stored: StoredSchema | null, schema: TLStore['schema']): SchemaRelation {
  if (stored === null) return 'missing'
  const ours = schema.serialize()
  if (stored.schemaVersion > ours.schemaVersion) return 'newer'
  if (stored.schemaVersion === ours.schemaVersion) {
    const sequences = stored.sequences
    if (typeof sequences !== 'object' || sequences === null || Array.isArray(sequences)) return 'newer'
    for (const [sequenceId, version] of Object.entries(sequences)) {
      const ourVersion = ours.sequences[sequenceId]
      if (typeof version !== 'number' || ourVersion === undefined || version > ourVersion) return 'newer'
    }
  }
  const migrations = schema.getMigrationsSince(stored as unknown as SerializedSchema)
  if (!migrations.ok) return 'newer'
  if (migrations.value.length > 0) return 'older'
  // no migrations to run, but e.g. a shape type added since: store the fuller schema
  return docValuesEqual(stored, ours) ? 'same' : 'older'
}

type Validated =
  | { ok: true; record: TLRecord; /** differs from what the doc holds (migrated or rebuilt) */ repaired: boolean }
  | { ok: false; error: Error }

const MAX_TRACKED_REMOTE_DELETES = 10_000

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 200)
}

export function bindStoreToDoc(store: TLStore, doc: Y.Doc, opts: BindOptions = {}): BoardBinding {
  const readOnly = opts.readOnly === true
  const report =
    opts.onInvalidRecord ??
    ((id: string, error: unknown) =>
      console.warn(`[circleboard] skipped invalid record ${id}:`, error instanceof Error ? error.message : error))
  const records = getRecordsMap(doc)
  const board = getBoardMap(doc)

  let status: BindingStatus = BindingStatus.ok
  let disposed = false
  /** Set for read-only viewers of an older board: incoming records are migrated from it in memory. */
  let readSchema: SerializedSchema | null = null
  /** Fields whose current value came from someone else, per record (for the undo guard). */
  const remoteFields = new Map<string, Set<string>>()
  /** Records someone else deleted (so an undo does not bring them back). Insertion-ordered, capped. */
  const remoteDeletes = new Set<string>()
  let historyDepth = 0
  /** Read-only: document records that exist only in our store (tldraw created them locally). */
  const localOnly = new Set<string>()
  /** Records an undo touched that must be set back to the doc's version afterwards. */
  const toReconcile = new Set<string>()
  /**
   * Document records tldraw made locally (its default document and page) while it is not known
   * whether the board is new: written only by confirmNew(), replaced by the board's own when
   * they arrive. Writing them at once would race the board's real records under the same keys,
   * and Yjs keeps one map per key: the board's dates and page name would be lost (audit F3).
   */
  const unconfirmed = new Set<string>()
  let awaitingConfirm = false
  /**
   * Records whose repair could not be settled yet (the doc was waiting for missing updates, or
   * the board had no page to re-home a shape to): looked at again with the next remote change.
   */
  const recheck = new Set<string>()
  /**
   * Records validate() has checked with tldraw's validator and not yet handed to store.put: put
   * skips validating them again (see mergeIntoStore). Weak: a record never put is just collected.
   */
  const validatedOnce = new WeakSet<TLRecord>()

  const documentTypes = store.scopedTypes.document as ReadonlySet<string>
  const localOnlyTest = opts.isLocalOnly
  const isPrivate = (record: TLRecord | undefined): boolean => !!record && !!localOnlyTest && localOnlyTest(record)
  /** A document record that goes to the doc: document scope, and not held back on this device. */
  const isDocumentRecord = (record: { typeName: string }): boolean => documentTypes.has(record.typeName)
  const isShared = (record: TLRecord): boolean => isDocumentRecord(record) && !isPrivate(record)
  /** Whether the store holds a local-only record under this id (the doc must leave it alone). */
  const heldLocally = (id: string): boolean => isPrivate(store.get(id as TLRecord['id']))

  const binding: BoardBinding = {
    get status() {
      return status
    },
    get message() {
      return status === BindingStatus.ok ? null : NEWER_SCHEMA_MESSAGE
    },
    readOnly,
    flush,
    guardHistory,
    installUndoGuard,
    confirmNew,
    dispose,
  }

  // ---- 1. schema check: decide before touching anything --------------------------------------
  const storedAtBind = getStoredSchema(doc)
  const relationAtBind = compareSchema(storedAtBind, store.schema)
  if (relationAtBind === 'newer' || getBoardLayout(doc) > CURRENT_LAYOUT) {
    status = BindingStatus.newerSchema
    disposed = true
    return binding
  }

  // ---- 2. bring the doc to our schema (or seed it, if the board is known to be new) -------------
  const docIsEmpty = records.size === 0 && storedAtBind === null
  let seeded = false
  if (!readOnly && !docHasBoardRecords()) {
    if (opts.newBoard === true) {
      if (docIsEmpty) {
        seedFromStore() // a picture shown meanwhile, with its changes, becomes the board
        seeded = true
      }
    } else {
      awaitingConfirm = true
      for (const record of store.allRecords()) {
        if (isStandIn(record) && !records.has(record.id)) unconfirmed.add(record.id)
      }
    }
  }
  if (!docIsEmpty) upgradeDoc(relationAtBind, storedAtBind)
  upgradeLayout()

  // ---- 3. listen to the store before loading, so fix-ups tldraw makes after the load (e.g. the
  // integrity checker creating a page when the doc has none) are written to the doc -------------
  const unlisten = store.listen(onStoreChange, { source: 'user', scope: 'document' })

  // ---- 3b. changes made on a picture of the board shown before binding: to the doc first --------
  const shownFirst = opts.earlyEdits !== undefined
  if (shownFirst && !seeded) {
    onStoreChange({ changes: opts.earlyEdits!, source: 'user' })
    if (docIsEmpty) dropPicture()
  }

  // ---- 4. initial load doc -> store: the doc is the truth ---------------------------------------
  if (!docIsEmpty) loadAll()

  // ---- 5. follow the doc ------------------------------------------------------------------------
  records.observeDeep(onRecordsChanged)
  board.observe(onBoardChanged)

  return binding

  // ==============================================================================================

  /**
   * The records tldraw makes itself when a store has none (its document and a page): kept as
   * local stand-ins until the board's own arrive.
   */
  function isStandIn(record: TLRecord): boolean {
    return isShared(record) && (record.typeName === 'document' || record.typeName === 'page')
  }

  /**
   * The doc has no board yet (its sync has not come): a picture shown before binding cannot be
   * checked against it, so its shapes, bindings and assets leave the store, as if the store had
   * been opened empty. Its document and page stay as stand-ins (unconfirmed, or for a viewer
   * local-only), so the canvas keeps a page. Changes made on the picture were written first.
   */
  function dropPicture() {
    const drop: TLRecord['id'][] = []
    for (const record of store.allRecords()) {
      if (!isShared(record) || records.has(record.id)) continue
      if (isStandIn(record)) {
        if (readOnly) localOnly.add(record.id)
      } else drop.push(record.id)
    }
    if (drop.length > 0) mergeIntoStore([], drop)
  }

  /** Whether the doc holds the board's own document record and at least one page. */
  function docHasBoardRecords(): boolean {
    if (!records.has('document:document')) return false
    for (const id of records.keys()) if (id.startsWith('page:')) return true
    return false
  }

  function seedFromStore() {
    doc.transact(() => {
      upgradeBoardLayout(doc) // first, so the records below are written in the current layout
      for (const record of store.allRecords()) if (isShared(record)) writeRecord(doc, record)
      setStoredSchema(doc, store.schema.serialize())
    }, TxOrigin.local)
  }

  function confirmNew() {
    if (disposed || readOnly || !awaitingConfirm) return
    flush()
    awaitingConfirm = false
    doc.transact(() => {
      for (const id of unconfirmed) {
        const record = store.get(id as TLRecord['id'])
        if (record && !records.has(id)) writeRecord(doc, record)
      }
      if (getStoredSchema(doc) === null) setStoredSchema(doc, store.schema.serialize())
    }, TxOrigin.local)
    unconfirmed.clear()
  }

  /**
   * Once the board's own document and page have arrived, the local stand-ins are dropped: the
   * document by being replaced (same id), a default page by removal (shapes drawn on it meanwhile
   * are re-homed like any shape whose parent is gone).
   */
  function settleUnconfirmed(): TLRecord['id'][] {
    if (!awaitingConfirm) return []
    for (const id of [...unconfirmed]) if (records.has(id)) unconfirmed.delete(id)
    if (!docHasBoardRecords()) return []
    awaitingConfirm = false
    const drop = [...unconfirmed].filter((id) => store.has(id as TLRecord['id'])) as TLRecord['id'][]
    unconfirmed.clear()
    return drop
  }

  /**
   * Rich text stored as JSON (an older board, an older app, or records that just arrived from one)
   * becomes a Y.XmlFragment, so the next concurrent edits merge (layout 2, docs/board-document.md).
   * Converting on arrival rather than on the first edit matters: two people converting the same
   * note on their first keystrokes would each create a fragment, and Yjs keeps only one of them.
   * Read-only viewers write nothing (they read both forms).
   */
  function upgradeLayout(ids?: Iterable<string>) {
    if (readOnly || getBoardLayout(doc) > CURRENT_LAYOUT || !needsLayoutUpgrade(doc, ids)) return
    doc.transact(() => upgradeBoardLayout(doc, ids), TxOrigin.layout)
  }

  /** Migrates older records in the doc (or, read-only, remembers to migrate them on read). */
  function upgradeDoc(relation: SchemaRelation, stored: StoredSchema | null) {
    if (relation === 'same') return
    if (relation === 'missing') {
      // Records without a schema: written by a tool that skipped it. Assume they are current.
      if (!readOnly) doc.transact(() => setStoredSchema(doc, store.schema.serialize()), TxOrigin.migration)
      return
    }
    // older
    if (readOnly) {
      readSchema = stored as unknown as SerializedSchema
      return
    }
    const raw = readAllRecords(doc).filter((r): r is Record<string, unknown> & { id: string } => typeof r.id === 'string')
    const migrated = migrateRecords(store.schema, raw, stored as unknown as SerializedSchema, (id, reason) =>
      report(id, new Error(`could not migrate record (${reason})`))
    )
    doc.transact(() => {
      if (migrated.removed) for (const id of migrated.removed) deleteRecord(doc, id)
      for (const record of migrated.records) writeRecord(doc, record)
      setStoredSchema(doc, store.schema.serialize())
    }, TxOrigin.migration)
  }

  /** Throws unless the candidate is a known, document-scope record stored under its own id. */
  function checkKind(id: string, candidate: Record<string, unknown>) {
    if (candidate.id !== id) throw new Error(`record id ${String(candidate.id)} does not match its key`)
    const typeName = candidate.typeName
    if (typeof typeName !== 'string' || !Object.prototype.hasOwnProperty.call(store.schema.types, typeName)) {
      throw new Error(`unknown record type ${String(typeName)}`)
    }
    if (!documentTypes.has(typeName)) {
      throw new Error(`${typeName} records are per-user state and do not belong in the board document`)
    }
  }

  /**
   * The record the store should hold for what the doc stores under `id`: the stored record if
   * valid; else the same record read as written by an older app (an old app offline keeps writing
   * its own format, F10); else, for a shape, the shape rebuilt from its valid fields (F11). Each
   * step depends on the stored record alone, so every peer reaches the same answer.
   */
  function validate(
    id: string,
    raw: Record<string, unknown> | null,
    fallbackPage: () => string | undefined,
    waiting: boolean,
    /** What the store holds under `id` now. */
    prev: TLRecord | null
  ): Validated {
    let candidate: Record<string, unknown>
    try {
      if (raw === null) throw new Error('stored value is not a record')
      candidate = raw
      if (readSchema) {
        const migrated = store.schema.migratePersistedRecord(raw as never, readSchema)
        if (migrated.type !== 'success') throw new Error(`could not migrate record (${migrated.reason})`)
        candidate = migrated.value as unknown as Record<string, unknown>
      }
      checkKind(id, candidate)
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error : new Error(String(error)) }
    }
    // tldraw's own validator, called exactly as store.put calls it (same phase, same previous
    // record): what it accepts, put would accept.
    const check = (c: Record<string, unknown>) => {
      checkKind(id, c)
      return store.schema.validateRecord(store, c as unknown as TLRecord, prev ? 'updateRecord' : 'createRecord', prev)
    }
    // Addresses of other hosts that tldraw would load (images, previews, embeds) are emptied
    // here, for every record from outside: see externalUrls.ts.
    const finish = (record: TLRecord, repaired: boolean): Validated => {
      const safe = withoutExternalUrls(record)
      // Validated as it is: store.put need not validate this very object again (a rewritten
      // copy, like any other object, is validated by put as usual). See mergeIntoStore.
      if (safe === record) validatedOnce.add(record)
      return { ok: true, record: safe, repaired: repaired || safe !== record }
    }
    try {
      return finish(check(candidate), false)
    } catch (error) {
      // half-arrived (the rest is pending in Yjs): no repair yet, keep the last good version
      if (waiting) return { ok: false, error: error instanceof Error ? error : new Error(String(error)) }
      const migrated = migrateFromOlder(store.schema, candidate, check)
      if (migrated) return finish(migrated, true)
      if (candidate.typeName === 'shape') {
        const rebuilt = rebuildShape(candidate, opts.defaultShapeProps?.(String(candidate.type)), fallbackPage(), check)
        if (rebuilt) {
          report(id, new Error(`repaired from its valid fields: ${messageOf(error)}`))
          return finish(rebuilt, true)
        }
      }
      return { ok: false, error: error instanceof Error ? error : new Error(String(error)) }
    }
  }

  /**
   * Makes the store hold what the doc says for each id: valid records (or their deterministic
   * repair, see validate) are put, records gone from the doc are removed, and records that cannot
   * be shown are reported and removed, so every peer — old or freshly joined — shows the same.
   * Shapes whose parent chain no longer reaches a page (parent deleted concurrently, a cycle) are
   * re-homed on the first page: a cycle never reaches tldraw, whose page lookup would spin on it.
   * Repairs are written back to the doc (the same value on every peer, so the writes converge).
   * `removeOthers` (initial load) also removes document records the doc does not have.
   */
  function applyFromDoc(ids: Iterable<string>, removeOthers = false) {
    // While Yjs holds updates whose predecessors are missing, the doc can show a record half
    // written. Repairs made now are kept in the store only and looked at again later.
    const waiting = doc.store.pendingStructs !== null || doc.store.pendingDs !== null
    const idSet = new Set(ids)
    if (!waiting && recheck.size > 0) {
      for (const id of recheck) idSet.add(id)
      recheck.clear()
    }
    const toPut = new Map<string, TLRecord>()
    const toRemove = new Set<TLRecord['id']>()
    const toWrite = new Set<string>()
    const seen = new Set<string>()
    let firstDocPage: string | undefined | null = null
    const fallbackPage = () =>
      (firstDocPage ??= [...records.keys()].filter((k) => k.startsWith('page:')).sort()[0])
    for (const id of idSet) {
      seen.add(id)
      if (heldLocally(id)) continue
      if (!records.has(id)) {
        if (unconfirmed.has(id)) continue
        const existing = store.get(id as TLRecord['id'])
        if (existing && isDocumentRecord(existing)) toRemove.add(existing.id)
        continue
      }
      const raw = readRecordById(doc, id)
      const held = store.get(id as TLRecord['id']) ?? null
      // What the store already holds, exactly: nothing to validate or put. (The store validated
      // it when it was put; opening on a picture of the board, this is nearly every record.)
      if (held && raw !== null && !readSchema && docValuesEqual(raw, held)) continue
      const result = validate(id, raw, fallbackPage, waiting, held)
      if (result.ok) {
        toPut.set(id, result.record)
        if (result.repaired) toWrite.add(id)
        continue
      }
      report(id, result.error)
      if (waiting) recheck.add(id) // keep the last good version until the rest arrives
      else if (store.has(id as TLRecord['id'])) toRemove.add(id as TLRecord['id']) // shown nowhere
    }
    for (const id of settleUnconfirmed()) toRemove.add(id)
    if (removeOthers) {
      for (const record of store.allRecords()) {
        if (isShared(record) && !seen.has(record.id) && !unconfirmed.has(record.id)) toRemove.add(record.id)
      }
    } else if (localOnly.size > 0) {
      flush() // hand over pending local additions first
      for (const id of localOnly) if (!records.has(id) && !seen.has(id)) toRemove.add(id as TLRecord['id'])
    }
    localOnly.clear()

    rehomeUnrooted(toPut, toRemove, toWrite, waiting)
    if (toPut.size === 0 && toRemove.size === 0) return

    if (!readOnly && !waiting && toWrite.size > 0) {
      doc.transact(() => {
        for (const id of toWrite) {
          const record = toPut.get(id)
          if (record && records.has(id)) writeRecord(doc, record)
        }
      }, TxOrigin.local)
    } else if (waiting) {
      for (const id of toWrite) recheck.add(id)
    }

    const puts = [...toPut.values()]
    const removes = [...toRemove]
    try {
      mergeIntoStore(puts, removes)
    } catch (error) {
      // The store is busy (a remote change arrived inside a store operation): let the caller retry.
      if ((store as unknown as { _isInAtomicOp?: boolean })._isInAtomicOp) throw error
      // tldraw's side effects run at the end of the merge, outside the per-record catches, and a
      // throw there rolls the whole batch back. Apply record by record: one bad record must never
      // take good ones with it.
      console.warn('[circleboard] a remote batch failed; applying it record by record', error)
      for (const record of puts) {
        try {
          mergeIntoStore([record], [])
        } catch (e) {
          report(record.id, e)
        }
      }
      for (const id of removes) {
        try {
          mergeIntoStore([], [id])
        } catch (e) {
          report(id, e)
        }
      }
    }
  }

  /** Re-homes (or, with no page to go to, hides) shapes whose parent chain would not reach a page. */
  function rehomeUnrooted(toPut: Map<string, TLRecord>, toRemove: Set<TLRecord['id']>, toWrite: Set<string>, waiting: boolean) {
    const get = (id: string): TLRecord | undefined => {
      const put = toPut.get(id)
      if (put) return put
      if (toRemove.has(id as TLRecord['id'])) return undefined
      return store.get(id as TLRecord['id'])
    }
    const candidates = new Set<string>()
    for (const record of toPut.values()) if (record.typeName === 'shape') candidates.add(record.id)
    if ([...toRemove].some((id) => id.startsWith('shape:') || id.startsWith('page:'))) {
      for (const record of store.allRecords()) {
        if (record.typeName === 'shape' && toRemove.has(record.parentId) && !toRemove.has(record.id)) candidates.add(record.id)
      }
    }
    if (candidates.size === 0) return
    // (the walk also stops at the first repeat, so the bound is only a backstop)
    const fixes = findUnrootedShapes([...candidates].sort(), get, records.size + toPut.size + 1)
    if (fixes.size === 0) return
    // Only a page the doc has counts: a local stand-in page would make this peer's choice its own.
    const pages: TLRecord[] = []
    for (const record of store.allRecords()) {
      if (record.typeName === 'page' && !toPut.has(record.id) && !toRemove.has(record.id) && records.has(record.id)) pages.push(record)
    }
    for (const record of toPut.values()) if (record.typeName === 'page') pages.push(record)
    const target = firstPage(pages as Array<TLRecord & { index?: unknown }>)
    for (const id of fixes) {
      const shape = get(id) as TLShape | undefined
      if (!shape) continue
      if (!target) {
        toPut.delete(id)
        toWrite.delete(id)
        if (store.has(id as TLRecord['id'])) toRemove.add(id as TLRecord['id'])
        recheck.add(id)
        continue
      }
      // A parent deleted concurrently is an ordinary outcome of people editing at once; a parent
      // that is there but leads round in a cycle is a broken (or hostile) record: report that.
      if (get(shape.parentId)) report(id, new Error(`its parent chain is a cycle: moved to ${target.id}`))
      toPut.set(id, { ...shape, parentId: target.id as TLShape['parentId'] })
      if (waiting) recheck.add(id)
      else toWrite.add(id)
    }
  }

  /**
   * Puts and removes records as one remote change. Records that validate() has just validated
   * with tldraw's own validator are not validated a second time by store.put (it was half of a
   * remote batch's cost in the store, BENCHMARKS.md "Applying 5,000 shapes"): for the length of
   * this call, the store's schema answers put's validateRecord for exactly those objects — each
   * once, by identity — and hands every other record (a copy made by a side effect, a re-homed
   * shape, what tldraw puts itself) to the real validator. Records are immutable, so an object
   * that passed the validator still passes it; a record that fails is still reported on its own.
   */
  function mergeIntoStore(puts: TLRecord[], removes: TLRecord['id'][]) {
    const schema = store.schema
    const hadOwn = Object.prototype.hasOwnProperty.call(schema, 'validateRecord')
    const validateRecord = schema.validateRecord
    schema.validateRecord = function (this: typeof schema, s, record, phase, recordBefore) {
      if (s === store && validatedOnce.delete(record)) return record
      return validateRecord.call(this, s, record, phase, recordBefore)
    }
    try {
      putAndRemove(puts, removes)
    } finally {
      if (hadOwn) schema.validateRecord = validateRecord
      else delete (schema as { validateRecord?: unknown }).validateRecord
    }
  }

  function putAndRemove(puts: TLRecord[], removes: TLRecord['id'][]) {
    store.mergeRemoteChanges(() => {
      for (const record of puts) {
        const prev = store.get(record.id)
        try {
          store.put([record])
        } catch (error) {
          report(record.id, error)
          continue
        }
        remoteDeletes.delete(record.id)
        if (prev) markRemoteFields(record.id, prev, record)
      }
      for (const id of removes) {
        if (!store.has(id)) continue
        try {
          store.remove([id])
        } catch (error) {
          report(id, error)
          continue
        }
        remoteFields.delete(id)
        remoteDeletes.add(id)
        if (remoteDeletes.size > MAX_TRACKED_REMOTE_DELETES) {
          remoteDeletes.delete(remoteDeletes.values().next().value as string)
        }
      }
    })
  }

  function loadAll() {
    applyFromDoc([...records.keys()], true)
  }

  function markRemoteFields(id: string, prev: TLRecord, next: TLRecord) {
    const changed = changedRecordFields(prev as never, next as never)
    if (changed.length === 0) return
    let set = remoteFields.get(id)
    if (!set) remoteFields.set(id, (set = new Set()))
    for (const field of changed) set.add(field)
  }

  // ---- store -> doc -----------------------------------------------------------------------------

  function onStoreChange({ changes }: HistoryEntry<TLRecord>) {
    if (disposed) return
    if (readOnly) {
      // Nothing is written. Remember records tldraw made up locally (e.g. the integrity checker's
      // default page while the board had no page), so they go once the board's own arrive.
      for (const record of Object.values(changes.added)) if (isDocumentRecord(record)) localOnly.add(record.id)
      for (const record of Object.values(changes.removed)) localOnly.delete(record.id)
      return
    }
    const guarding = historyDepth > 0
    doc.transact(() => {
      for (const record of Object.values(changes.added)) {
        if (!isShared(record)) continue
        if (awaitingConfirm && (record.typeName === 'document' || record.typeName === 'page') && !records.has(record.id)) {
          // tldraw's integrity checker made a default document or page: keep it local until the
          // board is known to be new (confirmNew) or the board's own arrive
          unconfirmed.add(record.id)
          continue
        }
        if (guarding && remoteDeletes.has(record.id)) {
          // an undo is resurrecting something someone else deleted: keep it deleted
          toReconcile.add(record.id)
          continue
        }
        remoteDeletes.delete(record.id)
        writeRecord(doc, record)
      }
      for (const [from, to] of Object.values(changes.updated)) {
        if (!isDocumentRecord(to) || unconfirmed.has(to.id) || isPrivate(to)) continue
        if (isPrivate(from)) {
          // revealed: it enters the doc whole, as a new record would
          remoteDeletes.delete(to.id)
          writeRecord(doc, to)
          continue
        }
        const owned = remoteFields.get(to.id)
        const skip = guarding && owned ? (field: string) => owned.has(field) : undefined
        const written = writeRecordChanges(doc, from, to, skip)
        if (written === null) {
          // deleted in the doc meanwhile: the delete wins; put the store back in line
          toReconcile.add(to.id)
          continue
        }
        if (owned) {
          for (const field of written) owned.delete(field)
          if (skip && changedRecordFields(from as never, to as never).some(skip)) toReconcile.add(to.id)
          if (owned.size === 0) remoteFields.delete(to.id)
        }
      }
      for (const record of Object.values(changes.removed)) {
        if (!isShared(record)) continue
        unconfirmed.delete(record.id)
        remoteFields.delete(record.id)
        deleteRecord(doc, record.id)
      }
    }, TxOrigin.local)
    if (!guarding && toReconcile.size > 0) reconcile()
  }

  /** Sets the store back to the doc's version of records a local write could not (or must not) change. */
  function reconcile() {
    const ids = [...toReconcile]
    toReconcile.clear()
    applyFromDoc(ids)
  }

  function flush() {
    if (disposed) return
    // Store.listen delivers changes once per animation frame; this hands them over now.
    store._flushHistory()
  }

  // ---- doc -> store -----------------------------------------------------------------------------

  function onRecordsChanged(events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction) {
    if (disposed || isOwnOrigin(transaction.origin)) return
    const ids = new Set<string>()
    for (const event of events) {
      if (event.path.length > 0) ids.add(String(event.path[0]))
      else for (const key of (event as Y.YMapEvent<unknown>).keysChanged) ids.add(key)
    }
    if (ids.size === 0) return
    // Read before anything is applied: the store still shows what a lost version said.
    const lostTexts = readOnly ? [] : collectLostTexts(events, transaction)
    try {
      // Local edits not yet written must reach the doc first; otherwise loading the doc's version
      // would overwrite them in the store while they still wait to be written — the two would part.
      flush()
      applyFromDoc(ids)
      upgradeLayout(ids)
      if (lostTexts.length > 0) keepLostTexts(lostTexts)
    } catch (error) {
      // Never let a failure escape into Yjs (it would surface inside the provider's message
      // handler). Try again once the current store operation, if any, has finished.
      console.error('[circleboard] could not apply a remote change; retrying', error)
      queueMicrotask(() => {
        if (disposed) return
        try {
          flush()
          applyFromDoc(ids)
        } catch (retryError) {
          console.error('[circleboard] could not apply a remote change', retryError)
        }
      })
    }
  }

  /**
   * Texts that lost a race in this transaction (see shared/src/lostVersions.ts): two devices each
   * replaced a note's whole text value without having seen the other's. The text this device showed
   * (or the JSON value that arrived already beaten) is kept as a second note beside the first,
   * under an id derived from the lost value, so every device that keeps it makes the same note.
   */
  function collectLostTexts(events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction) {
    const out: Array<{ shapeId: string; lostId: string; richText: unknown; original: TLShape }> = []
    for (const event of events) {
      if (event.path.length !== 2 || event.path[1] !== 'props' || !(event.target instanceof Y.Map)) continue
      if (!(event as Y.YMapEvent<unknown>).keysChanged.has(RICH_TEXT_PROP)) continue
      const shapeId = String(event.path[0])
      const original = store.get(shapeId as TLShape['id']) as TLShape | undefined
      if (!original || original.typeName !== 'shape') continue
      for (const lost of concurrentlyLostValues(event.target, RICH_TEXT_PROP, transaction)) {
        const richText = lost.wasVisible ? (original.props as Record<string, unknown>)[RICH_TEXT_PROP] : lost.json
        if (richText === undefined) continue
        out.push({ shapeId, lostId: keptVersionId(lost), richText, original })
      }
    }
    return out
  }

  function keepLostTexts(lostTexts: ReturnType<typeof collectLostTexts>) {
    const written: string[] = []
    doc.transact(() => {
      for (const { shapeId, lostId, richText, original } of lostTexts) {
        if (records.has(lostId)) continue // another device kept it already
        const now = readRecordById(doc, shapeId) as { props?: Record<string, unknown> } | null
        if (now && docValuesEqual(now.props?.[RICH_TEXT_PROP], richText)) continue // same words: nothing lost
        const copy = keptVersionRecord((now ?? original) as unknown as Record<string, unknown>, lostId, richText)
        writeRecord(doc, copy)
        written.push(lostId)
      }
    }, TxOrigin.local)
    if (written.length > 0) {
      console.info(`[circleboard] kept ${written.length} text version(s) that lost a race as separate notes`)
      applyFromDoc(written)
    }
  }

  function onBoardChanged(event: Y.YMapEvent<unknown>, transaction: Y.Transaction) {
    if (disposed || isOwnOrigin(transaction.origin)) return
    if (!event.keysChanged.has(BOARD_SCHEMA_KEY) && !event.keysChanged.has(BOARD_LAYOUT_KEY)) return
    const stored = getStoredSchema(doc)
    const relation = compareSchema(stored, store.schema)
    if (relation === 'newer' || getBoardLayout(doc) > CURRENT_LAYOUT) {
      // A newer app upgraded the board while we were on it: stop before we write old-format data.
      flush()
      stop()
      status = BindingStatus.newerSchema
      opts.onStatusChange?.(status, NEWER_SCHEMA_MESSAGE)
      return
    }
    flush()
    if (relation === 'same') {
      // a read-only viewer of an older board: a writer has just upgraded it, stop migrating on read
      if (readSchema) {
        readSchema = null
        loadAll()
      }
      upgradeLayout() // e.g. an older board's schema won over ours and dropped the layout marker
      return
    }
    // e.g. we seeded an empty doc and then the server's older board arrived: upgrade what came in
    upgradeDoc(relation, stored)
    loadAll()
    upgradeLayout()
  }

  // ---- undo guard -------------------------------------------------------------------------------

  function guardHistory<T>(fn: () => T): T {
    if (disposed || readOnly) return fn()
    if (historyDepth === 0) flush() // earlier edits are ordinary edits, written unguarded
    historyDepth++
    try {
      const result = fn()
      flush()
      return result
    } finally {
      historyDepth--
      if (historyDepth === 0 && toReconcile.size > 0) reconcile()
    }
  }

  function installUndoGuard(editor: UndoableEditor): () => void {
    const original = {
      undo: editor.undo,
      redo: editor.redo,
      bail: editor.bail,
      bailToMark: editor.bailToMark,
    }
    editor.undo = () => guardHistory(() => original.undo.call(editor))
    editor.redo = () => guardHistory(() => original.redo.call(editor))
    editor.bail = () => guardHistory(() => original.bail.call(editor))
    editor.bailToMark = (id: string) => guardHistory(() => original.bailToMark.call(editor, id))
    return () => Object.assign(editor, original)
  }

  function stop() {
    if (disposed) return
    disposed = true
    unlisten()
    records.unobserveDeep(onRecordsChanged)
    board.unobserve(onBoardChanged)
  }

  function dispose() {
    if (disposed) return
    flush()
    stop()
  }
}
