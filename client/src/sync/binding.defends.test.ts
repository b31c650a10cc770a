/**
 * What the binding defends (docs/board-document.md, "What the binding defends"): one test per
 * finding of the December 2026 audit, each written to fail on the binding before the fix.
 */
import { getRecordsMap, readRecordById, writeRecord } from '@circleboard/shared'
import type { TLRecord, TLShape } from 'tldraw'
import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { TxOrigin } from './origins'
import { findUnrootedShapes } from './repair'
import { docRecords, exchange, makeShape, newPeer, noteText, storeDocRecords, type Peer } from './testkit'

function docWithClient(clientID: number): Y.Doc {
  const doc = new Y.Doc()
  doc.clientID = clientID
  return doc
}

/** A doc outside any binding, holding what `from` has: a hostile or careless peer writes into it. */
function rawCopy(from: Y.Doc): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(from))
  return doc
}

function send(from: Y.Doc, to: Y.Doc) {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), TxOrigin.remote)
}

/** Every shape in the store reaches a page through its parents (what tldraw's page lookup assumes). */
function unrooted(p: Peer): string[] {
  const shapes = p.store.allRecords().filter((r) => r.typeName === 'shape')
  return [...findUnrootedShapes(shapes.map((s) => s.id), (id) => p.store.get(id as TLRecord['id']), shapes.length + 1)]
}

function documentMeta(p: Peer) {
  return (p.store.get('document:document' as TLRecord['id']) as TLRecord & { meta: object }).meta
}
function pageName(p: Peer) {
  return (p.store.get('page:page' as TLRecord['id']) as TLRecord & { name: string } | undefined)?.name
}

describe('F3: a device whose first sync is late', () => {
  const DATES = { sessionDate: '2027-01-12', reviewDate: '2027-04-12' }

  for (const [original, late] of [
    [100, 900],
    [900, 100],
  ]) {
    it(`never writes tldraw's default document and page over the board's (client ids ${original} / ${late})`, () => {
      const a = newPeer('a', { doc: docWithClient(original) })
      const docRecord = a.store.get('document:document' as TLRecord['id'])!
      const page = a.store.get('page:page' as TLRecord['id'])!
      a.store.put([{ ...docRecord, meta: DATES } as TLRecord, { ...page, name: "J's PATH" } as TLRecord])
      a.binding.flush()
      const relay = new Y.Doc()
      exchange(a.doc, relay)

      // b opens the link with nothing local, and the relay's sync has not arrived when it binds
      const b = newPeer('b', { doc: docWithClient(late), newBoard: false })
      expect(b.store.get('page:page' as TLRecord['id'])).toBeDefined() // something to draw on meanwhile
      b.store.put([makeShape(b.store, 'note', { id: 'shape:early', props: { richText: noteText('early bird') } })])
      b.binding.flush()
      exchange(b.doc, relay)
      exchange(a.doc, relay)

      for (const p of [a, b]) {
        expect(documentMeta(p), p.name).toEqual(DATES)
        expect(pageName(p), p.name).toBe("J's PATH")
        expect(p.store.get('shape:early' as TLRecord['id']), p.name).toBeDefined()
        expect(storeDocRecords(p.store)).toEqual(docRecords(relay))
      }
    })
  }

  it('writes the defaults once the relay confirms the board is new (its sync arrived, the doc still lacks them)', () => {
    const b = newPeer('b', { newBoard: false })
    expect(docRecords(b.doc)).toEqual([])
    b.binding.confirmNew()
    expect(docRecords(b.doc).map((r) => r.id)).toEqual(['document:document', 'page:page'])
    expect(storeDocRecords(b.store)).toEqual(docRecords(b.doc))
  })

  it("shapes drawn on the local stand-in page move to the board's page when its own arrives", () => {
    const a = newPeer('a')
    const page = a.store.get('page:page' as TLRecord['id'])!
    a.store.remove(['page:page' as TLRecord['id']])
    a.store.put([{ ...page, id: 'page:board', name: 'Board' } as TLRecord])
    a.binding.flush()
    const b = newPeer('b', { newBoard: false })
    b.store.put([makeShape(b.store, 'note', { id: 'shape:early' })])
    b.binding.flush()
    exchange(a.doc, b.doc)
    exchange(a.doc, b.doc)
    for (const p of [a, b]) {
      expect((p.store.get('shape:early' as TLRecord['id']) as TLShape).parentId, p.name).toBe('page:board')
      expect(p.store.get('page:page' as TLRecord['id']), p.name).toBeUndefined()
      expect(storeDocRecords(p.store)).toEqual(docRecords(p.doc))
    }
  })
})

