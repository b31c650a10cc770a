/**
 * The poster look shared by all templates: the screen a template must be legible on, the text sizes
 * that follow from it, tldraw's palette, and the pictograms and frame styles a zone may carry.
 *
 * Legibility is a property of the whole template at "fit the template" zoom, not of one zone: on a
 * 1440×900 screen (canvas about 1440×800 under the app bar) tldraw fits a template of W×H canvas
 * units at min((1440 − 140) / W, (800 − 140) / H) (140 px is the inset the app zooms with), and a
 * label of S units is then S × zoom pixels. So a bigger template needs bigger text in canvas units.
 */

/** The view a template must be legible in (canvas pixels) and the inset the app zooms with. */
export const FIT_VIEW = { w: 1440, h: 800, inset: 140 } as const

/** On-screen sizes (px) at fit that templates aim for; the tests hold them to these minimums. */
export const MIN_LABEL_PX = 16
export const MIN_PROMPT_PX = 12

/** The zoom at which a W×H template fills FIT_VIEW ("zoom to fit"). */
export function fitZoom(w: number, h: number, view: { w: number; h: number; inset: number } = FIT_VIEW): number {
  return Math.min((view.w - view.inset) / w, (view.h - view.inset) / h)
}

/** Canvas units for a given on-screen size at a zoom (rounded up to a whole unit). */
export function unitsFor(px: number, zoom: number): number {
  return Math.ceil(px / zoom)
}

/**
 * tldraw's light palette (tlschema DefaultColorThemePalette.lightMode, tldraw 3.15): `semi` fills
 * are light enough for stickies on top, `solid` is for outlines, pictograms and names.
 */
export const PALETTE = {
  black: { solid: '#1d1d1d', semi: '#e8e8e8' },
  blue: { solid: '#4465e9', semi: '#dce1f8' },
  green: { solid: '#099268', semi: '#d3e9e3' },
  grey: { solid: '#9fa8b2', semi: '#eceef0' },
  lightBlue: { solid: '#4ba1f1', semi: '#ddedfa' },
  lightGreen: { solid: '#4cb05e', semi: '#dbf0e0' },
  lightRed: { solid: '#f87777', semi: '#f4dadb' },
  lightViolet: { solid: '#e085f4', semi: '#f5eafa' },
  orange: { solid: '#e16919', semi: '#f8e2d4' },
  red: { solid: '#e03131', semi: '#f4dadb' },
  violet: { solid: '#ae3ec9', semi: '#ecdcf2' },
  yellow: { solid: '#f1ac4b', semi: '#f9f0e6' },
} as const

/** Dark grey for text and outlines when a zone names no accent (and for every legacy zone). */
export const DEFAULT_ACCENT = '#4b5563'

/** Small hand-drawn pictograms drawn beside a label (client/src/shapes/zoneArt.tsx draws them). */
export const PICTOGRAMS = [
  'person', 'people', 'star', 'heart', 'house', 'key', 'flag', 'foot', 'calendar', 'tick', 'cross',
  'next', 'bus', 'chest', 'bulb', 'book', 'gift', 'link', 'sun', 'building',
] as const
export type Pictogram = (typeof PICTOGRAMS)[number]

/**
 * Frame styles: the zone's outline is drawn as a grain silo (rounded top, no pictogram) or a
 * treasure chest (strapped corners, with the chest pictogram beside its name).
 */
export const FRAME_STYLES = ['silo', 'chestFrame'] as const
export type FrameStyle = (typeof FRAME_STYLES)[number]

export type Decoration = Pictogram | FrameStyle | 'none'

export function isPictogram(d: unknown): d is Pictogram {
  return typeof d === 'string' && (PICTOGRAMS as readonly string[]).includes(d)
}

/** The pictogram drawn beside a zone's label for a decoration value, if any. */
export function pictogramFor(d: unknown): Pictogram | undefined {
  if (d === 'chestFrame') return 'chest'
  return isPictogram(d) ? d : undefined
}
