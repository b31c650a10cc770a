/**
 * Review mode: the facilitator goes through the actions of a saved version (the plan of the first
 * session, or any version) one by one with the circle. Each shows what it said and where it stands
 * on the board now, with one click for Done / Doing / Not started / Dropped; new actions are added
 * into their zone; the next review date is set; and the review report (what was done, what slipped,
 * what is new, what was dropped) is saved to send afterwards.
 *
 * Everything it changes is an ordinary edit of the board (undoable, synced to everyone); the panel
 * itself is only this device's view. Side panel on wide screens, a sheet from the bottom on phones.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { useValue, type Editor, type TLShape } from 'tldraw'
import {
  comparisonToHtml,
  comparisonToJson,
  comparisonToMarkdown,
  formatPlanDate,
  formatPlanDateTime,
  planWithReviewToJson,
  resolveWhen,
  type ActionStatus,
  type ComparedAction,
  type Plan,
} from '@circleboard/shared'
import { currentPlan, readPlanDates, setPlanDates, showShape } from '../plan/boardActions'
import { downloadText, openPrintable } from '../plan/download'
import { exportFileName, localIsoDate } from '../plan/fileNames'
import { DateField, readerLocale } from '../plan/PlanPanel'
import { useLivePlan } from '../plan/useLivePlan'
import { addActionCard, boardActionZones, dropAction, putBack, setStatus, zoneForKey } from './boardEdits'
import {
  cleanNewAction,
  reviewComparison,
  reviewView,
  summaryLine,
  type ReviewRow,
  type ReviewState,
} from './review'
import './review.css'

export interface ReviewPanelProps {
  editor: Editor
  /** The saved version's plan. */
  basePlan: Plan
  /** The version's name as the facilitator knows it. */
  baseTitle: string
  /** When the version was saved (ISO date-time); defaults to the plan's export time. */
  baseSavedAt?: string
  /** The board's name, for the report's file names (defaults to the version's board name). */
  boardName?: string
  onClose(): void
}

const CHOICES: Array<{ state: ActionStatus | 'dropped'; label: string }> = [
  { state: 'done', label: 'Done' },
  { state: 'doing', label: 'Doing' },
  { state: 'todo', label: 'Not started' },
  { state: 'dropped', label: 'Dropped' },
]

const STATE_WORDS: Record<ReviewState, string> = { done: 'done', doing: 'in progress', todo: 'not started', gone: 'no longer on the board' }

