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
  type StoredSchema,
} from '@circleboard/shared'
import type { HistoryEntry, SerializedSchema, TLRecord, TLStore } from 'tldraw'
import * as Y from 'yjs'
import { migrateRecords } from './migrate'
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

type Validated = { ok: true; record: TLRecord } | { ok: false; error: Error }

const MAX_TRACKED_REMOTE_DELETES = 10_000

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

  const documentTypes = store.scopedTypes.document as ReadonlySet<string>
  const isDocumentRecord = (record: { typeName: string }): boolean => documentTypes.has(record.typeName)

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

  // ---- 2. bring the doc to our schema (or seed it) --------------------------------------------
  const docIsEmpty = records.size === 0 && storedAtBind === null
  if (docIsEmpty) {
    if (!readOnly) {
      doc.transact(() => {
        upgradeBoardLayout(doc) // first, so the records below are written in the current layout
        for (const record of store.allRecords()) if (isDocumentRecord(record)) writeRecord(doc, record)
        setStoredSchema(doc, store.schema.serialize())
      }, TxOrigin.local)
    }
  } else {
    upgradeDoc(relationAtBind, storedAtBind)
    upgradeLayout()
  }

  // ---- 3. listen to the store before loading, so fix-ups tldraw makes after the load (e.g. the
  // integrity checker creating a page when the doc has none) are written to the doc -------------
  const unlisten = store.listen(onStoreChange, { source: 'user', scope: 'document' })

  // ---- 4. initial load doc -> store: the doc is the truth ---------------------------------------
  if (!docIsEmpty) loadAll()

  // ---- 5. follow the doc ------------------------------------------------------------------------
  records.observeDeep(onRecordsChanged)
  board.observe(onBoardChanged)

  return binding

  // ==============================================================================================

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

  function validate(id: string, raw: Record<string, unknown> | null): Validated {
    try {
      if (raw === null) throw new Error('stored value is not a record')
      let candidate = raw
      if (readSchema) {
        const migrated = store.schema.migratePersistedRecord(raw as never, readSchema)
        if (migrated.type !== 'success') throw new Error(`could not migrate record (${migrated.reason})`)
        candidate = migrated.value as unknown as Record<string, unknown>
      }
      if (candidate.id !== id) throw new Error(`record id ${String(candidate.id)} does not match its key`)
      const typeName = candidate.typeName
      if (typeof typeName !== 'string' || !Object.prototype.hasOwnProperty.call(store.schema.types, typeName)) {
        throw new Error(`unknown record type ${String(typeName)}`)
      }
      if (!documentTypes.has(typeName)) {
        throw new Error(`${typeName} records are per-user state and do not belong in the board document`)
      }
      const prev = store.get(id as TLRecord['id']) ?? null
      const record = store.schema.validateRecord(
        store,
        candidate as unknown as TLRecord,
        prev ? 'updateRecord' : 'createRecord',
        prev
      )
      return { ok: true, record }
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error : new Error(String(error)) }
    }
  }

  /**
   * Makes the store hold the doc's version of each id: valid records are put, records gone from
   * the doc are removed, invalid ones are reported and the store keeps its last good version.
   * `removeOthers` (initial load) also removes document records the doc does not have.
   */
  function applyFromDoc(ids: Iterable<string>, removeOthers = false) {
    const toPut: TLRecord[] = []
    const toRemove: TLRecord['id'][] = []
    const seen = new Set<string>()
    for (const id of ids) {
      seen.add(id)
      if (!records.has(id)) {
        const existing = store.get(id as TLRecord['id'])
        if (existing && isDocumentRecord(existing)) toRemove.push(existing.id)
        continue
      }
      const result = validate(id, readRecordById(doc, id))
      if (result.ok) toPut.push(result.record)
      else report(id, result.error)
    }
    if (removeOthers) {
      for (const record of store.allRecords()) {
        if (isDocumentRecord(record) && !seen.has(record.id)) toRemove.push(record.id)
      }
    } else if (localOnly.size > 0) {
      flush() // hand over pending local additions first
      for (const id of localOnly) if (!records.has(id) && !seen.has(id)) toRemove.push(id as TLRecord['id'])
    }
    localOnly.clear()
    if (toPut.length === 0 && toRemove.length === 0) return

    store.mergeRemoteChanges(() => {
      for (const record of toPut) {
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
      for (const id of toRemove) {
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
        if (!isDocumentRecord(record)) continue
        if (guarding && remoteDeletes.has(record.id)) {
          // an undo is resurrecting something someone else deleted: keep it deleted
          toReconcile.add(record.id)
          continue
        }
        remoteDeletes.delete(record.id)
        writeRecord(doc, record)
      }
      for (const [from, to] of Object.values(changes.updated)) {
        if (!isDocumentRecord(to)) continue
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
        if (!isDocumentRecord(record)) continue
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
    try {
      // Local edits not yet written must reach the doc first; otherwise loading the doc's version
      // would overwrite them in the store while they still wait to be written — the two would part.
      flush()
      applyFromDoc(ids)
      upgradeLayout(ids)
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
