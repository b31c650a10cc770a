/**
 * The facilitator's controls for the live activities: walk a template step by step, run a dot
 * vote, and private writing. `useActivityItems` gives the menu items (the Facilitate menu shows
 * them); `ActivityDialogs` holds the dot-vote dialog they open. Nothing here for participants or
 * view links.
 */
import { useContext, useState } from 'react'
import { atom, useValue, type Editor } from 'tldraw'
import { FACILITATION_LIMITS, type VoteScope } from '@circleboard/shared'
import type { MenuItem } from '../plan/Menu'
import { Menu } from '../plan/Menu'
import { FacilitationContext, type FacilitationHandle } from './api'
import { newVoteId } from './votes'
import { currentWalk, placedTemplates } from './walk'

/** Whether the "start a dot vote" dialog is open. */
const voteDialogOpen = atom('cb vote dialog open', false)

function newRoundId(): string {
  return `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
}

/** The menu items for the facilitator (empty for everyone else). */
export function useActivityItems(editor: Editor | null): MenuItem[] {
  const handle = useContext(FacilitationContext)
  const role = useValue('cb activity menu role', () => handle?.$role.get() ?? 'participant', [handle])
  const state = useValue('cb activity menu state', () => handle?.$state.get() ?? null, [handle])
  const templates = useValue('cb walkable templates', () => (editor ? placedTemplates(editor).map((t) => ({ id: t.instanceId, name: t.name })) : []), [editor])
  if (!handle || !state || role !== 'facilitator') return []
  const items: MenuItem[] = []
  const walk = editor ? currentWalk(editor, state) : null
  if (walk) {
    items.push({ label: 'End the walk-through', hint: walk.template.name, testId: 'walk-end', onSelect: () => handle.send({ kind: 'step', instanceId: null, index: 0 }) })
  } else if (templates.length === 0) {
    items.push({ label: 'Walk through a template', hint: 'place one first', disabled: true, testId: 'walk-start', onSelect: () => {} })
  } else {
    for (const t of templates) {
      items.push({
        label: templates.length === 1 ? 'Walk through the template' : `Walk through ${t.name}`,
        hint: templates.length === 1 ? `${t.name}, step by step` : 'step by step',
        testId: templates.length === 1 ? 'walk-start' : `walk-start-${t.id}`,
        onSelect: () => handle.send({ kind: 'step', instanceId: t.id, index: 0 }),
      })
    }
  }
  const vote = state.vote
  if (!vote || vote.status === 'closed') {
    items.push({ label: 'Start a dot vote…', hint: `${FACILITATION_LIMITS.defaultDotsPerPerson} dots each`, testId: 'vote-start', onSelect: () => voteDialogOpen.set(true) })
  } else {
    if (vote.status === 'open') items.push({ label: 'Reveal the votes', hint: 'counts for everyone', testId: 'vote-reveal', onSelect: () => handle.send({ kind: 'vote', action: 'reveal' }) })
    items.push({ label: 'Close the vote', hint: vote.status === 'open' ? 'without showing counts' : 'results stay on the notes', testId: 'vote-close', onSelect: () => handle.send({ kind: 'vote', action: 'close' }) })
  }
  const pw = state.privateWriting
  if (pw?.status === 'writing') {
    items.push({ label: 'Reveal private notes', hint: 'everyone’s, at once', testId: 'private-reveal', onSelect: () => handle.send({ kind: 'private', action: 'reveal' }) })
    items.push({ label: 'End without revealing', hint: 'notes stay private', testId: 'private-end', onSelect: () => handle.send({ kind: 'private', action: 'end' }) })
  } else {
    items.push({ label: 'Start private writing', hint: 'notes hidden until the reveal', testId: 'private-start', onSelect: () => handle.send({ kind: 'private', action: 'start', round: newRoundId() }) })
  }
  return items
}

/** The facilitator's activities menu for the board bar (nothing for other roles). */
export function ActivitiesMenu({ editor }: { editor: Editor | null }) {
  const items = useActivityItems(editor)
  if (items.length === 0) return null
  return (
    <>
      <Menu label="Activities" testId="activities-menu" items={items} disabled={!editor} />
      <ActivityDialogs editor={editor} />
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
    <div className="dialog-backdrop" onPointerDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        className="dialog vote-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="vote-dialog-title"
        data-testid="vote-dialog"
        onKeyDown={(e) => {
          e.stopPropagation()
          if (e.key === 'Escape') onClose()
        }}
        onSubmit={(e) => {
          e.preventDefault()
          start()
        }}
      >
        <h2 id="vote-dialog-title">Start a dot vote</h2>
        <label>
          What are we choosing? <span className="muted">(optional)</span>
          <input autoFocus value={title} maxLength={FACILITATION_LIMITS.maxTitleLength} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Which first step?" data-testid="vote-title" />
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
    </div>
  )
}
