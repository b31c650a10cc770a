/**
 * The live activities on a board, for everyone: the current step of a walk-through (banner, zones,
 * the facilitator's camera), dot voting (pointer and keyboard, dots kept on the device and sent on
 * reconnect), and private writing (installed on the editor). Rendered once per board page inside
 * FacilitationContext; facilitator controls are in ActivitiesMenu and the dock below.
 *
 * Keys (none clash with tldraw's shortcuts):
 *   PageDown / PageUp, or Alt+N / Alt+P   next / previous step (facilitator, while walking);
 *                                          presentation clickers send PageDown / PageUp
 *   .                                      put a dot on the selected note (while a vote is open)
 *   Shift+.                                take the dot back
 */
import { useContext, useEffect, useRef } from 'react'
import { react, useValue, type Editor, type TLShape } from 'tldraw'
import type { FacilitationHandle } from './api'
import { FacilitationContext } from './api'
import { StepPrompt } from './StepPrompt'
import { voteAnnouncement, voteMode } from './activityUi'
import { dotsLeftText, isVotable, loadDots, saveDots, votableAt } from './votes'
import { activeBoardEditor, currentWalk, focusOf, showStep, walkFocus } from './walk'
import { ActivityDialogs } from './ActivitySections'
import './activities.css'

export interface ActivityLayerProps {
  editor: Editor | null
  /** The board's room id (edit) or view token (view). */
  boardKey: string
  mode: 'edit' | 'view'
  /** Projector view: the effects only (it draws its own step banner, nobody votes or writes there). */
  projector?: boolean
}

/** How far the activity dock reaches down into the canvas, screen pixels. */
function dockBottom(editor: Editor): number {
  const dock = editor.getContainer().closest('.board-canvas')?.querySelector('.activity-dock')
  const canvas = editor.getContainer().getBoundingClientRect()
  if (!dock) return 0
  return Math.max(0, dock.getBoundingClientRect().bottom - canvas.top + 8)
}

function isTyping(e: KeyboardEvent, editor: Editor): boolean {
  const t = e.target as HTMLElement | null
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return true
  return editor.getEditingShapeId() !== null
}

/** Adds or takes back this person's dot on a shape; says what happened. Returns whether it changed. */
export function toggleDot(editor: Editor, handle: FacilitationHandle, boardKey: string, shapeId: string, want?: 'add' | 'remove'): boolean {
  const vote = handle.$state.get().vote
  if (!vote || vote.status !== 'open') return false
  const mine = handle.$myDots.get()
  const has = mine.includes(shapeId)
  const say = (text: string) => voteAnnouncement.set(text)
  if (has && want !== 'add') {
    const next = mine.filter((id) => id !== shapeId)
    saveDots(boardKey, vote.id, next)
    handle.setMyDots(next)
    say(`Dot taken back. ${dotsLeftText(vote, next.length)}.`)
    return true
  }
  if (has || want === 'remove') {
    say(has ? `You already have a dot there. ${dotsLeftText(vote, mine.length)}.` : 'No dot of yours on that note.')
    return false
  }
  if (!isVotable(editor, editor.getShape(shapeId as TLShape['id']), vote.scope)) {
    say('That is not part of this vote.')
    return false
  }
  if (mine.length >= vote.dots) {
    say(`No dots left: take one back first (${vote.dots} each).`)
    return false
  }
  const next = [...mine, shapeId]
  saveDots(boardKey, vote.id, next)
  handle.setMyDots(next)
  say(`Dot placed. ${dotsLeftText(vote, next.length)}.`)
  return true
}

