/**
 * Projector mode (`?present` on a board or view link): the board full screen with no editing
 * chrome, following the facilitator, with the walk-through step and the timer large enough to
 * read from the back of the room.
 */
import { lazy, Suspense, useContext, useEffect } from 'react'
import { react, useValue, type Editor } from 'tldraw'
import { PRESENT_PARAM } from '@circleboard/shared'
import type { Person } from '../board/presence'
import { TimerDisplay } from './Timer'
import { FacilitationContext } from './api'

/** Whether an address asks for projector mode. */
export function wantsPresent(search: string): boolean {
  return new URLSearchParams(search).has(PRESENT_PARAM)
}

/** The address without `?present` (leaving projector mode). */
export function withoutPresent(href: string): string {
  const url = new URL(href)
  url.searchParams.delete(PRESENT_PARAM)
  return url.pathname + url.search + url.hash
}

// The walk-through's step prompt, loaded when a walk starts (it needs every template's steps: not in
// the board's first load, issue 13 item 6).
const StepPrompt = lazy(() => import('./StepPrompt').then((m) => ({ default: m.StepPrompt })))

/** The first facilitator in the room who is not this screen (people are sorted by name). */
export function facilitatorToFollow(people: Person[]): string | null {
  return people.find((p) => !p.isMe && p.role === 'facilitator')?.id ?? null
}

/**
 * Keeps the projector on the facilitator's view; with no facilitator in the room, the whole board
 * in view. Returns the cleanup.
 */
export function useProjectorCamera(editor: Editor | null, leaderId: string | null): void {
  useEffect(() => {
    if (!editor) return
    if (!leaderId) {
      if (editor.getInstanceState().followingUserId) editor.stopFollowingUser()
      const fit = () => editor.zoomToFit({ animation: { duration: 300 } })
      fit()
      // A board that is still arriving: fit again once it has shapes.
      let fitted = editor.getCurrentPageShapeIds().size > 0
      return react('cb projector fit', () => {
        const n = editor.getCurrentPageShapeIds().size
        if (!fitted && n > 0) {
          fitted = true
          fit()
        }
      })
    }
    return react('cb projector follow', () => {
      const present = editor.getCollaborators().some((c) => c.userId === leaderId)
      if (present && editor.getInstanceState().followingUserId !== leaderId) editor.startFollowingUser(leaderId)
    })
  }, [editor, leaderId])
}

export function ProjectorOverlay({ canLeave, onLeave }: { canLeave: boolean; onLeave(): void }) {
  useEffect(() => {
    if (!canLeave) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onLeave()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [canLeave, onLeave])
  const handle = useContext(FacilitationContext)
  const walking = useValue('cb projector walking', () => !!handle?.$state.get().step, [handle])
  return (
    <div className="projector-overlay" data-testid="projector">
      <div className="projector-step">
        {walking && (
          <Suspense fallback={null}>
            <StepPrompt variant="projector" />
          </Suspense>
        )}
      </div>
      <div className="projector-timer">
        <TimerDisplay size="big" />
      </div>
      {canLeave && (
        <button className="projector-leave" onClick={onLeave} title="Leave projector view (Esc)" data-testid="leave-projector">
          ✕<span className="sr-only"> Leave projector view</span>
        </button>
      )}
    </div>
  )
}
