/**
 * Putting a pictogram on the board: in the middle of what this person sees (each next one a
 * little further along, so a row of them does not pile up in one spot), in the colour chosen for
 * the next shape, selected so it can be moved, resized or labelled at once.
 */
import { DefaultColorStyle, createShapeId, type Editor, type TLShapeId } from 'tldraw'
import { ICON_DEFAULT_SIZE } from './iconLayout'
import type { IconShape } from '../shapes/props'

let lastInsert: { at: number; n: number } = { at: 0, n: 0 }

export function insertPictogram(editor: Editor, icon: string): TLShapeId | undefined {
  if (editor.getIsReadonly()) return undefined
  const now = Date.now()
  // Several pictograms in quick succession go side by side; a fresh start goes back to the centre.
  lastInsert = now - lastInsert.at < 30_000 ? { at: now, n: lastInsert.n + 1 } : { at: now, n: 0 }
  const zoom = editor.getZoomLevel()
  // At least 120 units on screen at low zoom, so the pictogram is visible where it lands.
  const size = Math.max(ICON_DEFAULT_SIZE, Math.round(90 / zoom))
  const c = editor.getViewportPageBounds().center
  const step = lastInsert.n % 6
  const id = createShapeId()
  editor.markHistoryStoppingPoint('insert pictogram')
  editor.createShape<IconShape>({
    id,
    type: 'cb-icon',
    x: c.x - size / 2 + step * size * 1.2,
    y: c.y - size / 2,
    props: { w: size, h: size, icon, color: editor.getStyleForNextShape(DefaultColorStyle), text: '' },
  })
  editor.select(id)
  return id
}
