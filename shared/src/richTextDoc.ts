/**
 * A note's rich text as a Yjs type, so that two people typing in one note keep both their words.
 *
 * tldraw 3.15 keeps rich text as TipTap/ProseMirror JSON:
 *   { type: 'doc', content: [{ type: 'paragraph', attrs?: {...}, content?: [
 *       { type: 'text', text: 'Dream', marks?: [{ type: 'bold' }, { type: 'link', attrs: {...} }] },
 *       { type: 'hardBreak' }, ... ] }, { type: 'bulletList', content: [{ type: 'listItem', ... }] } ] }
 *
 * Stored in the board doc (docs/board-document.md, "Rich text") as a Y.XmlFragment, the way
 * y-prosemirror maps ProseMirror documents:
 * - the fragment's children are the doc's `content`;
 * - every non-text node is a Y.XmlElement named after its `type`; each of its `attrs` is one XML
 *   attribute (any JSON value), its marks (rare: e.g. a bold hardBreak) the attribute `$marks`;
 * - every maximal run of text nodes is one Y.XmlText; each mark is a formatting attribute named
 *   after the mark type whose value is the mark's `attrs` object, or `true` when it has none.
 *
 * `updateRichText` changes a fragment into a given JSON by a minimal diff (unchanged nodes are
 * left alone, a changed text only loses and gains the characters between the common prefix and
 * suffix), so concurrent edits merge character by character instead of one version replacing the
 * other. `readRichText` gives back exactly the JSON that was written.
 *
 * Exactness has a price: only JSON in ProseMirror's own canonical shape (what `Node.toJSON()`
 * and tldraw's `toRichText` produce) can be stored this way — no empty `attrs`/`content`/`marks`
 * arrays, marks in schema order, no two adjacent text nodes with the same marks — and only within
 * RICH_TEXT_LIMITS. `canStoreAsFragment` says whether a value qualifies; the layout keeps any other
 * value as plain JSON (whole-value, as before), so nothing is ever altered or refused.
 *
 * Depends on nothing but Yjs (the shared package has no tldraw runtime).
 */
import * as Y from 'yjs'

/** Bounds on what is converted (larger or deeper values stay plain JSON) and on what is read. */
export const RICH_TEXT_LIMITS = {
  /** Nesting depth of nodes below the doc (a paragraph in a list item in a list is depth 3). */
  maxDepth: 32,
  /** Nodes (elements and text nodes) in one document. */
  maxNodes: 10_000,
  /** UTF-16 code units of text in one document. */
  maxTextLength: 200_000,
} as const

/**
 * The order ProseMirror's schema gives tldraw 3.15.6's marks (its `toJSON` lists a node's marks in
 * this order; read from `getSchema(tipTapDefaultExtensions).marks` with tldraw 3.15.6). Yjs keeps
 * formatting attributes unordered, so reading sorts by this; JSON whose marks are in another order
 * (another tldraw version, say) is not canonical and stays plain JSON: safe, it just does not merge.
 */
export const MARK_ORDER = ['highlight', 'link', 'bold', 'code', 'italic', 'strike'] as const

/** The XML attribute holding a non-text node's marks (node attrs of that name stay plain JSON). */
export const NODE_MARKS_ATTRIBUTE = '$marks'

export interface RichTextMark {
  type: string
  attrs?: Record<string, unknown>
}
export interface RichTextNode {
  type: string
  attrs?: Record<string, unknown>
  content?: RichTextNode[]
  marks?: RichTextMark[]
  text?: string
}
export interface RichTextJson {
  type: 'doc'
  content: RichTextNode[]
}

type Attrs = Record<string, unknown>

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]))
  }
  const ao = a as Record<string, unknown>
  const bo = b as Record<string, unknown>
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined)
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined)
  return ak.length === bk.length && ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonEqual(ao[k], bo[k]))
}

