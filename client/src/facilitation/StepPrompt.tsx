/**
 * The current step of a template walk-through, large: "Step 3 of 8 · Now" and the question put to
 * the room. Shown over the board for everyone (facilitator, participants, view links) and rendered
 * by the projector view. Nothing while no walk is on.
 */
import { useContext } from 'react'
import { useValue, type Editor } from 'tldraw'
import { FacilitationContext } from './api'
import { activeBoardEditor, currentWalk } from './walk'

export interface StepPromptProps {
  /** The board's editor; by default the open board's (set by ActivityLayer). */
  editor?: Editor | null
  /** `projector`: bigger type for the back of the room. */
  variant?: 'board' | 'projector'
}

export function StepPrompt({ editor: given, variant = 'board' }: StepPromptProps) {
  const handle = useContext(FacilitationContext)
  const walk = useValue(
    'cb step prompt',
    () => {
      const editor = given ?? activeBoardEditor.get()
      if (!editor || editor.isDisposed || !handle) return null
      const w = currentWalk(editor, handle.$state.get())
      return w ? { template: w.template.name, title: w.step.title, prompt: w.step.prompt, index: w.index, count: w.steps.length } : null
    },
    [given, handle]
  )
  if (!walk) return null
  return (
    <section className={`step-prompt step-prompt-${variant}`} aria-live="polite" aria-label="Current step" data-testid="step-prompt">
      <p className="step-prompt-where">
        <span className="step-prompt-count">
          Step {walk.index + 1} of {walk.count}
        </span>{' '}
        · {walk.template}
      </p>
      <h2 className="step-prompt-title">{walk.title}</h2>
      <p className="step-prompt-text">{walk.prompt}</p>
    </section>
  )
}