export function ReviewPanel({ editor, basePlan, baseTitle, baseSavedAt, boardName, onClose }: ReviewPanelProps) {
  const name = boardName ?? basePlan.board.name
  const live = useLivePlan(editor, name, true)
  const readonly = useValue('cb readonly', () => editor.getIsReadonly(), [editor])
  const nextReview = useValue('cb review date', () => readPlanDates(editor).reviewDate ?? '', [editor])
  const today = localIsoDate(new Date())
  const savedAt = baseSavedAt ?? basePlan.board.exportedAt
  const opts = useMemo(() => ({ today, baseTitle, baseSavedAt: savedAt }), [today, baseTitle, savedAt])
  const view = useMemo(() => (live ? reviewView(basePlan, live, opts) : null), [basePlan, live, opts])
  /** Cards and stickies dropped from this panel, by row, so they can be put back as they were. */
  const dropped = useRef(new Map<string, TLShape>())
  const [lastRemoved, setLastRemoved] = useState<{ shape: TLShape; what: string } | null>(null)
  const [message, setMessage] = useState('')
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => headingRef.current?.focus(), [])
  // What the last click did, for a few seconds (and for screen readers).
  useEffect(() => {
    if (!message) return
    const t = setTimeout(() => setMessage(''), 6000)
    return () => clearTimeout(t)
  }, [message])

  const locale = readerLocale()
  const fileName = (ext: string, suffix: string) => exportFileName(name || 'Untitled board', ext, { sessionDate: readPlanDates(editor).sessionDate, suffix })
  /** The report from the board as it is this instant (the live plan may be up to 250 ms behind). */
  const report = () => reviewComparison(basePlan, currentPlan(editor, name), opts)

  const choose = (row: ReviewRow, choice: ActionStatus | 'dropped') => {
    const what = row.base?.what || row.now?.what || 'this action'
    if (choice === 'dropped') {
      if (!row.now?.shapeId) return
      const shape = dropAction(editor, row.now.shapeId)
      if (!shape) return setMessage(`Could not take “${what}” off the board.`)
      if (row.base) dropped.current.set(row.key, shape)
      else setLastRemoved({ shape, what })
      return setMessage(`“${what}” dropped: taken off the board.`)
    }
    if (row.now?.shapeId) {
      if (!setStatus(editor, row.now.shapeId, choice)) setMessage(`Could not change “${what}”.`)
      return
    }
    // Not on the board: put it back (as it was, if it was dropped here), with that status.
    const kept = dropped.current.get(row.key)
    if (kept && putBack(editor, kept)) {
      dropped.current.delete(row.key)
      setStatus(editor, kept.id, choice)
      return setMessage(`“${what}” is back on the board.`)
    }
    const b = row.base
    const zoneId = b && zoneForKey(editor, row.sectionId, b.zoneKey)
    const id = b && zoneId ? addActionCard(editor, row.sectionId, zoneId, { what: b.what, who: b.who, when: b.when, dueDate: b.dueDate, status: choice }, today) : undefined
    setMessage(id ? `“${what}” is back on the board, as a card in ${b!.zone}.` : `“${what}” cannot go back: its template is no longer on the board.`)
  }

  const summary = view?.summary
  return (
    <aside className="review-panel" aria-labelledby="review-panel-title" data-testid="review-panel">
      {/* Always in sight while going down the list: the title, Close, and the figures so far. */}
      <div className="review-top">
        <div className="review-head">
          <h2 id="review-panel-title" tabIndex={-1} ref={headingRef}>
            Review
          </h2>
          <button className="review-close" onClick={onClose} data-testid="review-close">
            Close review
          </button>
        </div>
        {summary && (
          <div className="review-summary" role="status" aria-live="polite" data-testid="review-summary" aria-label={`So far: ${summaryLine(summary)}`}>
            <Count n={summary.done} label="done" kind="done" />
            <Count n={summary.slipped} label="past the date" kind="slipped" />
            <Count n={summary.newActions} label="new" kind="new" />
            <Count n={summary.dropped} label="dropped" kind="dropped" />
          </div>
        )}
      </div>
      <p className="review-against">
        Against <strong data-testid="review-base-title">“{baseTitle}”</strong>
        {savedAt && <span className="muted">, saved {formatPlanDateTime(savedAt, locale)}</span>}
      </p>
      <p className={message ? 'review-message' : 'sr-only'} aria-live="polite" data-testid="review-message">
        {message}
      </p>
      {!view ? (
        <p className="muted">Reading the board…</p>
      ) : (
        <div className="review-body">
          {view.total === 0 && <p className="muted">The saved plan has no actions. Add the ones agreed today below.</p>}
          {view.sections.map((s) => (
            <section key={s.sectionId} className="review-section" aria-labelledby={`review-s-${s.sectionId}`}>
              <h3 id={`review-s-${s.sectionId}`}>
                {s.title}
                {s.gone && <span className="review-tag"> no longer on the board</span>}
              </h3>
              {s.zones.map((z) => (
                <div key={z.zoneKey} className="review-zone">
                  <h4>{z.zone}</h4>
                  <ul className="review-rows">
                    {z.rows.map((r) => (
                      <Row key={r.key} editor={editor} row={r} readonly={readonly} onChoose={choose} />
                    ))}
                  </ul>
                </div>
              ))}
              {s.added.length > 0 && (
                <div className="review-zone">
                  <h4>New since then</h4>
                  <ul className="review-rows">
                    {s.added.map((r) => (
                      <Row key={r.key} editor={editor} row={r} readonly={readonly} onChoose={choose} />
                    ))}
                  </ul>
                </div>
              )}
            </section>
          ))}
          {lastRemoved && (
            <p className="review-removed" data-testid="review-removed">
              Took “{lastRemoved.what}” off the board.{' '}
              <button
                className="link-button"
                onClick={() => {
                  putBack(editor, lastRemoved.shape)
                  setLastRemoved(null)
                }}
              >
                Put it back
              </button>
            </p>
          )}
          {!readonly && live && <AddAction editor={editor} live={live} today={today} onAdded={(what) => setMessage(`Added “${what}”.`)} />}
          <section className="review-finish" aria-labelledby="review-finish-title">
            <h3 id="review-finish-title">Next review and report</h3>
            <div className="review-next plan-dates">
              <DateField label="Next review" saved={nextReview} disabled={readonly} testId="review-next-date" onSave={(v) => setPlanDates(editor, { reviewDate: v })} />
            </div>
            <p className="small muted">The report says what was done, what slipped past its date, what is new and what was dropped, and when you meet next.</p>
            <div className="review-report">
              <button
                className="primary-button"
                data-testid="review-md"
                onClick={() => downloadText(fileName('md', 'review'), comparisonToMarkdown(report(), { locale }), 'text/markdown;charset=utf-8')}
              >
                Review report <span className="small">.md</span>
              </button>
              <button
                data-testid="review-print"
                onClick={() => {
                  const how = openPrintable(fileName('html', 'review'), comparisonToHtml(report(), { locale }))
                  if (how === 'downloaded') setMessage('The printable review was downloaded: open it and print from there.')
                }}
              >
                Printable review
              </button>
              <button data-testid="review-json" onClick={() => downloadText(fileName('json', 'review'), comparisonToJson(report()), 'application/json')}>
                Review data <span className="small">.json</span>
              </button>
              <button
                data-testid="review-plan-json"
                onClick={() => {
                  const now = currentPlan(editor, name)
                  downloadText(fileName('json', 'plan'), planWithReviewToJson(now, reviewComparison(basePlan, now, opts)), 'application/json')
                }}
              >
                Plan data with the review <span className="small">.json</span>
              </button>
            </div>
          </section>
        </div>
      )}
    </aside>
  )
}

