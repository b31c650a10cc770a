/**
 * Where a zone's label, prompt and pictogram go, and how they wrap: one pure function shared by the
 * client's renderer (canvas and SVG export draw exactly these lines), by the template tests (is the
 * text big enough at "fit the template"? does a sticky note fit under it?) and by plan import (notes
 * are placed below the text, never over it). Sizes are canvas units.
 *
 * Text is wrapped here rather than by the browser so that canvas, SVG export and tests agree. The
 * width estimate is deliberately generous (tldraw's hand-drawn font, Shantell Sans, is wide): a line
 * may come out a little shorter than its box, never longer (e2e/tests/posters.spec.ts measures it).
 */
import type { ZoneGeometry } from './geometry'
import { STAR_INNER_RATIO } from './geometry'
import { pictogramFor } from './poster'

/** Sizes a zone had before templates carried their own (boards made before the poster templates). */
export const LEGACY_LABEL_SIZE = 44
export const LEGACY_PROMPT_SIZE = 24
/** Bounds on sizes read from records: a hostile or broken size must not blow up the layout. */
export const MIN_TEXT_SIZE = 8
export const MAX_TEXT_SIZE = 400

export const LABEL_LINE_HEIGHT = 1.15
export const PROMPT_LINE_HEIGHT = 1.25
/** Space between the label and the prompt, as a fraction of the prompt size. */
const LABEL_PROMPT_GAP = 0.35
/** The pictogram is a square this many label sizes wide, at the top right of a box zone. */
export const PICTOGRAM_RATIO = 1.3
/** Most lines of prompt drawn (a longer prompt is cut with an ellipsis rather than run over notes). */
const MAX_PROMPT_LINES = 4
const MAX_LABEL_LINES = 4

/**
 * Advance widths of Shantell Sans Informal (tldraw's 'draw' font), in hundredths of an em, measured
 * in Chromium at 100 px. Other characters count as 0.7 em. Estimates get a 4% margin on top.
 */
const WIDTH_CHARS = "0123456789 iljI.,:;!|'ftr()[]-/mwMW@%·…ABCDEFGHJKLNOPQRSTUVXYZabcdeghknopqsuvxyz?&"
const REGULAR_WIDTHS = '69 42 70 70 73 62 70 70 70 70 34 31 36 29 58 30 29 30 30 29 32 27 44 49 51 47 46 51 50 51 41 92 94 100 96 89 96 33 88 75 62 61 68 66 58 80 72 63 67 54 79 69 59 76 72 56 63 67 69 65 62 64 67 60 50 68 61 66 67 63 65 61 60 62 52 61 59 56 60 62 51 67'
const BOLD_WIDTHS = '69 45 70 70 75 63 70 70 70 70 34 33 39 32 59 33 32 32 32 31 35 28 48 52 55 51 50 53 53 53 45 96 97 105 97 92 99 37 92 78 64 62 70 68 60 84 72 65 69 53 81 70 62 78 75 57 63 67 70 67 63 65 70 62 52 71 63 69 70 68 69 63 62 66 54 64 64 59 62 63 54 71'
const toTable = (list: string) => {
  const w = list.split(' ').map(Number)
  return new Map([...WIDTH_CHARS].map((c, i) => [c, w[i] / 100]))
}
const REGULAR = toTable(REGULAR_WIDTHS)
const BOLD = toTable(BOLD_WIDTHS)
const WIDTH_MARGIN = 1.04

export function estimateTextWidth(text: string, size: number, bold = false): number {
  const table = bold ? BOLD : REGULAR
  let em = 0
  for (const ch of text) em += table.get(ch) ?? 0.7
  return em * size * WIDTH_MARGIN
}

/** Greedy word wrap to `width`; a single word wider than the line is kept whole (never split mid-word). */
export function wrapText(text: string, size: number, width: number, bold: boolean, maxLines: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word
    if (line && estimateTextWidth(next, size, bold) > width) {
      lines.push(line)
      line = word
    } else line = next
  }
  if (line) lines.push(line)
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines)
    // The cut line ends in an ellipsis and must still fit: drop words until it does.
    let last = kept[maxLines - 1].split(' ')
    while (last.length > 1 && estimateTextWidth(`${last.join(' ')}…`, size, bold) > width) last = last.slice(0, -1)
    kept[maxLines - 1] = `${last.join(' ')}…`
    return kept
  }
  return lines
}

/** What the layout needs of a zone (a subset of the cb-zone props). */
export interface ZoneTextInput {
  w: number
  h: number
  geometry: ZoneGeometry
  label: string
  prompt: string
  labelSize?: number
  promptSize?: number
  /** A pictogram name ('' or 'none' for none); box zones keep room for it beside the label. */
  decoration?: string
}

export interface ZoneTextLayout {
  /** Left edge (align start) or centre (align middle) of the text, and the top of the first line. */
  x: number
  y: number
  /** The width the prompt was wrapped to (the text block's width). */
  width: number
  /** The width the label was wrapped to (narrower beside a pictogram). */
  labelWidth: number
  align: 'start' | 'middle'
  labelSize: number
  promptSize: number
  labelLines: string[]
  promptLines: string[]
  /** Top of the prompt's first line. */
  promptY: number
  /** Bottom of the text block (what a note placed in the zone must stay below). */
  bottom: number
  /** The pictogram's square (zone-local), or undefined when there is none. */
  pictogram?: { x: number; y: number; size: number }
}

