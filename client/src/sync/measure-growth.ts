/**
 * Doc growth figures for docs/board-document.md and BENCHMARKS.md. Not a test: prints sizes.
 *
 *   cd client && npx tsx src/sync/measure-growth.ts     (about 15-50 s)
 *
 * Every edit goes through the real binding (store.put -> flush -> doc), one transaction per edit,
 * which is what a person produces at one change per frame.
 */
import * as Y from 'yjs'
import { writeRecord, writeRecordChanges } from '@circleboard/shared'
import { makeShape, newPeer, noteText } from './testkit'

function size(doc: Y.Doc) {
  return Y.encodeStateAsUpdate(doc).byteLength
}
function kb(n: number) {
  return `${(n / 1024).toFixed(1)} KiB`
}

// tldraw hands store changes to listeners per animation frame, which Node lacks; its test mode
// delivers them at once instead (read when called, so setting it here is early enough).
process.env.NODE_ENV = 'test'

const rows: Array<[string, string]> = []
const row = (what: string, value: string) => rows.push([what, value])

{
  const p = newPeer('empty')
  row('new board (document + one page + schema)', `${size(p.doc)} B`)
}

for (const n of [100, 1000]) {
  const p = newPeer('creates')
  const before = size(p.doc)
  for (let i = 0; i < n; i++) {
    p.store.put([makeShape(p.store, 'note', { x: (i % 40) * 220, y: Math.floor(i / 40) * 220, props: { richText: noteText(`Idea ${i}`) } })])
    p.binding.flush()
  }
  const after = size(p.doc)
  row(`${n} notes created (short text)`, `${kb(after)} (${Math.round((after - before) / n)} B per note)`)
}

for (const n of [100, 1000, 10000]) {
  const p = newPeer('moves')
  const note = makeShape(p.store, 'note', { id: 'shape:moved' })
  p.store.put([note])
  p.binding.flush()
  const before = size(p.doc)
  let updateBytes = 0
  p.doc.on('update', (u: Uint8Array) => (updateBytes += u.byteLength))
  for (let i = 1; i <= n; i++) {
    const cur = p.store.get(note.id)!
    p.store.put([{ ...cur, x: cur.x + 1, y: cur.y + 1 }])
    p.binding.flush()
  }
  const after = size(p.doc)
  row(
    `${n} moves of one note (x and y)`,
    `+${kb(after - before)} encoded state (${((after - before) / n).toFixed(1)} B per move); ${Math.round(updateBytes / n)} B per update on the wire`
  )
}

for (const n of [100, 1000]) {
  const p = newPeer('typing')
  const note = makeShape(p.store, 'note', { id: 'shape:typed' })
  p.store.put([note])
  p.binding.flush()
  const before = size(p.doc)
  let updateBytes = 0
  p.doc.on('update', (u: Uint8Array) => (updateBytes += u.byteLength))
  let text = ''
  for (let i = 0; i < n; i++) {
    text += 'abcdefghij'[i % 10]
    const cur = p.store.get(note.id)!
    p.store.put([{ ...cur, props: { ...(cur.props as object), richText: noteText(text) } } as typeof cur])
    p.binding.flush()
  }
  const after = size(p.doc)
  row(
    `typing ${n} characters into one note (one write per keystroke)`,
    `+${kb(after - before)} (${((after - before) / n).toFixed(1)} B per keystroke); ${Math.round(updateBytes / n)} B per update on the wire`
  )
}

{
  // Typing in the middle of a note's text (a correction), not at its end.
  const p = newPeer('typing-middle')
  const note = makeShape(p.store, 'note', { id: 'shape:typed', props: { richText: noteText('Dream: a home of my own') } })
  p.store.put([note])
  p.binding.flush()
  const before = size(p.doc)
  let updateBytes = 0
  p.doc.on('update', (u: Uint8Array) => (updateBytes += u.byteLength))
  let inserted = ''
  for (let i = 0; i < 100; i++) {
    inserted += 'abcdefghij'[i % 10]
    const cur = p.store.get(note.id)!
    p.store.put([{ ...cur, props: { ...(cur.props as object), richText: noteText(`Dream: a ${inserted}home of my own`) } } as typeof cur])
    p.binding.flush()
  }
  const after = size(p.doc)
  row(
    'typing 100 characters in the middle of a note',
    `+${kb(after - before)} (${((after - before) / 100).toFixed(1)} B per keystroke); ${Math.round(updateBytes / 100)} B per update on the wire`
  )
}

{
  // Reference: layout 1 (rich text as one JSON value per note), the same edits written with the
  // same doclayout functions into a doc that never got the layout-2 marker.
  const p = newPeer('ref-layout1')
  const doc = new Y.Doc()
  const note = makeShape(p.store, 'note', { id: 'shape:typed' })
  writeRecord(doc, note)
  const emptyNote = size(doc)
  for (let i = 0; i < 100; i++) writeRecord(doc, makeShape(p.store, 'note', { id: `shape:r${i}`, props: { richText: noteText(`Idea ${i}`) } }))
  row('reference, layout 1 (JSON rich text): per note created (short text)', `${Math.round((size(doc) - emptyNote) / 100)} B per note`)
  for (const n of [100, 1000]) {
    const d = new Y.Doc()
    writeRecord(d, note)
    const before = size(d)
    let updateBytes = 0
    d.on('update', (u: Uint8Array) => (updateBytes += u.byteLength))
    let text = ''
    let prev = note
    for (let i = 0; i < n; i++) {
      text += 'abcdefghij'[i % 10]
      const next = { ...prev, props: { ...(prev.props as object), richText: noteText(text) } } as typeof prev
      writeRecordChanges(d, prev, next)
      prev = next
    }
    row(
      `reference, layout 1 (JSON rich text): typing ${n} characters`,
      `+${kb(size(d) - before)} (${((size(d) - before) / n).toFixed(1)} B per keystroke); ${Math.round(updateBytes / n)} B per update on the wire`
    )
  }
}

{
  // For comparison: the same 1000 moves if each record were one JSON value (no per-field maps).
  const doc = new Y.Doc()
  const p = newPeer('ref')
  const note = makeShape(p.store, 'note', { id: 'shape:whole' })
  const map = doc.getMap('records')
  map.set(note.id, note)
  const before = size(doc)
  let cur = note
  for (let i = 1; i <= 1000; i++) {
    cur = { ...cur, x: i, y: i }
    map.set(note.id, cur)
  }
  row('reference: 1000 moves with whole-record values (not our layout)', `+${kb(size(doc) - before)}`)
}

{
  const p = newPeer('deleted')
  for (let i = 0; i < 1000; i++) {
    p.store.put([makeShape(p.store, 'note', { id: `shape:d${i}` })])
    p.binding.flush()
  }
  const full = size(p.doc)
  p.store.remove(Array.from({ length: 1000 }, (_, i) => `shape:d${i}` as never))
  p.binding.flush()
  row('1000 notes created then all deleted', `${kb(size(p.doc))} left (was ${kb(full)})`)
}

console.log('| what | encoded Y.Doc state |\n|---|---|')
for (const [what, value] of rows) console.log(`| ${what} | ${value} |`)
// tldraw keeps timers alive in Node; this script is done.
process.exit(0)