function Count({ n, label, kind }: { n: number; label: string; kind: string }) {
  return (
    <span className={`review-count review-count-${kind}${n ? '' : ' review-count-zero'}`} data-testid={`review-count-${kind}`} data-count={n}>
      <strong>{n}</strong> {label}
    </span>
  )
}

function whenText(a: ComparedAction, locale?: string): string {
  const due = a.dueDate ? formatPlanDate(a.dueDate, locale) : ''
  // "by 20 November 2026" needs no "(November 20, 2026)" after it; "by Friday" does.
  const absolute = !!a.when && resolveWhen(a.when) === a.dueDate
  if (a.when && due && !absolute) return `${a.when} (${due})`
  return a.when ? (due || a.when) : due
}

function Row({ editor, row, readonly, onChoose }: { editor: Editor; row: ReviewRow; readonly: boolean; onChoose(row: ReviewRow, c: ActionStatus | 'dropped'): void }) {
  const locale = readerLocale()
  const a = (row.now ?? row.base)!
  const what = a.what || '(no description)'
  const when = whenText(a, locale)
  const current = row.state === 'gone' ? 'dropped' : row.state
  const descId = `review-d-${row.key.replace(/[^A-Za-z0-9_-]/g, '_')}`
  return (
    <li
      className={`review-row review-state-${row.state}${row.slipped ? ' review-slipped' : ''}`}
      data-testid="review-row"
      data-what={a.what}
      data-state={row.state}
      data-slipped={row.slipped || undefined}
      data-new={!row.base || undefined}
    >
      <div className="review-action" id={descId}>
        {row.now?.shapeId ? (
          <button className="review-what" onClick={() => showShape(editor, row.now!.shapeId)} title="Show it on the board">
            {what}
          </button>
        ) : (
          <span className="review-what">{what}</span>
        )}
        <span className="review-meta">
          <span>
            <span className="plan-label">Who:</span> {a.who || 'nobody named'}
          </span>
          <span>
            <span className="plan-label">By:</span> {when || 'no date'}
          </span>
        </span>
        <span className="review-flags">
          {row.slipped && (
            <span className="review-tag review-tag-slipped" data-testid="review-slipped">
              Past its date
            </span>
          )}
          {row.state === 'gone' && (
            <span className="review-tag review-tag-gone" data-testid="review-gone">
              No longer on the board
            </span>
          )}
          {row.movedTo && <span className="review-tag">Now in {row.movedTo}</span>}
          {row.base && row.now && row.base.what.trim() !== row.now.what.trim() && (
            <span className="review-tag">Was “{row.base.what}”</span>
          )}
          <span className="sr-only">Now {STATE_WORDS[row.state]}.</span>
        </span>
      </div>
      <div className="review-choices" role="group" aria-label={`Status of “${what}”`} aria-describedby={descId}>
        {CHOICES.map((c) => (
          <button
            key={c.state}
            type="button"
            className={`review-choice review-choice-${c.state}`}
            aria-pressed={current === c.state}
            disabled={readonly || (c.state === 'dropped' && !row.now)}
            data-testid={`review-${c.state}`}
            onClick={() => current !== c.state && onChoose(row, c.state)}
          >
            {c.label}
          </button>
        ))}
      </div>
    </li>
  )
}

