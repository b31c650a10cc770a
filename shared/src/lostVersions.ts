/**
 * Versions that lost a race. Yjs resolves two concurrent writes to one map key by keeping one
 * value; the other is deleted without a trace. For most fields that is the right answer (two
 * people dragging one note: one position wins). For a note's text it is a lost version: it happens
 * when two devices each replace the text value without having seen the other's — two devices
 * converting the same old-layout note before syncing, or an app older than layout 2 writing JSON
 * text offline over merged text. The binding keeps such a version visibly, as a second note.
 *
 * A value replaced knowingly (an ordinary edit) is the `origin` of the item that replaced it:
 * Yjs makes a map write's item point to the item it overwrote. A value deleted in a transaction
 * that no other item of its key points to was therefore never seen by its replacer: it lost.
 */
import * as Y from 'yjs'
import { getRecordsMap, readRecordById, RICH_TEXT_PROP, docValuesEqual } from './doclayout'

export interface LostValue {
  /** The lost item's id: the same on every device, so copies made of it converge. */
  client: number
  clock: number
  /** Whether this device showed the value until this transaction (then the store still has it). */
  wasVisible: boolean
  /** The value itself when it is plain JSON (readable even though deleted); undefined for Yjs types. */
  json: unknown
}

function sameId(a: Y.ID | null, b: Y.ID): boolean {
  return a !== null && a.client === b.client && a.clock === b.clock
}

/**
 * The values of `map[key]` that `transaction` deleted without anyone having replaced them
 * knowingly. Bounded: looks at most `maxItems` items back along the key's history.
 */
export function concurrentlyLostValues(map: Y.Map<unknown>, key: string, transaction: Y.Transaction, maxItems = 64): LostValue[] {
  const current = (map as unknown as { _map: Map<string, Y.Item> })._map.get(key)
  if (!current || current.deleted) return [] // the key was deleted: a delete is a choice, not a race
  const chain: Y.Item[] = []
  for (let item: Y.Item | null = current; item !== null && chain.length < maxItems; item = item.left as Y.Item | null) {
    chain.push(item)
  }
  const lost: LostValue[] = []
  for (const item of chain) {
    if (item === current || !item.deleted) continue
    if (!Y.isDeleted(transaction.deleteSet, item.id)) continue // lost (or replaced) in an earlier transaction
    if (chain.some((other) => other !== item && sameId(other.origin, item.lastId))) continue // replaced knowingly
    const added = (transaction.beforeState.get(item.id.client) ?? 0) <= item.id.clock
    const content = item.content
    lost.push({
      client: item.id.client,
      clock: item.id.clock,
      wasVisible: !added,
      json: content instanceof Y.ContentAny ? content.getContent()[0] : undefined,
    })
  }
  return lost
}

/** The id of the note that keeps a lost version: the same on every device that keeps it. */
export function keptVersionId(lost: { client: number; clock: number }): string {
  return `shape:kept-${lost.client}-${lost.clock}`
}

/**
 * The note that keeps a lost text: a copy of the shape as it now stands, beside it (to the right,
 * one note's width away), holding the lost text, and saying in its meta which note it comes from.
 * Its index sorts just above the original's (a base-62 digit appended keeps the key valid).
 */
export function keptVersionRecord(current: Record<string, unknown>, lostId: string, richText: unknown): Record<string, unknown> & { id: string } {
  const props = (current.props ?? {}) as Record<string, unknown>
  const meta = (current.meta ?? {}) as Record<string, unknown>
  return {
    ...current,
    id: lostId,
    x: (typeof current.x === 'number' ? current.x : 0) + 220,
    index: typeof current.index === 'string' ? `${current.index}V` : current.index,
    props: { ...props, [RICH_TEXT_PROP]: richText },
    meta: { ...meta, keptVersionOf: current.id },
  }
}

/**
 * For a peer that only sees the doc (the relay): JSON texts that arrived in `transaction` already
 * beaten by a value this peer had, as the notes that keep them. A device that showed the beaten
 * value keeps it itself (client binding); a JSON value written by an app older than layout 2 can
 * only be kept by whoever receives it first with its content, and on the way through the relay
 * that is the relay (it discards a beaten value's content once the transaction ends).
 */
export function keptTextsArrivingBeaten(doc: Y.Doc, transaction: Y.Transaction): Array<Record<string, unknown> & { id: string }> {
  const records = getRecordsMap(doc)
  const out: Array<Record<string, unknown> & { id: string }> = []
  for (const [type, keys] of transaction.changed) {
    if (!keys.has(RICH_TEXT_PROP) || !(type instanceof Y.Map)) continue
    const recordItem = type._item?.parent instanceof Y.Map ? (type._item.parent as Y.Map<unknown>)._item : null
    if (!recordItem || recordItem.parent !== records || type._item?.parentSub !== 'props') continue
    const shapeId = recordItem.parentSub
    if (typeof shapeId !== 'string') continue
    for (const lost of concurrentlyLostValues(type, RICH_TEXT_PROP, transaction)) {
      if (lost.wasVisible || lost.json === undefined) continue
      const id = keptVersionId(lost)
      if (records.has(id)) continue
      const current = readRecordById(doc, shapeId)
      if (!current || docValuesEqual((current.props as Record<string, unknown> | undefined)?.[RICH_TEXT_PROP], lost.json)) continue
      out.push(keptVersionRecord(current, id, lost.json))
    }
  }
  return out
}