describe('F2: parent cycles', () => {
  function poison(base: Y.Doc, store: Peer['store']) {
    const evil = rawCopy(base)
    evil.transact(() => {
      writeRecord(evil, makeShape(store, 'frame', { id: 'shape:self', parentId: 'shape:self' }))
      writeRecord(evil, makeShape(store, 'frame', { id: 'shape:p', parentId: 'shape:q' }))
      writeRecord(evil, makeShape(store, 'frame', { id: 'shape:q', parentId: 'shape:p' }))
      writeRecord(evil, makeShape(store, 'note', { id: 'shape:child', parentId: 'shape:q' }))
      writeRecord(evil, makeShape(store, 'note', { id: 'shape:good', x: 7 }))
    })
    return evil
  }

  it('never reach the store: live and fresh peers re-home the same shape and keep the good ones', () => {
    const a = newPeer('a')
    const b = newPeer('b')
    exchange(a.doc, b.doc)
    const evil = poison(a.doc, a.store)
    send(evil, b.doc) // b is live
    const fresh = rawCopy(evil) // c opens the poisoned board (e.g. from IndexedDB)
    const c = newPeer('c', { doc: fresh })
    exchange(b.doc, a.doc)
    exchange(c.doc, a.doc)
    for (const p of [a, b, c]) {
      expect(unrooted(p), p.name).toEqual([])
      expect(p.store.get('shape:good' as TLRecord['id']), p.name).toBeDefined()
      // the lowest id of each cycle goes to the page, the rest keep their frame
      const parent = (id: string) => (p.store.get(id as TLRecord['id']) as TLShape).parentId
      expect([parent('shape:self'), parent('shape:p'), parent('shape:q'), parent('shape:child')]).toEqual([
        'page:page',
        'page:page',
        'shape:p',
        'shape:q',
      ])
      expect(storeDocRecords(p.store)).toEqual(docRecords(p.doc))
      expect(storeDocRecords(p.store)).toEqual(storeDocRecords(a.store))
    }
    expect(b.invalid.map((x) => x.id).sort()).toEqual(['shape:p', 'shape:self'])
  })

  it('a batch that throws in the store is applied record by record: the good records survive', () => {
    const a = newPeer('a')
    const b = newPeer('b')
    exchange(a.doc, b.doc)
    // tldraw's side effects run at the end of a merge; one that throws rolls the whole batch back
    b.store.sideEffects.registerAfterCreateHandler('shape', (shape) => {
      if (shape.id === 'shape:cursed') throw new RangeError('Maximum call stack size exceeded')
    })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    a.doc.transact(() => {
      writeRecord(a.doc, makeShape(a.store, 'note', { id: 'shape:cursed' }))
      writeRecord(a.doc, makeShape(a.store, 'note', { id: 'shape:fine', x: 3 }))
    }, TxOrigin.remote)
    send(a.doc, b.doc)
    warn.mockRestore()
    expect(b.store.get('shape:fine' as TLRecord['id'])).toBeDefined()
    expect(b.store.get('shape:cursed' as TLRecord['id'])).toBeUndefined()
    expect(b.invalid.map((x) => x.id)).toEqual(['shape:cursed'])
  })
})

describe('F9: a note moved into a frame while someone deletes the frame', () => {
  it('is put back on the page on every peer, and the repair converges', () => {
    const a = newPeer('a')
    a.store.put([makeShape(a.store, 'frame', { id: 'shape:frame', x: 100 }), makeShape(a.store, 'note', { id: 'shape:note' })])
    a.binding.flush()
    const b = newPeer('b')
    exchange(a.doc, b.doc)
    // concurrently: a moves the note into the frame, b deletes the frame
    const note = a.store.get('shape:note' as TLRecord['id']) as TLShape
    a.store.put([{ ...note, parentId: 'shape:frame' as TLShape['parentId'], x: 10 }])
    a.binding.flush()
    b.store.remove(['shape:frame' as TLRecord['id']])
    b.binding.flush()
    exchange(a.doc, b.doc)
    exchange(a.doc, b.doc)
    const c = newPeer('c', { doc: rawCopy(a.doc) })
    for (const p of [a, b, c]) {
      expect(p.store.get('shape:frame' as TLRecord['id']), p.name).toBeUndefined()
      expect((p.store.get('shape:note' as TLRecord['id']) as TLShape).parentId, p.name).toBe('page:page')
      expect(storeDocRecords(p.store)).toEqual(docRecords(p.doc))
    }
    expect(docRecords(a.doc)).toEqual(docRecords(b.doc))
    expect([...a.invalid, ...b.invalid, ...c.invalid]).toEqual([])
  })
})

