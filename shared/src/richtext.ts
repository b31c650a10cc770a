/**
 * Rich text (TipTap / ProseMirror JSON, as stored by tldraw 3.15 in `props.richText` of note, text
 * and geo shapes) <-> plain text.
 *
 * The input comes from boards written by other clients and from files, so it is `unknown` and may be
 * anything: these functions never throw, they return the text they can find.
 */

/** Block nodes whose children are joined with newlines (each child block starts a new line). */
const BLOCK_CONTAINERS = new Set(['doc', 'bulletList', 'orderedList', 'listItem', 'blockquote'])

/** Guards against hostile, deeply nested documents (stack overflow) and huge ones. */
const MAX_DEPTH = 64
const MAX_NODES = 20_000

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Converts a TipTap JSON document to plain text: paragraphs and headings become lines, hard breaks
 * become newlines, list items become lines (no bullets), marks are dropped. Leading and trailing
 * blank lines are trimmed; each line is right-trimmed.
 *
 * Accepts a plain string too (older tldraw `props.text`), and returns '' for anything unreadable.
 */
export function richTextToPlain(doc: unknown): string {
  if (typeof doc === 'string') return doc
  if (!isObject(doc)) return ''
  const lines: string[] = []
  let current = ''
  let count = 0

  const flush = () => {
    lines.push(current)
    current = ''
  }

  const visit = (node: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || ++count > MAX_NODES || !isObject(node)) return
    const type = typeof node.type === 'string' ? node.type : ''
    if (type === 'text') {
      if (typeof node.text === 'string') current += node.text
      return
    }
    if (type === 'hardBreak') {
      flush()
      return
    }
    const content = Array.isArray(node.content) ? node.content : []
    if (BLOCK_CONTAINERS.has(type)) {
      for (const child of content) visit(child, depth + 1)
      return
    }
    // A textblock (paragraph, heading, codeBlock, or an unknown node type): its inline content is
    // one line. Unknown types are treated like paragraphs so text in future node types survives.
    const hasBlockChild = content.some(
      (c) => isObject(c) && typeof c.type === 'string' && c.type !== 'text' && c.type !== 'hardBreak',
    )
    if (hasBlockChild) {
      for (const child of content) visit(child, depth + 1)
      return
    }
    for (const child of content) visit(child, depth + 1)
    flush()
  }

  visit(doc, 0)
  if (current) flush()
  const trimmed = lines.map((l) => l.replace(/\s+$/u, ''))
  while (trimmed.length && trimmed[0] === '') trimmed.shift()
  while (trimmed.length && trimmed[trimmed.length - 1] === '') trimmed.pop()
  return trimmed.join('\n')
}

/** A TipTap JSON document, as tldraw 3.15 stores it in `props.richText`. */
export interface RichTextDoc {
  type: 'doc'
  content: Array<{ type: 'paragraph'; content?: Array<{ type: 'text'; text: string }> }>
}

/**
 * Converts plain text to a TipTap document: one paragraph per line (empty lines become empty
 * paragraphs, which TipTap represents without a `content` array). Same shape as tldraw's own
 * `toRichText()`, so records built with it validate in a tldraw store.
 */
export function plainToRichText(text: string): RichTextDoc {
  const lines = String(text).split(/\r\n|\r|\n/)
  return {
    type: 'doc',
    content: lines.map((line) =>
      line ? { type: 'paragraph' as const, content: [{ type: 'text' as const, text: line }] } : { type: 'paragraph' as const },
    ),
  }
}