function cloneJson(value: unknown, depth = 0): unknown {
  if (depth > 64) return null // a hostile value nested beyond reason: cut it off
  if (Array.isArray(value)) return value.map((v) => cloneJson(v, depth + 1))
  if (value instanceof Y.AbstractType) return null
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = cloneJson(v, depth + 1)
    return out
  }
  return value
}

/** JSON values only (what Yjs can store as an attribute and give back equal), bounded. */
function isJsonValue(value: unknown, depth = 0): boolean {
  if (depth > 16) return false
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (Array.isArray(value)) return value.every((v) => isJsonValue(v, depth + 1))
  if (isPlainObject(value)) return Object.values(value).every((v) => isJsonValue(v, depth + 1))
  return false
}

function markRank(type: string): number {
  const i = (MARK_ORDER as readonly string[]).indexOf(type)
  return i === -1 ? MARK_ORDER.length : i
}

function compareMarks(a: string, b: string): number {
  const ra = markRank(a)
  const rb = markRank(b)
  if (ra !== rb) return ra - rb
  return a < b ? -1 : a > b ? 1 : 0
}

function hasOnlyKeys(obj: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(obj).every((k) => allowed.includes(k))
}

// ---- canonical-form check -------------------------------------------------------------------

/**
 * True when `json` is rich text that can be stored as a fragment and read back identically:
 * canonical ProseMirror JSON within RICH_TEXT_LIMITS. Anything else (hostile, odd or huge) is
 * kept as one JSON value by the layout.
 */
export function canStoreAsFragment(json: unknown): json is RichTextJson {
  if (!isPlainObject(json) || json.type !== 'doc' || !Array.isArray(json.content)) return false
  if (!hasOnlyKeys(json, ['type', 'content'])) return false
  const budget = { nodes: 0, text: 0 }
  return checkContent(json.content, 1, budget)
}

function checkMarks(marks: unknown, forText: boolean): boolean {
  if (!Array.isArray(marks) || marks.length === 0 || marks.length > 32) return false
  let prev: string | null = null
  for (const mark of marks) {
    if (!isPlainObject(mark) || typeof mark.type !== 'string' || mark.type === '') return false
    if (!hasOnlyKeys(mark, ['type', 'attrs'])) return false
    if (mark.attrs !== undefined && (!isPlainObject(mark.attrs) || Object.keys(mark.attrs).length === 0 || !isJsonValue(mark.attrs))) {
      return false
    }
    // Text marks become formatting attributes: one per type, read back in schema order.
    if (forText && prev !== null && compareMarks(prev, mark.type) >= 0) return false
    prev = mark.type
  }
  return true
}

function checkContent(content: unknown[], depth: number, budget: { nodes: number; text: number }): boolean {
  if (depth > RICH_TEXT_LIMITS.maxDepth) return false
  let prevTextMarks: unknown = undefined
  let prevWasText = false
  for (const node of content) {
    if (++budget.nodes > RICH_TEXT_LIMITS.maxNodes) return false
    if (!isPlainObject(node) || typeof node.type !== 'string' || node.type === '') return false
    if (node.type === 'text') {
      if (!hasOnlyKeys(node, ['type', 'text', 'marks'])) return false
      if (typeof node.text !== 'string' || node.text === '') return false
      budget.text += node.text.length
      if (budget.text > RICH_TEXT_LIMITS.maxTextLength) return false
      if (node.marks !== undefined && !checkMarks(node.marks, true)) return false
      // two adjacent text nodes with the same marks would read back as one
      if (prevWasText && jsonEqual(prevTextMarks ?? [], node.marks ?? [])) return false
      prevWasText = true
      prevTextMarks = node.marks
      continue
    }
    prevWasText = false
    if (!hasOnlyKeys(node, ['type', 'attrs', 'content', 'marks'])) return false
    if (node.attrs !== undefined) {
      if (!isPlainObject(node.attrs) || Object.keys(node.attrs).length === 0) return false
      if (Object.prototype.hasOwnProperty.call(node.attrs, NODE_MARKS_ATTRIBUTE)) return false
      for (const v of Object.values(node.attrs)) if (v === undefined || !isJsonValue(v)) return false
    }
    if (node.marks !== undefined && !checkMarks(node.marks, false)) return false
    if (node.content !== undefined) {
      if (!Array.isArray(node.content) || node.content.length === 0) return false
      if (!checkContent(node.content, depth + 1, budget)) return false
    }
  }
  return true
}

