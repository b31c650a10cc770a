/**
 * The plan panel: the board read as a structured plan, live, for everyone (the store follows the
 * shared doc). It is also the board's accessible text view: real headings and lists, every item a
 * button that selects it on the canvas and brings it into view. Updates are announced calmly: only
 * a short count, only when it changes, and not more than every few seconds.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { useValue, type Editor } from 'tldraw'
import { formatPlanDate, isIsoDate, nextActionStatus, votesLabel, type PlanAction } from '@circleboard/shared'
import type { BoardSession } from '../board/session'
import {
  addNoteInZone,
  cycleActionStatus,
  readBoardParticipants,
  readPlanDates,
  renameZone,
  setParticipants,
  setPlanDates,
  showShape,
  splitNames,
} from './boardActions'
import { ACTION_STATUS_TEXT, describeAction, planOutline, type OutlineEntry, type OutlineGroup } from './outline'
import './planPanel.css'
import { boardEditor } from './useBoardEditor'
import { planUi, usePlanUi } from './uiState'
import { useLivePlan } from './useLivePlan'
import { walkFocus } from '../facilitation/walkState'

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
      {editor && <ParticipantsField editor={editor} session={session} />}
      {!editor || !plan ? <p className="muted">Reading the board…</p> : <PlanBody editor={editor} plan={plan} />}
    </aside>
  )
}

/** The reader's language for dates ("12 January 2027" in en-GB). */
export const readerLocale = () => (typeof navigator !== 'undefined' && navigator.language) || undefined

function PlanDatesForm({ editor }: { editor: Editor }) {
  const sessionDate = useValue('cb session date', () => readPlanDates(editor).sessionDate ?? '', [editor])
  const reviewDate = useValue('cb review date', () => readPlanDates(editor).reviewDate ?? '', [editor])
  const readonly = useValue('cb readonly', () => editor.getIsReadonly(), [editor])
  return (
    <div className="plan-dates">
      <DateField label="Session date" saved={sessionDate} disabled={readonly} testId="session-date" onSave={(v) => setPlanDates(editor, { sessionDate: v })} />
      <DateField label="Review date" saved={reviewDate} disabled={readonly} testId="review-date" onSave={(v) => setPlanDates(editor, { reviewDate: v })} />
    </div>
  )
}

/**
 * A date that can be typed or picked. The field is the browser's own date input, left alone while
 * someone types in it: while the parts are incomplete it reads as empty, and a year on its way to
 * 2027 passes through 0002, 0020 and 0202, so only a whole, plausible date is saved. A saved date
 * is cleared only on purpose: the Clear button, or every part of the field emptied.
 */
export function DateField({ label, saved, disabled, testId, onSave }: { label: string; saved: string; disabled: boolean; testId: string; onSave(v: string): void }) {
  const ref = useRef<HTMLInputElement>(null)
  const typing = useRef(false)
  // Follow changes from elsewhere (another person, an import), but never under someone's fingers.
  useEffect(() => {
    if (ref.current && !typing.current && ref.current.value !== saved) ref.current.value = saved
  }, [saved])
  const readable = saved ? formatPlanDate(saved, readerLocale()) : ''
  return (
    <div className="plan-date">
      <label htmlFor={`cb-${testId}`}>{label}</label>
      <input
        id={`cb-${testId}`}
        ref={ref}
        type="date"
        min="1900-01-01"
        max="9999-12-31"
        defaultValue={saved}
        disabled={disabled}
        data-testid={testId}
        aria-describedby={readable ? `cb-${testId}-readable` : undefined}
        onFocus={() => (typing.current = true)}
        onChange={(e) => {
          const v = e.currentTarget.value
          if (isIsoDate(v) && v !== saved) onSave(v)
        }}
        onBlur={(e) => {
          typing.current = false
          const input = e.currentTarget
          if (input.value === '' && !input.validity.badInput) {
            // Every part emptied: the person cleared it.
            if (saved) onSave('')
          } else if (!isIsoDate(input.value)) {
            // Half-typed: show the saved date again (emptying first resets the browser's part-by-part state).
            input.value = ''
            input.value = saved
          } else if (input.value !== saved) {
            onSave(input.value)
          }
        }}
      />
      <div className="plan-date-below">
        <span className="small muted" id={`cb-${testId}-readable`} data-testid={`${testId}-readable`}>
          {readable}
        </span>
        {saved && !disabled && (
          <button
            type="button"
            className="link-button small"
            aria-label={`Clear the ${label.toLowerCase()}`}
            data-testid={`${testId}-clear`}
            onClick={() => {
              if (ref.current) ref.current.value = ''
              onSave('')
            }}
          >
            Clear
          </button>
        )}
      </div>
    </div>
  )
}

