/**
 * The pictograms' drawings are not in the board's first load (issue 13, item 6): the first cb-icon
 * on screen (or the kit panel, or an export) loads them. Until then a pictogram is drawn as a faint
 * outline of its size, so nothing moves when the drawing arrives; SVG and PNG exports wait for
 * them (IconShapeUtil.toSvg), so a picture of the board never lacks a pictogram.
 */
import { atom } from 'tldraw'
import { loadPart } from '../board/loadPart'

export type PictogramDrawings = typeof import('./pictogramDraw')

/** null until the drawings (and the pictograms' names) have loaded. */
export const $pictograms = atom<PictogramDrawings | null>('cb pictogram drawings', null)

let loading: Promise<PictogramDrawings> | null = null

export function loadPictograms(): Promise<PictogramDrawings> {
  loading ??= loadPart(() => import('./pictogramDraw')).then(
    (m) => {
      $pictograms.set(m)
      return m
    },
    (e: unknown) => {
      loading = null // a later render or export tries again
      throw e
    },
  )
  return loading
}