// ---- reading ---------------------------------------------------------------------------------

interface ReadBudget {
  nodes: number
}

/**
 * The rich text JSON a fragment holds. Defensive (the fragment came from peers): embeds, hooks
 * and formatting values that are neither `true` nor an object are skipped, and reading stops at
 * RICH_TEXT_LIMITS' depth and node count, so a hostile doc cannot make it recurse or loop
 * without bound. Whether the result is valid rich text is the caller's (tldraw's validator's) call.
 */
export function readRichText(fragment: Y.XmlFragment): RichTextJson {
  return { type: 'doc', content: readChildren(fragment.toArray(), 1, { nodes: 0 }) }
}

function marksFromAttributes(attributes: unknown): RichTextMark[] {
  if (!isPlainObject(attributes)) return []
  const marks: RichTextMark[] = []
  for (const [type, value] of Object.entries(attributes)) {
    if (value === true) marks.push({ type })
    else if (isPlainObject(value)) marks.push({ type, attrs: cloneJson(value) as Attrs })
  }
  return marks.sort((a, b) => compareMarks(a.type, b.type))
}

function readTextRuns(texts: Y.XmlText[], budget: ReadBudget): RichTextNode[] {
  const out: RichTextNode[] = []
  for (const text of texts) {
    for (const op of text.toDelta() as Array<{ insert?: unknown; attributes?: unknown }>) {
      if (typeof op.insert !== 'string' || op.insert === '') continue
      const marks = marksFromAttributes(op.attributes)
      const last = out[out.length - 1]
      if (last && jsonEqual(last.marks ?? [], marks)) {
        last.text += op.insert
        continue
      }
      if (++budget.nodes > RICH_TEXT_LIMITS.maxNodes) return out
      const node: RichTextNode = { type: 'text', text: op.insert }
      if (marks.length > 0) node.marks = marks
      out.push(node)
    }
  }
  return out
}

function readElement(el: Y.XmlElement, depth: number, budget: ReadBudget): RichTextNode {
  const node: RichTextNode = { type: el.nodeName }
  const attrs: Attrs = {}
  let hasAttrs = false
  let marks: unknown = undefined
  for (const [k, v] of Object.entries(el.getAttributes() as Record<string, unknown>)) {
    if (k === NODE_MARKS_ATTRIBUTE) marks = v
    else if (v !== undefined) {
      attrs[k] = cloneJson(v)
      hasAttrs = true
    }
  }
  if (hasAttrs) node.attrs = attrs
  const content = depth < RICH_TEXT_LIMITS.maxDepth ? readChildren(el.toArray(), depth + 1, budget) : []
  if (content.length > 0) node.content = content
  if (Array.isArray(marks) && marks.length > 0) node.marks = cloneJson(marks) as RichTextMark[]
  return node
}

function readChildren(children: unknown[], depth: number, budget: ReadBudget): RichTextNode[] {
  const out: RichTextNode[] = []
  let texts: Y.XmlText[] = []
  const flushTexts = () => {
    if (texts.length > 0) out.push(...readTextRuns(texts, budget))
    texts = []
  }
  for (const child of children) {
    if (budget.nodes > RICH_TEXT_LIMITS.maxNodes) break
    if (child instanceof Y.XmlText) {
      texts.push(child)
    } else if (child instanceof Y.XmlElement) {
      flushTexts()
      budget.nodes++
      out.push(readElement(child, depth, budget))
    }
    // anything else (an XmlHook written by another tool) is not rich text: skipped
  }
  flushTexts()
  return out
}

