/**
 * The plan panel: the board read as a structured plan, live, for everyone (the store follows the
 * shared doc). It is also the board's accessible text view: real headings and lists, every item a
 * button that selects it on the canvas and brings it into view. Updates are announced calmly: only
 * a short count, only when it changes, and not more than every few seconds.
 */
import { useEffect, useState, useSyncExternalStore } from 'react'
import { useValue, type Editor } from 'tldraw'
import type { BoardSession } from '../board/session'
import { readPlanDates, renameZone, setPlanDates, showShape } from './boardActions'
import { describeAction, planOutline, type OutlineEntry, type OutlineGroup } from './outline'
import { boardEditor } from './useBoardEditor'
import { planUi, usePlanUi } from './uiState'
import { useLivePlan } from './useLivePlan'

const ANNOUNCE_AFTER_MS = 2000

export function PlanPanel({ editor: maybeEditor, session }: { editor: Editor | null; session: BoardSession }) {
  const editor = boardEditor(maybeEditor, session)
  const { panelOpen } = usePlanUi()
  const { boardName } = useSyncExternalStore(session.subscribe, session.getState)
  const plan = useLivePlan(editor, boardName, panelOpen)
  if (!panelOpen) return null
  return (
    <aside className="plan-panel" aria-labelledby="plan-panel-title" data-testid="plan-panel">
      <div className="plan-panel-head">
        <h2 id="plan-panel-title">Plan</h2>
        <button className="link-button" onClick={() => planUi.set({ panelOpen: false })} aria-label="Close the plan panel">
          Close
        </button>
      </div>
      {editor && <PlanDatesForm editor={editor} />}
      {!editor || !plan ? <p className="muted">Reading the board…</p> : <PlanBody editor={editor} plan={plan} />}
    </aside>
  )
}

function PlanDatesForm({ editor }: { editor: Editor }) {
  const sessionDate = useValue('cb session date', () => readPlanDates(editor).sessionDate ?? '', [editor])
  const reviewDate = useValue('cb review date', () => readPlanDates(editor).reviewDate ?? '', [editor])
  const readonly = useValue('cb readonly', () => editor.getIsReadonly(), [editor])
  return (
    <div className="plan-dates">
      <label>
        Session date
        <input type="date" value={sessionDate} disabled={readonly} onChange={(e) => setPlanDates(editor, { sessionDate: e.target.value })} data-testid="session-date" />
      </label>
      <label>
        Review date
        <input type="date" value={reviewDate} disabled={readonly} onChange={(e) => setPlanDates(editor, { reviewDate: e.target.value })} data-testid="review-date" />
      </label>
    </div>
  )
}

function PlanBody({ editor, plan }: { editor: Editor; plan: NonNullable<ReturnType<typeof useLivePlan>> }) {
  const outline = planOutline(plan)
  const readonly = useValue('cb readonly', () => editor.getIsReadonly(), [editor])
  const summary = `${outline.counts.items} item${outline.counts.items === 1 ? '' : 's'}, ${outline.counts.actions} action${outline.counts.actions === 1 ? '' : 's'}`
  // The live region gets the count only after the board has been quiet for a moment.
  const [announced, setAnnounced] = useState('')
  useEffect(() => {
    const t = setTimeout(() => setAnnounced(`Plan updated: ${summary}.`), ANNOUNCE_AFTER_MS)
    return () => clearTimeout(t)
  }, [summary])

  return (
    <div className="plan-body">
      <p className="muted small plan-summary">
        {summary}
        <span className="sr-only" aria-live="polite">
          {announced}
        </span>
      </p>
      {outline.sections.length === 0 && (
        <div className="plan-empty-board">
          <p>No template on this board yet. Add one and what people write in it shows up here as a plan.</p>
          {!readonly && (
            <button className="primary-button" onClick={() => planUi.openPicker()}>
              Add a template
            </button>
          )}
        </div>
      )}
      {outline.sections.map((s) => (
        <section key={s.instanceId} className="plan-section" aria-labelledby={`plan-s-${s.instanceId}`} data-testid="plan-section">
          <h3 id={`plan-s-${s.instanceId}`}>{s.title}</h3>
          {s.groups.map((g, i) => (
            <Group key={i} editor={editor} group={g} readonly={readonly} />
          ))}
        </section>
      ))}
      {outline.elsewhere.length > 0 && (
        <section className="plan-section" aria-labelledby="plan-elsewhere" data-testid="plan-elsewhere">
          <h3 id="plan-elsewhere">Elsewhere on the board</h3>
          <p className="muted small">Written outside every template zone.</p>
          <Entries editor={editor} entries={outline.elsewhere} />
        </section>
      )}
    </div>
  )
}