function AddAction({ editor, live, today, onAdded }: { editor: Editor; live: Plan; today: string; onAdded(what: string): void }) {
  const choices = boardActionZones(editor, live)
  const [what, setWhat] = useState('')
  const [who, setWho] = useState('')
  const [when, setWhen] = useState('')
  const [where, setWhere] = useState('')
  const [error, setError] = useState('')
  const whatRef = useRef<HTMLInputElement>(null)
  const target = choices.find((c) => `${c.instanceId}|${c.zoneId}` === where) ?? choices[0]
  if (!choices.length) return null
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const clean = cleanNewAction({ what, who, when })
    if (!clean) {
      setError('Write what will be done first.')
      whatRef.current?.focus()
      return
    }
    const id = addActionCard(editor, target.instanceId, target.zoneId, clean, today)
    if (!id) return setError('Could not add it: that part of the board is no longer there.')
    setError('')
    setWhat('')
    setWho('')
    setWhen('')
    onAdded(clean.what)
    whatRef.current?.focus()
  }
  return (
    <section className="review-add" aria-labelledby="review-add-title">
      <h3 id="review-add-title">Add an action</h3>
      <form onSubmit={submit} data-testid="review-add">
        <label>
          <span>What</span>
          <input ref={whatRef} value={what} onChange={(e) => setWhat(e.target.value)} placeholder="What will happen?" data-testid="review-add-what" maxLength={500} />
        </label>
        <div className="review-add-row">
          <label>
            <span>Who</span>
            <input value={who} onChange={(e) => setWho(e.target.value)} placeholder="Name(s)" data-testid="review-add-who" maxLength={200} />
          </label>
          <label>
            <span>By when</span>
            <input value={when} onChange={(e) => setWhen(e.target.value)} placeholder="e.g. Friday, 15 May" data-testid="review-add-when" maxLength={100} />
          </label>
        </div>
        <label>
          <span>Where on the board</span>
          <select value={`${target.instanceId}|${target.zoneId}`} onChange={(e) => setWhere(e.target.value)} data-testid="review-add-where">
            {choices.map((c) => (
              <option key={`${c.instanceId}|${c.zoneId}`} value={`${c.instanceId}|${c.zoneId}`}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        {error && (
          <p className="review-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary-button" data-testid="review-add-button">
          Add the action
        </button>
      </form>
    </section>
  )
}
