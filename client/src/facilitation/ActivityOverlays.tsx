/**
 * Drawn over the shapes, in page coordinates (tldraw's `Overlays` layer follows the camera, so
 * everything here scales with zoom): this person's dots in an open vote, the counts once a vote is
 * revealed (for everyone), and a dashed "private" frame round the notes this person is writing
 * privately (only they have them).
 */
import { useContext } from 'react'
import { useEditor, useValue, type TLShape } from 'tldraw'
import { FacilitationContext } from './api'
import { dotAnchor } from './votes'
import { privateRoundOf } from './privateWriting'

export function ActivityOverlays() {
  const editor = useEditor()
  const handle = useContext(FacilitationContext)
  const zoom = useValue('cb overlay zoom', () => editor.getZoomLevel(), [editor])
  const dots = useValue(
    'cb overlay dots',
    () => {
      if (!handle) return []
      const vote = handle.$state.get().vote
      if (!vote || vote.status !== 'open') return []
      return handle.$myDots
        .get()
        .map((id) => ({ id, at: dotAnchor(editor, id) }))
        .filter((d) => d.at !== null)
    },
    [editor, handle]
  )
  const counts = useValue(
    'cb overlay counts',
    () => {
      if (!handle) return []
      const vote = handle.$state.get().vote
      const tally = handle.$tally.get()
      if (!vote || vote.status !== 'revealed' || !tally || tally.voteId !== vote.id) return []
      return Object.entries(tally.counts)
        .filter(([, n]) => n > 0)
        .map(([id, n]) => ({ id, n, at: dotAnchor(editor, id) }))
        .filter((c) => c.at !== null)
    },
    [editor, handle]
  )
  const privateBoxes = useValue(
    'cb overlay private',
    () =>
      editor
        .getCurrentPageShapes()
        .filter((s: TLShape) => privateRoundOf(s) !== null)
        .map((s) => ({ id: s.id, b: editor.getShapePageBounds(s.id) }))
        .filter((p) => !!p.b),
    [editor]
  )
  if (!dots.length && !counts.length && !privateBoxes.length) return null
  // At least this many screen pixels, so a dot stays visible when the board is zoomed out.
  const atLeast = (units: number, px: number) => Math.max(units, px / zoom)
  return (
    <div className="cb-activity-overlays" aria-hidden="true">
      {privateBoxes.map(({ id, b }) => {
        const pad = atLeast(8, 4)
        const line = atLeast(4, 2)
        const font = atLeast(20, 12)
        return (
          <div
            key={id}
            className="cb-private-frame"
            data-testid="private-frame"
            style={{ left: b!.minX - pad, top: b!.minY - pad, width: b!.w + 2 * pad, height: b!.h + 2 * pad, borderWidth: line, borderRadius: line * 2 }}
          >
            <span className="cb-private-label" style={{ fontSize: font, top: -font * 1.55, padding: `0 ${font * 0.4}px` }}>
              private
            </span>
          </div>
        )
      })}
      {dots.map(({ id, at }) => {
        const size = atLeast(at!.size, 24)
        return (
          <div
            key={id}
            className="cb-dot"
            data-testid="my-dot"
            data-shape-id={id}
            style={{ left: at!.x - size / 2, top: at!.y - size / 2, width: size, height: size, borderWidth: size * 0.1 }}
          />
        )
      })}
      {counts.map(({ id, n, at }) => {
        const size = atLeast(at!.size * 1.25, 36)
        return (
          <div
            key={id}
            className="cb-count"
            data-testid="vote-count"
            data-shape-id={id}
            style={{ left: at!.x - size / 2, top: at!.y - size / 2, minWidth: size, height: size, fontSize: size * 0.55, borderRadius: size / 2, borderWidth: size * 0.08 }}
          >
            {n}
          </div>
        )
      })}
    </div>
  )
}
