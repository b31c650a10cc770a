/**
 * Where a pictogram's drawing and label go: one pure function, used by the canvas, the SVG/PNG
 * export and the shape's height, so all three agree. Sizes are canvas units.
 */

/** A new pictogram's size at 100% zoom: big enough to read from the back of the room. */
export const ICON_DEFAULT_SIZE = 120
const MAX_LABEL_LINES = 3

export interface IconLayout {
  /** Side of the square the drawing fills (the shape's width). */
  size: number
  fontSize: number
  lines: string[]
  /** The shape's height: the drawing plus the label under it. */
  h: number
}

/** Greedy word wrap to at most `maxChars` a line and MAX_LABEL_LINES lines ("…" when cut). */
export function wrapLabel(text: string, maxChars: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean)
  const lines: string[] = []
  let line = ''
  for (let word of words) {
    while (word.length > maxChars) {
      // A word longer than a line is broken, not allowed to run outside the shape.
      if (line) lines.push(line)
      lines.push(word.slice(0, maxChars))
      word = word.slice(maxChars)
      line = ''
    }
    if (!line) line = word
    else if (line.length + 1 + word.length <= maxChars) line += ` ${word}`
    else {
      lines.push(line)
      line = word
    }
  }
  if (line) lines.push(line)
  if (lines.length <= MAX_LABEL_LINES) return lines
  const kept = lines.slice(0, MAX_LABEL_LINES)
  const last = kept[MAX_LABEL_LINES - 1]
  kept[MAX_LABEL_LINES - 1] = `${last.slice(0, Math.max(1, maxChars - 1))}…`
  return kept
}

export function iconLayout(w: number, text: string): IconLayout {
  const size = Math.max(1, w)
  const fontSize = size * 0.2
  // The hand-drawn font averages about 0.55 em a character.
  const maxChars = Math.max(4, Math.floor((size * 1.6) / (fontSize * 0.55)))
  const lines = text.trim() ? wrapLabel(text, maxChars) : []
  const h = size + (lines.length ? fontSize * 0.4 + lines.length * fontSize * 1.2 : 0)
  return { size, fontSize, lines, h }
}