export function ActivityLayer({ editor, boardKey, mode, projector = false }: ActivityLayerProps) {
  const handle = useContext(FacilitationContext)

  useEffect(() => {
    activeBoardEditor.set(editor)
    return () => {
      if (activeBoardEditor.__unsafe__getWithoutCapture() === editor) activeBoardEditor.set(null)
    }
  }, [editor])

  // The current step's zones, for the zone shapes and the plan panel.
  useEffect(() => {
    if (!editor || !handle) return
    const stop = react('cb walk focus', () => walkFocus.set(focusOf(currentWalk(editor, handle.$state.get()))))
    return () => {
      stop()
      walkFocus.set(null)
    }
  }, [editor, handle])

  // The facilitator's camera goes to each new step (people following the facilitator come along).
  const lastStep = useRef<string | null | undefined>(undefined)
  useEffect(() => {
    if (!editor || !handle) return
    return react('cb walk camera', () => {
      const step = handle.$state.get().step
      const key = step ? `${step.instanceId}/${step.index}` : null
      const role = handle.$role.get()
      const first = lastStep.current === undefined
      if (key === lastStep.current) return
      lastStep.current = key
      if (first || !key || role !== 'facilitator') return
      const walk = currentWalk(editor, handle.$state.get())
      // after the banner has been drawn for the new step, so its height is known
      if (walk) setTimeout(() => showStep(editor, walk, dockBottom(editor)), 60)
    })
  }, [editor, handle])

  // Keyboard: steps for the facilitator, dots for voters.
  useEffect(() => {
    if (!editor || !handle) return
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || isTyping(e, editor)) return
      const state = handle.$state.get()
      const role = handle.$role.get()
      const next = e.key === 'PageDown' || (e.altKey && e.code === 'KeyN')
      const prev = e.key === 'PageUp' || (e.altKey && e.code === 'KeyP')
      if ((next || prev) && role === 'facilitator' && state.step) {
        e.preventDefault()
        e.stopPropagation()
        const walk = currentWalk(editor, state)
        if (!walk) return
        const index = Math.max(0, Math.min(walk.steps.length - 1, walk.index + (next ? 1 : -1)))
        if (index !== walk.index) handle.send({ kind: 'step', instanceId: walk.template.instanceId, index })
        return
      }
      if ((e.code === 'Period' || e.key === '.' || e.key === '>') && !e.altKey && role !== 'viewer' && state.vote?.status === 'open') {
        const selected = editor.getSelectedShapeIds()
        if (selected.length === 0) {
          voteAnnouncement.set('Select a note first, then press . to put a dot on it.')
          return
        }
        e.preventDefault()
        e.stopPropagation()
        toggleDot(editor, handle, boardKey, selected[0], e.shiftKey ? 'remove' : 'add')
      }
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [editor, handle, boardKey])

  // Pointer: in vote mode a press on a note toggles this person's dot there (tldraw never sees it).
  useEffect(() => {
    if (!editor || !handle) return
    const container = editor.getContainer()
    const swallowed = new Set<number>()
    const onDown = (e: PointerEvent) => {
      if (!voteMode.get() || e.button !== 0) return
      const vote = handle.$state.get().vote
      if (!vote || vote.status !== 'open' || handle.$role.get() === 'viewer') return
      if (!(e.target as Element | null)?.closest?.('.tl-canvas')) return
      const point = editor.screenToPage({ x: e.clientX, y: e.clientY })
      const shape = votableAt(editor, point, vote.scope)
      if (!shape) return
      e.stopPropagation()
      e.preventDefault()
      swallowed.add(e.pointerId)
      toggleDot(editor, handle, boardKey, shape.id)
    }
    const onUp = (e: PointerEvent) => {
      if (!swallowed.delete(e.pointerId)) return
      e.stopPropagation()
    }
    container.addEventListener('pointerdown', onDown, true)
    container.addEventListener('pointerup', onUp, true)
    return () => {
      container.removeEventListener('pointerdown', onDown, true)
      container.removeEventListener('pointerup', onUp, true)
    }
  }, [editor, handle, boardKey])

  // Dots chosen on this device (perhaps offline, perhaps before a reload) go to the relay once it
  // is there and the vote is still open.
  useEffect(() => {
    if (!handle || mode !== 'edit') return
    return react('cb resend kept dots', () => {
      const live = handle.$live.get()
      const vote = handle.$state.get().vote
      if (!live || !vote || vote.status !== 'open') return
      const kept = loadDots(boardKey, vote.id)
      // (what the relay last said is read without subscribing: its answers must not re-send)
      const now = handle.$myDots.__unsafe__getWithoutCapture()
      if (kept && (kept.length !== now.length || kept.some((id) => !now.includes(id)))) {
        queueMicrotask(() => handle.setMyDots(kept))
      }
    })
  }, [handle, boardKey, mode])

  // Leaving vote mode when the vote is over.
  useEffect(() => {
    if (!handle) return
    return react('cb vote mode off', () => {
      if (handle.$state.get().vote?.status !== 'open') voteMode.set(false)
    })
  }, [handle])

  // Private writing (marks, keeps, restores, publishes) is installed by the wrapper that loads this
  // layer (board/lazyParts.tsx), from the first paint: a note written in a round must never reach
  // the relay, not even while this file loads.

  if (!handle || projector) return null
  return (
    <>
      <ActivityDock editor={editor} handle={handle} />
      <ActivityDialogs editor={editor} />
    </>
  )
}

