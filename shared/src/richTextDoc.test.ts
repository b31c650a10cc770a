import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { canStoreAsFragment, readRichText, updateRichText, RICH_TEXT_LIMITS, type RichTextJson } from './richTextDoc'

const p = (text: string, attrs?: Record<string, unknown>) => ({
  type: 'paragraph',
  ...(attrs ? { attrs } : {}),
  ...(text ? { content: [{ type: 'text', text }] } : {}),
})
const doc = (...content: unknown[]) => ({ type: 'doc', content }) as RichTextJson

function fragmentOf(json: RichTextJson, ydoc = new Y.Doc()): Y.XmlFragment {
  const map = ydoc.getMap('m')
  ydoc.transact(() => {
    const f = new Y.XmlFragment()
    map.set('f', f)
    updateRichText(f, json)
  })
  return map.get('f') as Y.XmlFragment
}

function set(f: Y.XmlFragment, json: RichTextJson) {
  f.doc!.transact(() => updateRichText(f, json))
}

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

// What tldraw 3.15.6's TipTap editor produces (ProseMirror Node.toJSON) for each kind it supports.
const samples: Record<string, RichTextJson> = {
  plain: doc(p('Dream: a house')),
  toRichText: doc(p('one'), p(''), p('three')),
  emptyEditor: doc(p('', { dir: 'auto' })),
  emptyDoc: doc(),
  marks: doc({
    type: 'paragraph',
    attrs: { dir: 'auto' },
    content: [
      { type: 'text', text: 'bold ', marks: [{ type: 'bold' }] },
      { type: 'text', text: 'both', marks: [{ type: 'bold' }, { type: 'italic' }] },
      { type: 'text', text: ' plain ' },
      { type: 'text', text: 'code', marks: [{ type: 'code' }] },
      { type: 'text', text: 'struck', marks: [{ type: 'strike' }] },
      { type: 'text', text: 'lit', marks: [{ type: 'highlight' }, { type: 'bold' }] },
      {
        type: 'text',
        text: 'a link',
        marks: [{ type: 'link', attrs: { href: 'https://example.org', target: '_blank', rel: 'noopener noreferrer nofollow', class: null } }],
      },
    ],
  }),
  hardBreak: doc({
    type: 'paragraph',
    attrs: { dir: 'auto' },
    content: [{ type: 'text', text: 'line one' }, { type: 'hardBreak' }, { type: 'text', text: 'line two' }, { type: 'hardBreak', marks: [{ type: 'bold' }] }],
  }),
  headings: doc({ type: 'heading', attrs: { dir: 'auto', level: 2 }, content: [{ type: 'text', text: 'Title' }] }, p('body', { dir: 'rtl' })),
  lists: doc(
    {
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [p('a', { dir: 'auto' })] },
        {
          type: 'listItem',
          content: [
            p('b', { dir: 'auto' }),
            { type: 'orderedList', attrs: { start: 3, type: null }, content: [{ type: 'listItem', content: [p('c', { dir: 'auto' })] }] },
          ],
        },
      ],
    },
    p('after')
  ),
  unicode: doc(p('😀 café — 漢字 👩‍👩‍👧')),
}