// ---- writing ---------------------------------------------------------------------------------

type JsonGroup = { kind: 'text'; nodes: RichTextNode[] } | { kind: 'element'; node: RichTextNode }
type YGroup = { kind: 'text'; texts: Y.XmlText[] } | { kind: 'element'; el: Y.XmlElement } | { kind: 'other'; item: unknown }

function groupJson(content: RichTextNode[]): JsonGroup[] {
  const out: JsonGroup[] = []
  for (const node of content) {
    if (node.type === 'text') {
      const last = out[out.length - 1]
      if (last && last.kind === 'text') last.nodes.push(node)
      else out.push({ kind: 'text', nodes: [node] })
    } else {
      out.push({ kind: 'element', node })
    }
  }
  return out
}

function groupY(children: unknown[]): YGroup[] {
  const out: YGroup[] = []
  for (const child of children) {
    if (child instanceof Y.XmlText) {
      const last = out[out.length - 1]
      if (last && last.kind === 'text') last.texts.push(child)
      else out.push({ kind: 'text', texts: [child] })
    } else if (child instanceof Y.XmlElement) {
      out.push({ kind: 'element', el: child })
    } else {
      out.push({ kind: 'other', item: child })
    }
  }
  return out
}

function yGroupSize(g: YGroup): number {
  return g.kind === 'text' ? g.texts.length : 1
}

function compatible(y: YGroup, j: JsonGroup): boolean {
  if (y.kind === 'text') return j.kind === 'text'
  return y.kind === 'element' && j.kind === 'element' && y.el.nodeName === j.node.type
}

function plainText(nodes: RichTextNode[] | undefined): string {
  if (!nodes) return ''
  let s = ''
  for (const n of nodes) s += n.type === 'text' ? (n.text ?? '') : plainText(n.content)
  return s
}

/** The characters of an XmlText (its toString() renders formatting as XML tags). */
function textOf(t: Y.XmlText): string {
  let s = ''
  for (const op of t.toDelta() as Array<{ insert?: unknown }>) if (typeof op.insert === 'string') s += op.insert
  return s
}

function yPlainText(g: YGroup): string {
  if (g.kind === 'text') return g.texts.map(textOf).join('')
  if (g.kind === 'element') return plainText(readElement(g.el, 1, { nodes: 0 }).content)
  return ''
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  let i = 0
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++
  return i
}

function commonSuffix(a: string, b: string, max: number): number {
  let i = 0
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++
  return i
}

/**
 * Changes `fragment` (which must belong to a doc) so that readRichText(fragment) equals `json`,
 * touching as little as it can: nodes equal at both ends are kept, nodes of the same kind are
 * updated in place, a text changes only between its common prefix and suffix. Call it inside a
 * transaction. `json` must pass canStoreAsFragment.
 */
export function updateRichText(fragment: Y.XmlFragment, json: RichTextJson): void {
  updateChildren(fragment, json.content)
}

/** Sorted-key JSON, so equal nodes give equal keys whatever order their keys were written in. */
function stableKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableKey(o[k])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

function yGroupKey(g: YGroup, i: number): string {
  if (g.kind === 'text') return stableKey({ t: readTextRuns(g.texts, { nodes: 0 }) })
  if (g.kind === 'element') return stableKey({ e: readElement(g.el, 1, { nodes: 0 }) })
  return `\u0000other${i}` // never equal to anything wanted: removed
}

function jGroupKey(g: JsonGroup): string {
  return g.kind === 'text' ? stableKey({ t: g.nodes }) : stableKey({ e: g.node })
}

/** Above this many pairs the middle is not searched for unchanged nodes (hostile sizes). */
const MAX_LCS_CELLS = 250_000

