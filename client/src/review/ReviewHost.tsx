/**
 * Where BoardPage mounts review mode: `<ReviewHost editor={editor} session={session} />` beside the
 * plan panel. It shows the panel while a review is open (useReview / reviewUi.start) for someone who
 * may run one, keeps the board in view as the canvas narrows, and ends the review when the board
 * changes.
 */
import { useEffect, useSyncExternalStore } from 'react'
import type { Editor } from 'tldraw'
import type { BoardSession } from '../board/session'
import { useKeepViewAcrossPanel } from '../board/useKeepViewAcrossPanel'
import { boardEditor } from '../plan/useBoardEditor'
import { ReviewPanel } from './ReviewPanel'
import { useCanReview } from './useCanReview'
import { reviewUi, useReview } from './reviewUi'

export function ReviewHost({ editor: maybeEditor, session }: { editor: Editor | null; session: BoardSession }) {
  const editor = boardEditor(maybeEditor, session)
  const { review, close } = useReview()
  const { boardName } = useSyncExternalStore(session.subscribe, session.getState)
  const allowed = useCanReview(editor)
  const open = !!review && !!editor && allowed

  // A review belongs to the board it was started on.
  useEffect(() => () => reviewUi.close(), [session])

  useKeepViewAcrossPanel(editor, open)

  if (!open) return null
  return (
    <ReviewPanel
      key={review.id}
      editor={editor}
      basePlan={review.basePlan}
      baseTitle={review.baseTitle}
      baseSavedAt={review.baseSavedAt}
      boardName={boardName}
      onClose={close}
    />
  )
}