describe('rich text as a Y.XmlFragment', () => {
  for (const [name, json] of Object.entries(samples)) {
    it(`round-trips exactly: ${name}`, () => {
      expect(canStoreAsFragment(json)).toBe(true)
      const f = fragmentOf(json)
      expect(readRichText(f)).toEqual(json)
      // and through an update to a fresh doc
      const other = new Y.Doc()
      Y.applyUpdate(other, Y.encodeStateAsUpdate(f.doc!))
      expect(readRichText(other.getMap('m').get('f') as Y.XmlFragment)).toEqual(json)
    })
  }

  it('updates from any sample to any other and reads back exactly', () => {
    for (const a of Object.values(samples)) {
      for (const b of Object.values(samples)) {
        const f = fragmentOf(a)
        set(f, b)
        expect(readRichText(f)).toEqual(b)
        set(f, a)
        expect(readRichText(f)).toEqual(a)
      }
    }
  })

  it('writes nothing when the text is unchanged, and a few bytes per keystroke', () => {
    const ydoc = new Y.Doc()
    const f = fragmentOf(doc(p('Dream: a')), ydoc)
    let updates = 0
    let bytes = 0
    ydoc.on('update', (u: Uint8Array) => {
      updates++
      bytes += u.byteLength
    })
    set(f, doc(p('Dream: a')))
    expect(updates).toBe(0)
    set(f, doc(p('Dream: a ')))
    set(f, doc(p('Dream: a h')))
    expect(updates).toBe(2)
    expect(bytes).toBeLessThan(80)
  })

  it('merges concurrent typing in one paragraph character by character', () => {
    const a = new Y.Doc()
    const fa = fragmentOf(doc(p('Dream: a')), a)
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const fb = b.getMap('m').get('f') as Y.XmlFragment
    set(fa, doc(p('Dream: a house')))
    set(fb, doc(p('Dream: a job')))
    sync(a, b)
    const text = JSON.stringify(readRichText(fa))
    expect(readRichText(fa)).toEqual(readRichText(fb))
    expect(text).toContain('house')
    expect(text).toContain('job')
    expect(text).toMatch(/Dream: a (house job|job house)/)
  })

  it('keeps words typed in a paragraph while someone else adds and removes other paragraphs', () => {
    const a = new Y.Doc()
    const fa = fragmentOf(doc(p('first'), p('second'), p('third')), a)
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const fb = b.getMap('m').get('f') as Y.XmlFragment
    set(fa, doc(p('second'), p('third'), p('fourth'))) // A removes the first, adds a fourth
    set(fb, doc(p('first'), p('second!'), p('third and more'))) // B types in two paragraphs
    sync(a, b)
    expect(readRichText(fa)).toEqual(readRichText(fb))
    expect(readRichText(fa)).toEqual(doc(p('second!'), p('third and more'), p('fourth')))
  })

  it('merges formatting and typing', () => {
    const a = new Y.Doc()
    const fa = fragmentOf(doc(p('make this bold')), a)
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const fb = b.getMap('m').get('f') as Y.XmlFragment
    set(fa, doc({ type: 'paragraph', content: [{ type: 'text', text: 'make this ' }, { type: 'text', text: 'bold', marks: [{ type: 'bold' }] }] }))
    set(fb, doc(p('please make this bold')))
    sync(a, b)
    expect(readRichText(fa)).toEqual(
      doc({ type: 'paragraph', content: [{ type: 'text', text: 'please make this ' }, { type: 'text', text: 'bold', marks: [{ type: 'bold' }] }] })
    )
    expect(readRichText(fb)).toEqual(readRichText(fa))
  })

  it('reads two texts created concurrently in one empty paragraph as one text', () => {
    const a = new Y.Doc()
    const fa = fragmentOf(doc(p('')), a)
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const fb = b.getMap('m').get('f') as Y.XmlFragment
    set(fa, doc(p('house')))
    set(fb, doc(p('job')))
    sync(a, b)
    const merged = readRichText(fa)
    expect(merged).toEqual(readRichText(fb))
    expect(['housejob', 'jobhouse']).toContain((merged.content[0] as { content: Array<{ text: string }> }).content[0]!.text)
    // and editing across the two texts still gives exactly what was asked
    const want = doc(p('a house and a job'))
    set(fa, want)
    expect(readRichText(fa)).toEqual(want)
  })

  it('splits a paragraph with formatted text without losing its end (found by the text fuzz)', () => {
    const run = (text: string, bold = false) => (bold ? { type: 'text', text, marks: [{ type: 'bold' }] } : { type: 'text', text })
    const f = fragmentOf(doc({ type: 'paragraph', content: [run('Dream: a hom'), run('e ', true), run('of my own')] }))
    const split = doc(p('Dream: '), { type: 'paragraph', content: [run('a hom'), run('e ', true), run('of my own')] })
    set(f, split)
    expect(readRichText(f)).toEqual(split)
  })

  it('does not split surrogate pairs', () => {
    const f = fragmentOf(doc(p('a😀b')))
    set(f, doc(p('a😃b')))
    expect(readRichText(f)).toEqual(doc(p('a😃b')))
  })

  it('refuses what it could not give back exactly (the layout keeps it as JSON)', () => {
    expect(canStoreAsFragment(null)).toBe(false)
    expect(canStoreAsFragment('text')).toBe(false)
    expect(canStoreAsFragment({ type: 'doc' })).toBe(false)
    expect(canStoreAsFragment({ type: 'doc', content: [], extra: 1 })).toBe(false)
    expect(canStoreAsFragment(doc({ type: 'paragraph', content: [] }))).toBe(false)
    expect(canStoreAsFragment(doc({ type: 'paragraph', attrs: {} }))).toBe(false)
    expect(canStoreAsFragment(doc({ type: 'paragraph', attrs: { $marks: 1 } }))).toBe(false)
    expect(canStoreAsFragment(doc({ type: 'paragraph', content: [{ type: 'text', text: '' }] }))).toBe(false)
    expect(canStoreAsFragment(doc({ type: 'paragraph', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }))).toBe(false)
    expect(
      canStoreAsFragment(doc({ type: 'paragraph', content: [{ type: 'text', text: 'a', marks: [{ type: 'italic' }, { type: 'bold' }] }] }))
    ).toBe(false)
    expect(canStoreAsFragment(doc({ type: 'paragraph', content: [{ type: 'text', text: 'a', marks: [{ type: 'bold' }, { type: 'bold' }] }] }))).toBe(
      false
    )
    expect(canStoreAsFragment(doc({ type: 'paragraph', attrs: { x: undefined } }))).toBe(false)
    let deep: Record<string, unknown> = p('deep')
    for (let i = 0; i < RICH_TEXT_LIMITS.maxDepth + 1; i++) deep = { type: 'listItem', content: [deep] }
    expect(canStoreAsFragment(doc(deep))).toBe(false)
    expect(canStoreAsFragment(doc(p('x'.repeat(RICH_TEXT_LIMITS.maxTextLength + 1))))).toBe(false)
    expect(canStoreAsFragment(doc(...Array.from({ length: RICH_TEXT_LIMITS.maxNodes + 1 }, () => ({ type: 'hardBreak' }))))).toBe(false)
  })

  it('reads hostile fragments without failing or recursing without bound', () => {
    const ydoc = new Y.Doc()
    const f = ydoc.getXmlFragment('f')
    ydoc.transact(() => {
      let parent: Y.XmlFragment | Y.XmlElement = f
      for (let i = 0; i < 500; i++) {
        const el: Y.XmlElement = new Y.XmlElement('listItem')
        parent.insert(0, [el])
        parent = el
      }
      const t = new Y.XmlText()
      f.insert(1, [t, new Y.XmlHook('hook') as never])
      t.insert(0, 'x', { bold: 'yes', italic: true })
      t.insertEmbed(1, { image: 'evil' })
    })
    const read = readRichText(f)
    expect(read.content[1]).toEqual({ type: 'text', text: 'x', marks: [{ type: 'italic' }] })
    let depth = 0
    let node = read.content[0] as { content?: unknown[] } | undefined
    while (node?.content) {
      depth++
      node = node.content[0] as { content?: unknown[] } | undefined
    }
    expect(depth).toBeLessThanOrEqual(RICH_TEXT_LIMITS.maxDepth)
    // and writing over it gives exactly what is asked
    set(f, doc(p('clean')))
    expect(readRichText(f)).toEqual(doc(p('clean')))
  })
})