/**
 * Pairs of equal groups (index in ys, index in js), in order: the unchanged ends, plus a longest
 * common subsequence of the middle, so that removing or adding a paragraph leaves every other
 * paragraph (and anyone typing in it) alone.
 */
function unchangedPairs(yk: string[], jk: string[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = []
  let left = 0
  while (left < yk.length && left < jk.length && yk[left] === jk[left]) {
    pairs.push([left, left])
    left++
  }
  let right = 0
  while (right < yk.length - left && right < jk.length - left && yk[yk.length - 1 - right] === jk[jk.length - 1 - right]) right++
  const n = yk.length - left - right
  const m = jk.length - left - right
  if (n > 0 && m > 0 && n * m <= MAX_LCS_CELLS) {
    // classic DP on the middle: len[i][j] = LCS of yk[left+i..] and jk[left+j..]
    const len = new Uint32Array((n + 1) * (m + 1))
    const at = (i: number, j: number) => i * (m + 1) + j
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        len[at(i, j)] =
          yk[left + i] === jk[left + j] ? len[at(i + 1, j + 1)]! + 1 : Math.max(len[at(i + 1, j)]!, len[at(i, j + 1)]!)
      }
    }
    let i = 0
    let j = 0
    while (i < n && j < m) {
      if (yk[left + i] === jk[left + j]) {
        pairs.push([left + i, left + j])
        i++
        j++
      } else if (len[at(i + 1, j)]! >= len[at(i, j + 1)]!) i++
      else j++
    }
  }
  for (let r = right; r > 0; r--) pairs.push([yk.length - r, jk.length - r])
  return pairs
}

function updateChildren(parent: Y.XmlFragment | Y.XmlElement, content: RichTextNode[]): void {
  const ys = groupY(parent.toArray())
  const js = groupJson(content)
  const pairs = unchangedPairs(
    ys.map((g, i) => yGroupKey(g, i)),
    js.map(jGroupKey)
  )
  // the gaps between unchanged groups, last first so earlier child indices stay right
  const bounds: Array<[number, number]> = [[-1, -1], ...pairs, [ys.length, js.length]]
  for (let k = bounds.length - 2; k >= 0; k--) {
    const [y0, j0] = bounds[k]!
    const [y1, j1] = bounds[k + 1]!
    if (y1 - y0 > 1 || j1 - j0 > 1) updateGap(parent, ys, js, y0 + 1, y1, j0 + 1, j1)
  }
}

/** Makes ys[yl..yr) into js[jl..jr): same-kind nodes updated in place, the rest replaced. */
function updateGap(parent: Y.XmlFragment | Y.XmlElement, ys: YGroup[], js: JsonGroup[], yl: number, yr: number, jl: number, jr: number): void {
  // update same-kind nodes in place from either end, preferring the end that looks more alike
  // (so a split or joined paragraph keeps the half people were typing in)
  while (yl < yr && jl < jr) {
    const leftOk = compatible(ys[yl]!, js[jl]!)
    const rightOk = compatible(ys[yr - 1]!, js[jr - 1]!)
    if (!leftOk && !rightOk) break
    let useLeft = leftOk
    if (leftOk && rightOk && (yl !== yr - 1 || jl !== jr - 1)) {
      const yLeft = yPlainText(ys[yl]!)
      const jLeft = groupPlainText(js[jl]!)
      const yRight = yPlainText(ys[yr - 1]!)
      const jRight = groupPlainText(js[jr - 1]!)
      const leftScore = commonPrefix(yLeft, jLeft) + commonSuffix(yLeft, jLeft, Math.min(yLeft.length, jLeft.length))
      const rightScore = commonPrefix(yRight, jRight) + commonSuffix(yRight, jRight, Math.min(yRight.length, jRight.length))
      useLeft = leftScore >= rightScore
    }
    if (useLeft) {
      updateGroup(ys[yl]!, js[jl]!)
      yl++
      jl++
    } else {
      updateGroup(ys[yr - 1]!, js[jr - 1]!)
      yr--
      jr--
    }
  }
  // replace what is left. A text that is no longer wanted is emptied, not removed: someone may
  // be typing in it right now (a paragraph whose text was all selected and deleted), and Yjs keeps
  // their concurrent insertions only if the XmlText they typed into still exists. An empty
  // XmlText reads as nothing. Elements are removed (and with them concurrent edits inside them:
  // see "what can still be lost" in docs/board-document.md).
  let index = 0
  for (let i = 0; i < yl; i++) index += yGroupSize(ys[i]!)
  for (let i = yl; i < yr; i++) {
    const g = ys[i]!
    if (g.kind === 'text') {
      for (const t of g.texts) if (t.length > 0) t.delete(0, t.length)
      index += g.texts.length
    } else {
      parent.delete(index, 1)
    }
  }
  for (let i = jl; i < jr; i++) {
    const g = js[i]!
    if (g.kind === 'text') {
      const text = new Y.XmlText()
      parent.insert(index, [text])
      updateTextGroup([text], g.nodes)
    } else {
      const el = new Y.XmlElement(g.node.type)
      parent.insert(index, [el])
      updateElement(el, g.node)
    }
    index++
  }
}

