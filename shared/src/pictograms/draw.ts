/** Drawing a pictogram: its strokes (24×24, Tabler's grid), on the canvas or as SVG text. */
import { pictogramById } from './catalog'
import { PICTOGRAM_DATA } from './data'

/** Drawn for a pictogram id this app does not know (a board from a newer app): a boxed "?". */
const UNKNOWN_PATHS = ['M8 8a3.5 3 0 0 1 5 -1c1.5 1 1.5 3 0 4c-1 .7 -1 1.5 -1 2.5', 'M12 17v.01', 'M3 3h18v18h-18z']

export function pictogramPaths(id: string): string[] {
  const p = pictogramById(id)
  return (p && PICTOGRAM_DATA[p.tabler]?.paths) || UNKNOWN_PATHS
}

/**
 * A standalone `<svg>` of a pictogram, for HTML documents (the easy-read plan). `color` must be
 * a plain CSS colour; the path data is ours (generated), never user text.
 */
export function pictogramSvg(id: string, opts: { size?: number; color?: string; label?: string } = {}): string {
  const size = opts.size ?? 48
  const color = /^#[0-9a-f]{3,8}$/i.test(opts.color ?? '') || /^[a-z]{3,20}$/i.test(opts.color ?? '') ? opts.color : 'currentColor'
  const paths = pictogramPaths(id)
    .map((d) => `<path d="${d.replace(/[^0-9a-zA-Z .,-]/g, '')}"/>`)
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 24 24" fill="none" stroke="${color}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${paths}</svg>`
}