/** The people who took part, kept on the board (document meta) and printed in the plan. */
function ParticipantsField({ editor, session }: { editor: Editor; session: BoardSession }) {
  const saved = useValue('cb participants', () => readBoardParticipants(editor).join(', '), [editor])
  const readonly = useValue('cb readonly', () => editor.getIsReadonly(), [editor])
  const { people } = useSyncExternalStore(session.subscribe, session.getState)
  const [draft, setDraft] = useState<string | null>(null)
  const commit = (text: string) => {
    setParticipants(editor, splitNames(text))
    setDraft(null)
  }
  const here = [...new Set(people.filter((p) => !p.viewOnly).map((p) => p.name.trim()).filter(Boolean))]
  const missing = here.filter((n) => !splitNames(draft ?? saved).includes(n))
  return (
    <div className="plan-people">
      <label htmlFor="cb-participants">People who took part</label>
      <textarea
        id="cb-participants"
        rows={2}
        value={draft ?? saved}
        disabled={readonly}
        placeholder="Names, separated by commas"
        data-testid="participants"
        onChange={(e) => setDraft(e.target.value)}
        onBlur={(e) => draft !== null && commit(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault()
            commit(e.currentTarget.value)
          }
          if (e.key === 'Escape') setDraft(null)
        }}
      />
      {!readonly && missing.length > 0 && (
        <button type="button" className="link-button small" onClick={() => commit([...splitNames(draft ?? saved), ...missing].join(', '))}>
          Add who is here now ({missing.join(', ')})
        </button>
      )}
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
          <Entries editor={editor} entries={outline.elsewhere} readonly={readonly} />
        </section>
      )}
    </div>
  )
}

function Group({ editor, group, readonly }: { editor: Editor; group: OutlineGroup; readonly: boolean }) {
  const [renaming, setRenaming] = useState<string | null>(null)
  const Heading = group.level === 3 ? 'h4' : 'h5'
  const rename = group.renameZone
  // The walk-through's current step ("Now"), when this group reads one of its zones.
  const zone = group.addTo ?? group.renameZone
  const now = useValue(
    'cb plan group now',
    () => {
      const f = walkFocus.get()
      return !!f && !!zone && f.instanceId === zone.instanceId && f.zoneIds.includes(zone.zoneId)
    },
    [zone?.instanceId, zone?.zoneId]
  )
  return (
    <div className={`plan-group plan-group-${group.level}${now ? ' plan-group-now' : ''}`} data-testid="plan-group" data-heading={group.heading} data-now={now || undefined}>
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
          <Heading className="plan-heading">
            {group.heading}
            {now && (
              <span className="plan-now" data-testid="plan-now">
                Now
              </span>
            )}
          </Heading>
          {group.addTo && !readonly && (
            <button
              className="link-button small plan-add"
              onClick={() => addNoteInZone(editor, group.addTo!.instanceId, group.addTo!.zoneId)}
              aria-label={`Add a note to ${group.heading}`}
              title={`Add a note to ${group.heading} and start typing`}
              data-testid="plan-add"
            >
              + Add
            </button>
          )}
          {rename && !readonly && (
            <button className="link-button small" onClick={() => setRenaming(group.heading)} aria-label={`Rename ${group.heading}`}>
              Rename
            </button>
          )}
        </div>
      )}
      {group.entries.length > 0 ? (
        <Entries editor={editor} entries={group.entries} readonly={readonly} />
      ) : (
        group.empty && <p className="plan-empty muted small">{group.empty}</p>
      )}
    </div>
  )
}

function Entries({ editor, entries, readonly }: { editor: Editor; entries: OutlineEntry[]; readonly: boolean }) {
  return (
    <ul className="plan-entries">
      {entries.map((e, i) => (
        <li key={entryKey(e, i)} className={e.kind === 'action' ? `plan-action-row plan-status-${e.action.status}` : undefined}>
          <EntryButton editor={editor} shapeId={entryShape(e)}>
            <EntryText entry={e} />
          </EntryButton>
          {e.kind === 'action' && <StatusButton editor={editor} action={e.action} readonly={readonly} />}
        </li>
      ))}
    </ul>
  )
}

/** The action's status; one click moves it on (to do → in progress → done), on the board for everyone. */
function StatusButton({ editor, action, readonly }: { editor: Editor; action: PlanAction; readonly: boolean }) {
  const now = ACTION_STATUS_TEXT[action.status]
  if (readonly || !action.shapeId) {
    return (
      <span className="plan-status" data-testid="action-status">
        {now}
      </span>
    )
  }
  const next = ACTION_STATUS_TEXT[nextActionStatus(action.status)]
  return (
    <button
      className="plan-status"
      onClick={() => cycleActionStatus(editor, action.shapeId!)}
      aria-label={`Status of "${action.what || 'this action'}": ${now}. Change to ${next}`}
      title={`Change to ${next}`}
      data-testid="action-status"
      data-status={action.status}
    >
      {now}
    </button>
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

/** Dots from a revealed dot vote, as in the exports ("4 votes"). */
function Votes({ n }: { n: number | undefined }) {
  const label = votesLabel(n)
  return label ? <span className="plan-votes" data-testid="plan-votes"> {label}</span> : null
}

function EntryText({ entry: e }: { entry: OutlineEntry }) {
  switch (e.kind) {
    case 'item':
      return (
        <span className="plan-text">
          {e.text}
          {e.offeredBy && <span className="plan-meta"> — offered by {e.offeredBy}</span>}
          <Votes n={e.votes} />
        </span>
      )
    case 'enrol':
      return (
        <span className="plan-text">
          {e.person}
          <span className="plan-meta"> — asked by {e.asks || 'who?'}</span>
          <Votes n={e.votes} />
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
      const a = describeAction(e.action, readerLocale())
      return (
        <span className={`plan-action plan-status-${e.action.status}`} data-testid="plan-action" data-status={e.action.status}>
          <span className="plan-text">
            {a.what}
            <Votes n={e.action.votes} />
          </span>
          <span className="plan-action-meta">
            <span>
              <span className="plan-label">Who:</span> <span data-testid="action-who">{a.who || 'who?'}</span>
            </span>
            <span>
              <span className="plan-label">By:</span> <span data-testid="action-when">{a.when || 'when?'}</span>
            </span>
          </span>
        </span>
      )
    }
  }
}