function groupPlainText(g: JsonGroup): string {
  return g.kind === 'text' ? plainText(g.nodes) : plainText(g.node.content)
}

function updateGroup(y: YGroup, j: JsonGroup): void {
  if (y.kind === 'text' && j.kind === 'text') updateTextGroup(y.texts, j.nodes)
  else if (y.kind === 'element' && j.kind === 'element') updateElement(y.el, j.node)
}

function updateElement(el: Y.XmlElement, node: RichTextNode): void {
  const want: Attrs = { ...(node.attrs ?? {}) }
  if (node.marks) want[NODE_MARKS_ATTRIBUTE] = node.marks
  const have = el.getAttributes() as Attrs
  for (const k of Object.keys(have)) if (!Object.prototype.hasOwnProperty.call(want, k)) el.removeAttribute(k)
  for (const [k, v] of Object.entries(want)) {
    if (!jsonEqual(have[k], v)) el.setAttribute(k, cloneJson(v) as never)
  }
  updateChildren(el, node.content ?? [])
}

/** A formatting-attribute object for Y.Text from a text node's marks. */
function attributesOf(marks: RichTextMark[] | undefined): Attrs {
  const out: Attrs = {}
  for (const m of marks ?? []) out[m.type] = m.attrs ? cloneJson(m.attrs) : true
  return out
}

function attributesEqual(a: Attrs, b: Attrs): boolean {
  return jsonEqual(a, b)
}

/** Current formatting of a text group as [from, to, attributes] runs over the joined string. */
function currentRuns(texts: Y.XmlText[]): Array<{ from: number; to: number; attrs: Attrs }> {
  const out: Array<{ from: number; to: number; attrs: Attrs }> = []
  let pos = 0
  for (const text of texts) {
    for (const op of text.toDelta() as Array<{ insert?: unknown; attributes?: unknown }>) {
      const len = typeof op.insert === 'string' ? op.insert.length : 1
      const attrs: Attrs = {}
      if (isPlainObject(op.attributes)) {
        for (const [k, v] of Object.entries(op.attributes)) if (v !== null && v !== undefined) attrs[k] = v
      }
      out.push({ from: pos, to: pos + len, attrs })
      pos += len
    }
  }
  return out
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}