export function clampSize(v: unknown, fallback: number): number {
  const n = typeof v === 'number' && Number.isFinite(v) ? v : fallback
  return Math.min(MAX_TEXT_SIZE, Math.max(MIN_TEXT_SIZE, n))
}

/** Distance from the edge of a box zone to its text. */
export function textPadding(labelSize: number): number {
  return Math.round(Math.max(16, labelSize * 0.4))
}

export function hasPictogram(decoration: string | undefined): boolean {
  return pictogramFor(decoration) !== undefined
}

/**
 * The text block of a zone. Boxes: top left, pictogram top right. Rings (ellipses): centred at the
 * top, as wide as the ring allows there. Star: centred in the star's body. The arrow is decoration
 * and carries no text.
 */
export function zoneTextLayout(z: ZoneTextInput): ZoneTextLayout {
  const size = clampSize(z.labelSize, LEGACY_LABEL_SIZE)
  const labelSize = fitLongestWord(z.label, size, z)
  const promptSize = clampSize(z.promptSize, LEGACY_PROMPT_SIZE)
  const pad = textPadding(labelSize)
  const w = Math.max(1, z.w)
  const h = Math.max(1, z.h)
  let x: number
  let y: number
  let width = 0
  let labelWidth = 0
  let align: 'start' | 'middle'
  let pictogram: ZoneTextLayout['pictogram']
  if (z.geometry === 'ellipse') {
    // Centred at the top of the ring, moved down until the first label line fits inside the curve.
    const chordAt = (yy: number) => {
      const dy = Math.min(h, Math.max(0, yy)) - h / 2
      return w * Math.sqrt(Math.max(0, 1 - (dy / (h / 2)) ** 2))
    }
    y = Math.max(pad * 0.5, h * 0.02)
    for (;;) {
      width = labelWidth = Math.max(labelSize * 3, chordAt(y + labelSize * LABEL_LINE_HEIGHT) * 0.86)
      const first = z.label ? wrapText(z.label, labelSize, labelWidth, true, MAX_LABEL_LINES)[0] ?? '' : ''
      if (estimateTextWidth(first, labelSize, true) <= chordAt(y) * 0.94 || y > h * 0.4) break
      y += Math.max(4, labelSize * 0.15)
    }
    x = w / 2
    align = 'middle'
  } else if (z.geometry === 'star') {
    // The star's inner pentagon: a box about as wide as the inner radius allows.
    width = labelWidth = w * STAR_INNER_RATIO * 0.92
    x = w / 2
    y = h * 0.36
    align = 'middle'
  } else {
    // Box: text top left; the pictogram top right, beside the label; the prompt runs full width.
    const icon = hasPictogram(z.decoration) ? Math.round(labelSize * PICTOGRAM_RATIO) : 0
    x = pad
    y = Math.round(pad * 0.8)
    width = Math.max(labelSize * 2, w - 2 * pad)
    labelWidth = icon ? Math.max(labelSize * 2, width - icon - pad * 0.5) : width
    align = 'start'
    if (icon) pictogram = { x: w - pad - icon, y, size: icon }
  }
  const labelLines = z.label ? wrapText(z.label, labelSize, labelWidth, true, MAX_LABEL_LINES) : []
  const labelBottom = y + labelLines.length * labelSize * LABEL_LINE_HEIGHT
  const gap = labelLines.length && z.prompt ? promptSize * LABEL_PROMPT_GAP : 0
  const promptY = Math.max(labelBottom + gap, pictogram && z.prompt ? pictogram.y + pictogram.size + promptSize * 0.2 : 0)
  const promptLines = z.prompt ? wrapText(z.prompt, promptSize, width, false, MAX_PROMPT_LINES) : []
  const textBottom = promptLines.length ? promptY + promptLines.length * promptSize * PROMPT_LINE_HEIGHT : labelBottom
  const bottom = Math.max(textBottom, pictogram ? pictogram.y + pictogram.size : 0)
  return { x, y, width, labelWidth, align, labelSize, promptSize, labelLines, promptLines, promptY, bottom, pictogram }
}

/**
 * A label whose longest word is wider than the zone (a silo renamed "Jobcentre Plus Wolverhampton")
 * is drawn smaller rather than cut: the size at which that word fits the label's width.
 */
function fitLongestWord(label: string, size: number, z: ZoneTextInput): number {
  const words = label.split(/\s+/).filter(Boolean)
  if (!words.length) return size
  const widest = Math.max(...words.map((w) => estimateTextWidth(w, 1, true)))
  const probe = zoneTextLayoutWidth(z, size)
  return widest * size <= probe ? size : Math.max(MIN_TEXT_SIZE, Math.floor(probe / widest))
}

/** The label width a box or star zone offers at a label size (rings are wide enough for any word). */
function zoneTextLayoutWidth(z: ZoneTextInput, labelSize: number): number {
  const w = Math.max(1, z.w)
  if (z.geometry === 'ellipse') return w * 0.6
  if (z.geometry === 'star') return w * STAR_INNER_RATIO * 0.92
  const pad = textPadding(labelSize)
  const icon = hasPictogram(z.decoration) ? Math.round(labelSize * PICTOGRAM_RATIO) : 0
  const width = Math.max(labelSize * 2, w - 2 * pad)
  return icon ? Math.max(labelSize * 2, width - icon - pad * 0.5) : width
}

/** Left edge of the text block (for hit tests and measurements). */
export function textLeft(l: ZoneTextLayout): number {
  return l.align === 'middle' ? l.x - l.width / 2 : l.x
}
