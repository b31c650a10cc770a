/**
 * What the history panel and the version view do with a version: open it for a look, restore it,
 * copy it into a new board. Plain async functions over the editor and BoardVersions.
 */
import type { Editor, TLRecord, TLStore } from 'tldraw'
import * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import { newRoomId, setBoardName, setStoredSchema, versionTitle, writeRecord, type VersionInfo } from '@circleboard/shared'
import { localDbName } from '../board/localDb'
import { createLocalBoard } from '../app/localBoards'
import { isPrivateRecord } from '../facilitation/privateWriting'
import type { BoardVersions } from './BoardVersions'
import { saveBeforeBulkChange } from './autoVersion'
import { restoreRecords, versionRecords } from './restore'

export interface LoadedVersion {
  records: TLRecord[]
  dropped: number
}

/** A version's records, read and validated against this app's schema. Throws with a readable message. */
export async function loadVersion(versions: BoardVersions, store: TLStore, v: VersionInfo, signal?: AbortSignal): Promise<LoadedVersion> {
  const state = await versions.getState(v, signal)
  const read = versionRecords(store, state)
  if (!read.ok) throw new Error(read.error)
  return { records: read.records, dropped: read.dropped }
}

export type RestoreOutcome = { ok: true; changed: number } | { ok: false; reason: 'cancelled' | 'readonly' }

/**
 * Restores a version: first saves an automatic "before restoring" version, then writes the
 * difference as one undoable step. Notes this device keeps private are left alone.
 */
export async function restoreVersion(editor: Editor, records: readonly TLRecord[]): Promise<RestoreOutcome> {
  if (editor.getIsReadonly()) return { ok: false, reason: 'readonly' }
  if (!(await saveBeforeBulkChange('before-restore'))) return { ok: false, reason: 'cancelled' }
  if (editor.isDisposed || editor.getIsReadonly()) return { ok: false, reason: 'readonly' }
  const diff = restoreRecords(editor, records, isPrivateRecord)
  return { ok: true, changed: diff.puts.length + diff.removes.length }
}

/** "<board> — <version title>", within a board name's length. */
export function copyName(boardName: string, v: VersionInfo): string {
  return `${boardName.trim() || 'Untitled board'} — ${versionTitle(v)}`.slice(0, 120)
}

/**
 * A new board on this device holding the version's records, written fresh into a new doc (no Yjs
 * history or client ids of the old board). Returns its room id; the caller opens it.
 */
export async function writeBoardFromVersion(store: TLStore, records: readonly TLRecord[], name: string): Promise<string> {
  const roomId = newRoomId()
  const doc = new Y.Doc()
  const idb = new IndexeddbPersistence(localDbName(roomId), doc)
  try {
    await idb.whenSynced
    doc.transact(() => {
      for (const r of records) writeRecord(doc, JSON.parse(JSON.stringify(r)) as TLRecord)
      setStoredSchema(doc, store.schema.serialize())
      setBoardName(doc, name)
    })
  } finally {
    // Closing waits for the write transaction the update started.
    await idb.destroy()
    doc.destroy()
  }
  await createLocalBoard(roomId, name)
  return roomId
}
