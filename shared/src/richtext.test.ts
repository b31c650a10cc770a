import { describe, expect, it } from 'vitest'
import { plainToRichText, richTextToPlain } from './richtext'

describe('richTextToPlain', () => {
  it('joins paragraphs with newlines and drops marks', () => {
    const doc = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Call ' }, { type: 'text', text: 'Sam', marks: [{ type: 'bold' }] }] },
        { type: 'paragraph' },
        { type: 'paragraph', content: [{ type: 'text', text: 'by Friday' }] },
      ],
    }
    expect(richTextToPlain(doc)).toBe('Call Sam\n\nby Friday')
  })

  it('handles hard breaks, lists and headings', () => {
    const doc = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Title' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'a' }, { type: 'hardBreak' }, { type: 'text', text: 'b' }] },
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }] },
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'two' }] }] },
          ],
        },
      ],
    }
    expect(richTextToPlain(doc)).toBe('Title\na\nb\none\ntwo')
  })

  it('is defensive on garbage', () => {
    for (const junk of [null, undefined, 42, [], {}, { type: 'doc', content: 'nope' }, { type: 'doc', content: [null, 3, { type: 'text' }] }]) {
      expect(richTextToPlain(junk)).toBe('')
    }
    expect(richTextToPlain('plain old text')).toBe('plain old text')
    // Deep nesting does not blow the stack.
    let deep: Record<string, unknown> = { type: 'text', text: 'x' }
    for (let i = 0; i < 10_000; i++) deep = { type: 'blockquote', content: [deep] }
    expect(() => richTextToPlain({ type: 'doc', content: [deep] })).not.toThrow()
  })

  it('round-trips with plainToRichText, which matches tldraw toRichText', () => {
    const text = 'line one\n\nline three'
    expect(plainToRichText(text)).toEqual({
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'line one' }] },
        { type: 'paragraph' },
        { type: 'paragraph', content: [{ type: 'text', text: 'line three' }] },
      ],
    })
    expect(richTextToPlain(plainToRichText(text))).toBe(text)
  })
})