/** Over the top of the canvas: the step banner, the facilitator's step buttons, vote and private-writing status. */
function ActivityDock({ editor, handle }: { editor: Editor | null; handle: FacilitationHandle }) {
  const state = useValue('cb activity state', () => handle.$state.get(), [handle])
  const role = useValue('cb activity role', () => handle.$role.get(), [handle])
  const myDots = useValue('cb my dots', () => handle.$myDots.get(), [handle])
  const progress = useValue('cb vote progress', () => handle.$progress.get(), [handle])
  const tally = useValue('cb vote tally', () => handle.$tally.get(), [handle])
  const inVoteMode = useValue('cb vote mode', () => voteMode.get(), [])
  const announcement = useValue('cb vote announcement', () => voteAnnouncement.get(), [])
  const walk = useValue('cb walk for dock', () => (editor ? currentWalk(editor, handle.$state.get()) : null), [editor, handle])
  const facilitator = role === 'facilitator'
  const vote = state.vote
  const pw = state.privateWriting
  const step = (delta: number) => {
    if (!walk) return
    const index = walk.index + delta
    if (index < 0 || index >= walk.steps.length) return
    handle.send({ kind: 'step', instanceId: walk.template.instanceId, index })
  }
  const myPrivateCount = useValue(
    'cb my private notes',
    () => (editor && pw ? editor.getCurrentPageShapes().filter((s) => (s.meta as Record<string, unknown>).privateRound === pw.round).length : 0),
    [editor, pw?.round]
  )
  return (
    <div className="activity-dock" data-testid="activity-dock">
      <StepPrompt editor={editor} />
      <div className="activity-row">
      {facilitator && walk && (
        <div className="activity-chip walk-controls" role="group" aria-label="Walk-through">
          <button onClick={() => step(-1)} disabled={walk.index === 0} data-testid="step-prev" title="Previous step (Page Up or Alt+P)">
            ◀ Previous
          </button>
          <button className="primary-button" onClick={() => step(1)} disabled={walk.index >= walk.steps.length - 1} data-testid="step-next" title="Next step (Page Down or Alt+N)">
            Next ▶
          </button>
          <button className="link-button" onClick={() => handle.send({ kind: 'step', instanceId: null, index: 0 })} data-testid="step-end">
            End walk
          </button>
        </div>
      )}
      {vote && vote.status !== 'closed' && (
        <div className="activity-chip vote-chip" data-testid="vote-chip" data-status={vote.status}>
          <span className="activity-chip-title">
            <span aria-hidden="true">●</span> {vote.title.trim() || 'Dot vote'}
          </span>
          {vote.status === 'open' && role !== 'viewer' && (
            <>
              <span data-testid="dots-left">{dotsLeftText(vote, myDots.length)}</span>
              <button
                aria-pressed={inVoteMode}
                className={inVoteMode ? 'primary-button' : undefined}
                onClick={() => {
                  voteMode.set(!inVoteMode)
                  if (!inVoteMode) editor?.setCurrentTool('select')
                }}
                data-testid="vote-mode"
                title="Click a note to put a dot on it; click it again to take the dot back. Keyboard: select a note, press . (Shift+. takes it back)"
              >
                {inVoteMode ? 'Placing dots: on' : 'Place dots'}
              </button>
            </>
          )}
          {vote.status === 'open' && facilitator && progress && (
            <span className="muted" data-testid="vote-progress">
              {progress.voters} voted
            </span>
          )}
          {vote.status === 'open' && role === 'viewer' && <span className="muted">Voting… results at the reveal</span>}
          {vote.status === 'revealed' && (
            <span data-testid="vote-results">
              Results on the notes{tally ? ` · ${tally.voters} ${tally.voters === 1 ? 'person' : 'people'} voted` : ''}
            </span>
          )}
        </div>
      )}
      {pw?.status === 'writing' && (
        <div className="activity-chip private-chip" data-testid="private-chip" role="status">
          <span className="activity-chip-title">Private writing</span>
          {role === 'viewer' ? (
            <span className="activity-chip-detail">Notes appear when the facilitator reveals them.</span>
          ) : (
            <>
              <span className="activity-chip-detail">Only you see your new notes until the reveal.</span>
              {myPrivateCount > 0 && <span>{myPrivateCount} written</span>}
            </>
          )}
        </div>
      )}
      </div>
      <p className="sr-only" aria-live="polite" data-testid="vote-announcement">
        {announcement}
      </p>
    </div>
  )
}