function Group({ editor, group, readonly }: { editor: Editor; group: OutlineGroup; readonly: boolean }) {
  const [renaming, setRenaming] = useState<string | null>(null)
  const Heading = group.level === 3 ? 'h4' : 'h5'
  const rename = group.renameZone
  return (
    <div className={`plan-group plan-group-${group.level}`} data-testid="plan-group" data-heading={group.heading}>
      {renaming !== null && rename ? (
        <form
          className="row plan-rename"
          onSubmit={(e) => {
            e.preventDefault()
            renameZone(editor, rename.instanceId, rename.zoneId, renaming)
            setRenaming(null)
          }}
        >
          <input aria-label={`New name for ${group.heading}`} autoFocus value={renaming} maxLength={80} onChange={(e) => setRenaming(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setRenaming(null)} />
          <button type="submit">Save</button>
        </form>
      ) : (
        <div className="plan-heading-row">
          <Heading className="plan-heading">{group.heading}</Heading>
          {rename && !readonly && (
            <button className="link-button small" onClick={() => setRenaming(group.heading)} aria-label={`Rename ${group.heading}`}>
              Rename
            </button>
          )}
        </div>
      )}
      {group.entries.length > 0 ? (
        <Entries editor={editor} entries={group.entries} />
      ) : (
        group.empty && <p className="plan-empty muted small">{group.empty}</p>
      )}
    </div>
  )
}

function Entries({ editor, entries }: { editor: Editor; entries: OutlineEntry[] }) {
  return (
    <ul className="plan-entries">
      {entries.map((e, i) => (
        <li key={entryKey(e, i)}>
          <EntryButton editor={editor} shapeId={entryShape(e)}>
            <EntryText entry={e} />
          </EntryButton>
        </li>
      ))}
    </ul>
  )
}

function entryShape(e: OutlineEntry): string | undefined {
  return e.kind === 'action' ? e.action.shapeId : e.shapeId
}

function entryKey(e: OutlineEntry, i: number): string {
  return `${entryShape(e) ?? 'x'}-${i}`
}

function EntryButton({ editor, shapeId, children }: { editor: Editor; shapeId: string | undefined; children: React.ReactNode }) {
  if (!shapeId) return <div className="plan-entry">{children}</div>
  return (
    <button className="plan-entry" onClick={() => showShape(editor, shapeId)} title="Show on the board">
      {children}
    </button>
  )
}

function EntryText({ entry: e }: { entry: OutlineEntry }) {
  switch (e.kind) {
    case 'item':
      return (
        <span className="plan-text">
          {e.text}
          {e.offeredBy && <span className="plan-meta"> — offered by {e.offeredBy}</span>}
        </span>
      )
    case 'enrol':
      return (
        <span className="plan-text">
          {e.person}
          <span className="plan-meta"> — asked by {e.asks || 'who?'}</span>
        </span>
      )
    case 'bridge':
      return (
        <span className="plan-text">
          {e.from || '?'} → {e.to || '?'}
          {e.label && <span className="plan-meta">: {e.label}</span>}
        </span>
      )
    case 'action': {
      const a = describeAction(e.action)
      return (
        <span className={`plan-action plan-status-${e.action.status}`} data-testid="plan-action">
          <span className="plan-text">{a.what}</span>
          <span className="plan-action-meta">
            <span>
              <span className="plan-label">Who:</span> <span data-testid="action-who">{a.who || 'who?'}</span>
            </span>
            <span>
              <span className="plan-label">By:</span> <span data-testid="action-when">{a.when || 'when?'}</span>
            </span>
            <span className="plan-status">{a.status}</span>
          </span>
        </span>
      )
    }
  }
}