/** Applies one edit (delete [from, to), then insert runs at from) across the group's XmlTexts. */
function updateTextGroup(texts: Y.XmlText[], nodes: RichTextNode[]): void {
  // Embeds from other tools count as one character each in Yjs; they are not rich text, so they
  // are removed first (reading skips them anyway).
  for (const text of texts) {
    let pos = 0
    const embeds: number[] = []
    for (const op of text.toDelta() as Array<{ insert?: unknown }>) {
      if (typeof op.insert === 'string') pos += op.insert.length
      else embeds.push(pos++)
    }
    for (let i = embeds.length - 1; i >= 0; i--) text.delete(embeds[i]!, 1)
  }
  const current = texts.map(textOf)
  const have = current.join('')
  const want = nodes.map((n) => n.text ?? '').join('')
  let prefix = commonPrefix(have, want)
  if (prefix > 0 && prefix < want.length && isHighSurrogate(want.charCodeAt(prefix - 1))) prefix--
  let suffix = commonSuffix(have, want, Math.min(have.length, want.length) - prefix)
  if (suffix > 0 && isLowSurrogate(want.charCodeAt(want.length - suffix))) suffix--
  const delFrom = prefix
  const delTo = have.length - suffix
  // delete, from the end so earlier offsets stay right
  const starts: number[] = []
  let acc = 0
  for (const s of current) {
    starts.push(acc)
    acc += s.length
  }
  for (let i = texts.length - 1; i >= 0; i--) {
    const from = Math.max(delFrom, starts[i]!)
    const to = Math.min(delTo, starts[i]! + current[i]!.length)
    if (to > from) texts[i]!.delete(from - starts[i]!, to - from)
  }
  // insert at delFrom, into the first text that reaches it (the left one at a boundary); offsets
  // before delFrom are untouched by the delete above
  const insertEnd = want.length - suffix
  if (insertEnd > prefix) {
    let target = 0
    while (target < texts.length - 1 && starts[target]! + current[target]!.length < delFrom) target++
    let local = delFrom - starts[target]!
    let pos = 0
    for (const node of nodes) {
      const t = node.text ?? ''
      const from = Math.max(prefix, pos)
      const to = Math.min(insertEnd, pos + t.length)
      if (to > from) {
        texts[target]!.insert(local, t.slice(from - pos, to - pos), attributesOf(node.marks))
        local += to - from
      }
      pos += t.length
    }
  }
  // formatting (e.g. bold applied to unchanged text): sweep the wanted runs and the current runs
  // together, and format each range where they differ
  const wanted: Array<{ from: number; to: number; attrs: Attrs }> = []
  let pos = 0
  for (const node of nodes) {
    const len = (node.text ?? '').length
    wanted.push({ from: pos, to: pos + len, attrs: attributesOf(node.marks) })
    pos += len
  }
  const runs = currentRuns(texts)
  const lengths = texts.map((t) => t.length)
  const textStarts: number[] = []
  acc = 0
  for (const l of lengths) {
    textStarts.push(acc)
    acc += l
  }
  let wi = 0
  let ci = 0
  let at = 0
  while (wi < wanted.length && ci < runs.length) {
    const w = wanted[wi]!
    const c = runs[ci]!
    const end = Math.min(w.to, c.to)
    if (end > at && !attributesEqual(w.attrs, c.attrs)) {
      const format: Attrs = { ...w.attrs }
      for (const k of Object.keys(c.attrs)) if (!(k in w.attrs)) format[k] = null
      for (let t = 0; t < texts.length; t++) {
        const a = Math.max(at, textStarts[t]!)
        const b = Math.min(end, textStarts[t]! + lengths[t]!)
        if (b > a) texts[t]!.format(a - textStarts[t]!, b - a, format)
      }
    }
    at = Math.max(at, end)
    if (w.to <= at) wi++
    if (c.to <= at) ci++
  }
}

/**
 * A new fragment's content for `json`, for a fragment just added to a doc (Yjs lets content be
 * written only once a type is integrated). Same as updateRichText on an empty fragment.
 */
export function fillRichText(fragment: Y.XmlFragment, json: RichTextJson): void {
  updateChildren(fragment, json.content)
}
