/**
 * The facilitator's controls for the live activities: walk a template step by step, run a dot
 * vote, and private writing (sections of the Facilitate panel), and the dot-vote dialog they open
 * (`ActivityDialogs`, rendered by ActivityLayer). Nothing here for participants or view links.
 */
import { useContext, useState } from 'react'
import { atom, useValue, type Editor } from 'tldraw'
import { FACILITATION_LIMITS, type VoteScope } from '@circleboard/shared'
import { FacilitationContext, type FacilitationHandle } from './api'
import { newVoteId } from './votes'
import { DialogBackdrop, useDialogFocus } from '../plan/Dialog'
import { currentWalk, placedTemplates } from './walk'

/** Whether the "start a dot vote" dialog is open. */
const voteDialogOpen = atom('cb vote dialog open', false)

function newRoundId(): string {
  return `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
}

/**
 * The activities' part of the Facilitate panel (FacilitateMenu.tsx renders it): walk a template,
 * dot vote, private writing. Nothing for other roles. `onDone` closes the panel after an action
 * that changes what the room sees.
 */
export function ActivitySections({ editor, live, onDone }: { editor: Editor | null; live: boolean; onDone?(): void }) {
  const handle = useContext(FacilitationContext)
  const role = useValue('cb activity role', () => handle?.$role.get() ?? 'participant', [handle])
  const state = useValue('cb activity state', () => handle?.$state.get() ?? null, [handle])
  const progress = useValue('cb activity progress', () => handle?.$progress.get() ?? null, [handle])
  const templates = useValue('cb walkable templates', () => (editor ? placedTemplates(editor).map((t) => ({ id: t.instanceId, name: t.name })) : []), [editor])
  const [choice, setChoice] = useState('')
  if (!handle || !state || role !== 'facilitator') return null
  const walk = editor ? currentWalk(editor, state) : null
  const send = (cmd: Parameters<FacilitationHandle['send']>[0], close = true) => {
    handle.send(cmd)
    if (close) onDone?.()
  }
  const chosen = templates.find((t) => t.id === choice) ?? templates[0]
  const vote = state.vote
  const pw = state.privateWriting
  return (
    <>
      <section className="fac-section" aria-labelledby="fac-walk">
        <h3 id="fac-walk">Walk through a template</h3>
        {walk ? (
          <>
            <p className="muted small" data-testid="walk-status">
              {walk.template.name}: step {walk.index + 1} of {walk.steps.length}, {walk.step.title}
            </p>
            <div className="row">
              <button disabled={!live || walk.index === 0} onClick={() => send({ kind: 'step', instanceId: walk.template.instanceId, index: walk.index - 1 }, false)}>
                ◀ Previous
              </button>
              <button disabled={!live || walk.index >= walk.steps.length - 1} onClick={() => send({ kind: 'step', instanceId: walk.template.instanceId, index: walk.index + 1 }, false)}>
                Next ▶
              </button>
              <button disabled={!live} onClick={() => send({ kind: 'step', instanceId: null, index: 0 })} data-testid="walk-end">
                End the walk
              </button>
            </div>
            <p className="muted small">Keys: Page Down / Page Up (a presentation clicker), or Alt+N / Alt+P.</p>
          </>
        ) : templates.length === 0 ? (
          <p className="muted small">Place a template first; then take the room through it step by step.</p>
        ) : (
          <div className="row">
            {templates.length > 1 && (
              <select aria-label="Template to walk through" value={chosen?.id ?? ''} onChange={(e) => setChoice(e.target.value)} data-testid="walk-choice">
                {templates.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            )}
            <button disabled={!live || !chosen} onClick={() => chosen && send({ kind: 'step', instanceId: chosen.id, index: 0 })} data-testid="walk-start">
              {templates.length > 1 ? 'Start the walk' : `Walk through ${chosen?.name ?? 'the template'}`}
            </button>
          </div>
        )}
      </section>

      <section className="fac-section" aria-labelledby="fac-vote">
        <h3 id="fac-vote">Dot vote</h3>
        {!vote || vote.status === 'closed' ? (
          <div className="row">
            <button disabled={!live || !editor} onClick={() => { voteDialogOpen.set(true); onDone?.() }} data-testid="vote-start">
              Start a dot vote…
            </button>
          </div>
        ) : (
          <>
            <p className="muted small" data-testid="vote-status">
              {vote.title.trim() || 'Dot vote'} · {vote.status === 'open' ? `open${progress ? `, ${progress.voters} voted so far` : ''}` : 'counts shown on the notes'}
            </p>
            <div className="row">
              {vote.status === 'open' && (
                <button className="primary-button" disabled={!live} onClick={() => send({ kind: 'vote', action: 'reveal' })} data-testid="vote-reveal">
                  Reveal the votes
                </button>
              )}
              <button disabled={!live} onClick={() => send({ kind: 'vote', action: 'close' })} data-testid="vote-close">
                Close the vote
              </button>
            </div>
          </>
        )}
      </section>

      <section className="fac-section" aria-labelledby="fac-private">
        <h3 id="fac-private">Private writing</h3>
        {pw?.status === 'writing' ? (
          <>
            <p className="muted small">Everyone's new notes stay on their own device until you reveal them.</p>
            <div className="row">
              <button className="primary-button" disabled={!live} onClick={() => send({ kind: 'private', action: 'reveal' })} data-testid="private-reveal">
                Reveal all
              </button>
              <button disabled={!live} onClick={() => send({ kind: 'private', action: 'end' })} data-testid="private-end">
                End without revealing
              </button>
            </div>
          </>
        ) : (
          <div className="row">
            <button disabled={!live} onClick={() => send({ kind: 'private', action: 'start', round: newRoundId() })} data-testid="private-start">
              Start private writing
            </button>
          </div>
        )}
      </section>
    </>
  )
}

/** The dialogs the activity items open. Render once per board page. */
export function ActivityDialogs({ editor }: { editor: Editor | null }) {
  const handle = useContext(FacilitationContext)
  const open = useValue('cb vote dialog', () => voteDialogOpen.get(), [])
  if (!open || !handle || !editor) return null
  return <StartVoteDialog editor={editor} handle={handle} onClose={() => voteDialogOpen.set(false)} />
}

function StartVoteDialog({ editor, handle, onClose }: { editor: Editor; handle: FacilitationHandle; onClose(): void }) {
  const templates = placedTemplates(editor)
  const selectedZone = editor.getSelectedShapes().find((s) => s.type === 'cb-zone')
  const [title, setTitle] = useState('')
  const dialogRef = useDialogFocus<HTMLFormElement>('input')
  const [dots, setDots] = useState<number>(FACILITATION_LIMITS.defaultDotsPerPerson)
  const [scope, setScope] = useState<string>(selectedZone ? `zone:${selectedZone.id}` : 'board')
  const start = () => {
    const [kind, id] = scope.split(/:(.*)/s)
    const s: VoteScope = kind === 'template' ? { kind: 'template', instanceId: id } : kind === 'zone' ? { kind: 'zone', zoneId: id } : { kind: 'board' }
    const n = Math.max(1, Math.min(FACILITATION_LIMITS.maxDotsPerPerson, Math.round(dots) || 1))
    handle.send({ kind: 'vote', action: 'start', id: newVoteId(), title: title.trim().slice(0, FACILITATION_LIMITS.maxTitleLength), scope: s, dots: n })
    onClose()
  }
  return (
    <DialogBackdrop dialog={dialogRef} onClose={onClose}>
      <form
        ref={dialogRef}
        className="dialog vote-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="vote-dialog-title"
        data-testid="vote-dialog"
        onSubmit={(e) => {
          e.preventDefault()
          start()
        }}
      >
        <h2 id="vote-dialog-title">Start a dot vote</h2>
        <label>
          What are we choosing? <span className="muted">(optional)</span>
          <input value={title} maxLength={FACILITATION_LIMITS.maxTitleLength} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Which first step?" data-testid="vote-title" />
        </label>
        <label>
          Notes in
          <select value={scope} onChange={(e) => setScope(e.target.value)} data-testid="vote-scope">
            <option value="board">The whole board</option>
            {templates.map((t) => (
              <optgroup key={t.instanceId} label={t.name}>
                <option value={`template:${t.instanceId}`}>All of {t.name}</option>
                {[...t.zoneShapes.values()]
                  .filter((z) => (z.props as { kind?: string }).kind !== 'decoration')
                  .map((z) => (
                    <option key={z.id} value={`zone:${z.id}`}>
                      {(z.props as { label?: string }).label || (z.props as { zoneId?: string }).zoneId}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          Dots per person
          <input type="number" min={1} max={FACILITATION_LIMITS.maxDotsPerPerson} value={dots} onChange={(e) => setDots(Number(e.target.value))} data-testid="vote-dots" />
        </label>
        <p className="muted small">Counts stay hidden until you reveal them. Several tabs of one person count as one voter.</p>
        <div className="row">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary-button" data-testid="vote-dialog-start">
            Start the vote
          </button>
        </div>
      </form>
    </DialogBackdrop>
  )
}