describe('F10: a record written in an older format after the board was upgraded', () => {
  it('is migrated from its older version, shown, and written back in the current format', () => {
    const a = newPeer('a')
    const b = newPeer('b')
    exchange(a.doc, b.doc)
    // an old app (note props before rich text, note version 8) that was offline writes a note
    const oldApp = rawCopy(a.doc)
    const current = makeShape(a.store, 'note', { id: 'shape:offline', x: 40 }) as unknown as { props: Record<string, unknown> }
    const { richText: _, ...oldProps } = current.props
    writeRecord(oldApp, { ...current, props: { ...oldProps, text: 'Call Sam' } } as never)
    send(oldApp, a.doc)
    exchange(a.doc, b.doc)
    const c = newPeer('c', { doc: rawCopy(oldApp) })
    for (const p of [a, b, c]) {
      const note = p.store.get('shape:offline' as TLRecord['id']) as TLShape & { props: { richText: unknown } }
      expect(note, p.name).toBeDefined()
      expect(note.props.richText, p.name).toEqual(noteText('Call Sam'))
      expect(p.invalid, p.name).toEqual([])
    }
    const stored = readRecordById(a.doc, 'shape:offline') as { props: Record<string, unknown> }
    expect(stored.props.text).toBeUndefined()
    expect(stored.props.richText).toEqual(noteText('Call Sam'))
    expect(storeDocRecords(a.store)).toEqual(storeDocRecords(b.store))
  })
})

describe('F11: an invalid update to an existing record', () => {
  it('shows the same thing on a peer that had the record and on one that meets it fresh', () => {
    const a = newPeer('a')
    a.store.put([makeShape(a.store, 'note', { id: 'shape:n1', x: 10, props: { color: 'red' } })])
    a.binding.flush()
    const b = newPeer('b')
    exchange(a.doc, b.doc)
    const evil = rawCopy(a.doc)
    const map = getRecordsMap(evil).get('shape:n1') as Y.Map<unknown>
    evil.transact(() => {
      map.set('x', 500)
      ;(map.get('props') as Y.Map<unknown>).set('color', 42)
    })
    send(evil, b.doc) // b, an old peer, had the note
    const c = newPeer('c', { doc: rawCopy(evil) }) // c loads the board afterwards
    exchange(b.doc, a.doc)
    exchange(c.doc, a.doc)
    for (const p of [a, b, c]) {
      const note = p.store.get('shape:n1' as TLRecord['id']) as TLShape & { props: { color: string } }
      expect(note, p.name).toBeDefined()
      expect([note.x, note.props.color], p.name).toEqual([500, 'black']) // the valid field kept, the bad one reset
      expect(storeDocRecords(p.store)).toEqual(storeDocRecords(a.store))
      expect(storeDocRecords(p.store)).toEqual(docRecords(p.doc))
    }
  })

  it('a record that cannot be rebuilt is hidden on every peer, also those that had it', () => {
    const a = newPeer('a')
    a.store.put([makeShape(a.store, 'note', { id: 'shape:n1' })])
    a.binding.flush()
    const b = newPeer('b')
    exchange(a.doc, b.doc)
    const evil = rawCopy(a.doc)
    ;(getRecordsMap(evil).get('shape:n1') as Y.Map<unknown>).set('type', 'hologram')
    send(evil, b.doc)
    const c = newPeer('c', { doc: rawCopy(evil) })
    expect(b.store.get('shape:n1' as TLRecord['id'])).toBeUndefined()
    expect(c.store.get('shape:n1' as TLRecord['id'])).toBeUndefined()
    expect(b.invalid.map((x) => x.id)).toEqual(['shape:n1'])
  })
})

describe('F12: addresses of other hosts from peers', () => {
  it('are emptied before tldraw sees them, kept in meta, and the doc converges on that', () => {
    const a = newPeer('a')
    const b = newPeer('b')
    exchange(a.doc, b.doc)
    const evil = rawCopy(a.doc)
    evil.transact(() => {
      writeRecord(evil, {
        id: 'asset:img',
        typeName: 'asset',
        type: 'image',
        props: { src: 'https://tracker.example/pixel.png', w: 10, h: 10, name: 'x', isAnimated: false, mimeType: 'image/png' },
        meta: {},
      })
      writeRecord(
        evil,
        a.store.schema.types.shape.create({
          id: 'shape:embed' as never,
          type: 'embed',
          parentId: 'page:page' as never,
          index: 'a1' as never,
          props: { w: 300, h: 200, url: 'https://www.youtube.com/watch?v=abc' },
        } as never)
      )
    })
    send(evil, b.doc)
    exchange(a.doc, b.doc)
    const c = newPeer('c', { doc: rawCopy(evil), readOnly: true })
    for (const p of [a, b, c]) {
      const img = p.store.get('asset:img' as TLRecord['id']) as TLRecord & { props: { src: unknown }; meta: object }
      const embed = p.store.get('shape:embed' as TLRecord['id']) as TLShape & { props: { url: string } }
      expect([img.props.src, embed.props.url], p.name).toEqual([null, ''])
      expect(img.meta, p.name).toEqual({ externalUrls: { src: 'https://tracker.example/pixel.png' } })
    }
    expect(storeDocRecords(a.store)).toEqual(docRecords(a.doc))
    expect(docRecords(a.doc)).toEqual(docRecords(b.doc))
  })
})
