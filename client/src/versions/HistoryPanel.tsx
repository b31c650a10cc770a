/**
 * The history panel: the board's versions newest first (the relay's and this device's), "Save a
 * version", naming automatic ones, deleting one (the facilitator, or anyone for this device's own),
 * a look at any version read-only, and comparing two versions (or a version with now) with the
 * same report downloads as the plan comparison.
 *
 * It sits where the plan panel sits (same look); opening one closes the other.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import { useValue, type Editor } from 'tldraw'
import {
  comparePlans,
  comparisonToHtml,
  comparisonToJson,
  comparisonToMarkdown,
  versionSummaryLine,
  versionTitle,
  type Plan,
  type PlanComparison,
  type VersionInfo,
} from '@circleboard/shared'
import type { BoardSession } from '../board/session'
import { useKeepViewAcrossPanel } from '../board/useKeepViewAcrossPanel'
import { currentPlan, readPlanDates } from '../plan/boardActions'
import { summariseComparison } from '../plan/ComparePlan'
import { downloadText, openPrintable } from '../plan/download'
import { exportFileName, localIsoDate } from '../plan/fileNames'
import { PANEL_BESIDE_MIN_WIDTH, planUi, usePlanUi } from '../plan/uiState'
import { defaultVersionName, versionKey, type BoardVersions } from './BoardVersions'
import { exactTime, relativeTime, shortTime } from './format'
import { historyUi, useHistoryUi } from './historyUi'
import { loadVersion } from './versionActions'
import './versions.css'

const locale = () => (typeof navigator !== 'undefined' && navigator.language) || undefined
const NOW = 'now'

export interface HistoryPanelProps {
  versions: BoardVersions
  editor: Editor | null
  session: BoardSession
  /** This person may save and name versions (an edit link, board not blocked). */
  canWrite: boolean
  author: string
  /** Wired by the review panel; without it the "Start a review" button is hidden. */
  onStartReview?: (version: VersionInfo, plan: Plan) => void
}

type Message = { kind: 'info' | 'error'; text: string } | null

export function HistoryPanel(props: HistoryPanelProps) {
  const { open } = useHistoryUi()
  const { panelOpen } = usePlanUi()
  // Beside the canvas or as a sheet over it, the panel takes room from the board: keep the board in
  // view, as the plan panel does. This code loads when History first opens, so mounting is opening.
  useKeepViewAcrossPanel(props.editor, open, { mountedWhenOpened: true })
  // One side panel at a time: the plan panel opening closes this one.
  const seen = useRef(panelOpen)
  useEffect(() => {
    if (panelOpen && !seen.current && historyUi.get().open) historyUi.set({ open: false })
    seen.current = panelOpen
  }, [panelOpen])
  if (!open) return null
  return <HistoryBody {...props} />
}

export { toggleHistory } from './historyUi'

function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(t)
  }, [ms])
  return now
}

function HistoryBody({ versions, editor, session, canWrite, author, onStartReview }: HistoryPanelProps) {
  const all = useValue('cb versions', () => versions.$all.get(), [versions])
  const live = useValue('cb versions live', () => versions.client?.$live.get() ?? false, [versions])
  const relayError = useValue('cb versions error', () => versions.client?.$error.get() ?? null, [versions])
  const { boardName } = useSyncExternalStore(session.subscribe, session.getState)
  const now = useNow()
  const [message, setMessage] = useState<Message>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [renaming, setRenaming] = useState<{ key: string; draft: string } | null>(null)
  const [deleting, setDeleting] = useState<string | null>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const saveable = canWrite && !!editor
  const isFacilitator = useValue('cb history role', () => session.facilitation.$role.get() === 'facilitator', [session])
  // This device's versions are deleted by whoever uses it; the relay's by the facilitator only.
  const deletable = (v: VersionInfo) => saveable && (v.local || (isFacilitator && !!versions.client))

  useEffect(() => {
    headingRef.current?.focus()
  }, [])
  useEffect(() => void versions.refreshLocal(), [versions])

  const look = async (v: VersionInfo) => {
    if (!editor) return
    setBusy(`look:${versionKey(v)}`)
    setMessage(null)
    try {
      const loaded = await loadVersion(versions, editor.store, v)
      // Below this width the panel is a sheet over the canvas: step aside so the version shows whole.
      const narrow = window.innerWidth < PANEL_BESIDE_MIN_WIDTH
      historyUi.set({ looking: { version: v, records: loaded.records, dropped: loaded.dropped }, ...(narrow ? { open: false } : {}) })
    } catch (e) {
      setMessage({ kind: 'error', text: `Could not open “${versionTitle(v)}”: ${(e as Error).message}` })
    } finally {
      setBusy(null)
    }
  }

  const rename = async (v: VersionInfo, name: string) => {
    setBusy(`rename:${versionKey(v)}`)
    try {
      await versions.rename(v, name)
      setRenaming(null)
      setMessage({ kind: 'info', text: `Named “${name.trim()}”. Named versions are kept until someone deletes them.` })
    } catch (e) {
      setMessage({ kind: 'error', text: `Could not name the version: ${(e as Error).message}` })
    } finally {
      setBusy(null)
    }
  }

  const remove = async (v: VersionInfo) => {
    setBusy(`delete:${versionKey(v)}`)
    try {
      await versions.delete(v)
      setDeleting(null)
      setMessage({ kind: 'info', text: `“${versionTitle(v)}” deleted${v.local ? ' from this device' : ' for everyone'}. The board itself has not changed.` })
      headingRef.current?.focus()
    } catch (e) {
      setMessage({ kind: 'error', text: `Could not delete “${versionTitle(v)}”: ${(e as Error).message}` })
    } finally {
      setBusy(null)
    }
  }

  const startReview = async (v: VersionInfo) => {
    if (!onStartReview) return
    setBusy(`review:${versionKey(v)}`)
    try {
      onStartReview(v, await versions.getPlan(v))
    } catch (e) {
      setMessage({ kind: 'error', text: `Could not read the plan of “${versionTitle(v)}”: ${(e as Error).message}` })
    } finally {
      setBusy(null)
    }
  }

  return (
    <aside className="plan-panel history-panel" aria-labelledby="history-panel-title" data-testid="history-panel">
      <div className="plan-panel-head">
        <h2 id="history-panel-title" tabIndex={-1} ref={headingRef}>
          History
        </h2>
        <button className="link-button" onClick={() => historyUi.set({ open: false })} aria-label="Close the history panel">
          Close
        </button>
      </div>
      {!versions.client ? (
        <p className="muted small">This board has no relay: versions are kept on this device.</p>
      ) : !live ? (
        <p className="muted small" data-testid="history-offline">
          The relay cannot be reached just now: a version saved now is kept on this device.
        </p>
      ) : null}
      {saveable && <SaveForm versions={versions} editor={editor!} boardName={boardName} author={author} onMessage={setMessage} />}
      {(message || relayError) && (
        <p className={`small history-message${(message?.kind ?? 'error') === 'error' ? ' error-text' : ''}`} role={(message?.kind ?? 'error') === 'error' ? 'alert' : 'status'} data-testid="history-message">
          {message?.text ?? relayError}
        </p>
      )}
      <h3 className="history-subhead">Versions</h3>
      {all.length === 0 ? (
        <p className="muted" data-testid="history-empty">
          No versions yet. {saveable ? 'Save one before a big change, or at the end of a session.' : ''}
        </p>
      ) : (
        <ol className="version-list" data-testid="version-list">
          {all.map((v) => {
            const key = versionKey(v)
            const title = versionTitle(v)
            return (
              <li key={key} className="version-item" data-testid="version-item" data-title={title} data-local={v.local ? 'true' : 'false'}>
                <div className="version-title">
                  <strong>{title}</strong>
                  {v.local && <span className="version-local">on this device</span>}
                </div>
                <div className="muted small">
                  <time dateTime={new Date(v.createdAt).toISOString()} title={exactTime(v.createdAt, locale())}>
                    {relativeTime(v.createdAt, now, locale())}
                  </time>
                  {v.author ? ` · ${v.author}` : ''}
                  {v.kind === 'auto' && v.name.trim() === '' ? ' · automatic' : ''}
                </div>
                <div className="small version-summary" data-testid="version-summary">
                  {versionSummaryLine(v.summary)}
                </div>
                {deleting === key ? (
                  <div className="version-delete" role="group" aria-label={`Delete ${title}?`} data-testid="version-delete-confirm">
                    <p className="small">
                      <strong>Delete this version{v.local ? ' from this device' : ' for everyone'}?</strong> It cannot be brought back. The board
                      itself does not change.
                    </p>
                    <div className="version-buttons">
                      <button className="danger-button" autoFocus onClick={() => void remove(v)} disabled={busy !== null || (!v.local && !live)} data-testid="version-delete-yes">
                        {busy === `delete:${key}` ? 'Deleting…' : 'Delete version'}
                      </button>
                      <button onClick={() => setDeleting(null)} onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setDeleting(null))} data-testid="version-delete-no">
                        Keep it
                      </button>
                    </div>
                  </div>
                ) : renaming?.key === key ? (
                  <form
                    className="version-rename"
                    onSubmit={(e) => {
                      e.preventDefault()
                      if (renaming.draft.trim()) void rename(v, renaming.draft)
                    }}
                  >
                    <label className="sr-only" htmlFor={`rename-${key}`}>
                      Name of this version
                    </label>
                    <input
                      id={`rename-${key}`}
                      autoFocus
                      maxLength={100}
                      value={renaming.draft}
                      onChange={(e) => setRenaming({ key, draft: e.target.value })}
                      onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setRenaming(null))}
                      data-testid="version-rename-input"
                    />
                    <button type="submit" className="primary-button" disabled={!renaming.draft.trim() || busy !== null} data-testid="version-rename-save">
                      Save name
                    </button>
                    <button type="button" onClick={() => setRenaming(null)}>
                      Cancel
                    </button>
                  </form>
                ) : (
                  <div className="version-buttons">
                    <button onClick={() => void look(v)} disabled={!editor || busy !== null} data-testid="version-look" aria-label={`Look at ${title}`}>
                      {busy === `look:${key}` ? 'Opening…' : 'Look'}
                    </button>
                    {saveable && (
                      <button
                        onClick={() => setRenaming({ key, draft: v.name })}
                        disabled={busy !== null || (!v.local && !live)}
                        data-testid="version-rename"
                        aria-label={`${v.name.trim() ? 'Rename' : 'Name'} ${title}`}
                      >
                        {v.name.trim() ? 'Rename' : 'Name it'}
                      </button>
                    )}
                    {deletable(v) && (
                      <button
                        onClick={() => (setRenaming(null), setDeleting(key))}
                        disabled={busy !== null || (!v.local && !live)}
                        data-testid="version-delete"
                        aria-label={`Delete ${title}`}
                      >
                        Delete…
                      </button>
                    )}
                    {onStartReview && (
                      <button onClick={() => void startReview(v)} disabled={busy !== null} data-testid="version-start-review" aria-label={`Start a review against ${title}`}>
                        Start a review
                      </button>
                    )}
                  </div>
                )}
              </li>
            )
          })}
        </ol>
      )}
      {editor && all.length > 0 && <CompareVersions versions={versions} editor={editor} boardName={boardName} all={all} />}
    </aside>
  )
}

function SaveForm({ versions, editor, boardName, author, onMessage }: { versions: BoardVersions; editor: Editor; boardName: string; author: string; onMessage(m: Message): void }) {
  const initial = useMemo(() => {
    try {
      return defaultVersionName(currentPlan(editor, boardName), boardName, new Date(), locale())
    } catch {
      return defaultVersionName(null, boardName, new Date(), locale())
    }
  }, [editor, boardName])
  const [name, setName] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const value = name ?? initial
  const save = async () => {
    setSaving(true)
    onMessage(null)
    try {
      const out = await versions.save(value.trim() || initial, 'manual', author)
      const where = out.where === 'relay' ? 'Saved for everyone in the board.' : 'Saved on this device (the relay cannot be reached).'
      onMessage({ kind: out.note ? 'error' : 'info', text: `“${versionTitle(out.version)}” saved. ${out.note ?? where}` })
      setName(null)
    } catch (e) {
      onMessage({ kind: 'error', text: `The version was not saved: ${(e as Error).message}` })
    } finally {
      setSaving(false)
    }
  }
  return (
    <form
      className="version-save"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <label htmlFor="version-name">Name of the version</label>
      <div className="version-save-row">
        <input id="version-name" maxLength={100} value={value} onChange={(e) => setName(e.target.value)} data-testid="version-name" />
        <button type="submit" className="primary-button" disabled={saving} data-testid="version-save">
          {saving ? 'Saving…' : 'Save a version'}
        </button>
      </div>
    </form>
  )
}

function CompareVersions({ versions, editor, boardName, all }: { versions: BoardVersions; editor: Editor; boardName: string; all: VersionInfo[] }) {
  const { compareFrom } = useHistoryUi()
  const [from, setFrom] = useState<string>(() => compareFrom ?? (all[0] ? versionKey(all[0]) : ''))
  const [to, setTo] = useState<string>(NOW)
  const [result, setResult] = useState<{ cmp: PlanComparison; label: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [working, setWorking] = useState(false)
  const ref = useRef<HTMLFieldSetElement>(null)

  useEffect(() => {
    if (!compareFrom) return
    setFrom(compareFrom)
    setTo(NOW)
    historyUi.set({ compareFrom: null })
    ref.current?.scrollIntoView({ block: 'nearest' })
    ref.current?.querySelector<HTMLElement>('select')?.focus()
  }, [compareFrom])

  const byKey = (k: string) => all.find((v) => versionKey(v) === k)
  const label = (k: string) => (k === NOW ? 'the board now' : (() => {
    const v = byKey(k)
    return v ? `“${versionTitle(v)}”` : 'a version'
  })())
  const planOf = async (k: string): Promise<Plan> => {
    if (k === NOW) return currentPlan(editor, boardName)
    const v = byKey(k)
    if (!v) throw new Error('That version is no longer listed.')
    return versions.getPlan(v)
  }
  const compare = async () => {
    setWorking(true)
    setError(null)
    setResult(null)
    try {
      const [a, b] = await Promise.all([planOf(from), planOf(to)])
      const beforeLabel = from === NOW ? 'Now' : versionTitle(byKey(from)!)
      const afterLabel = to === NOW ? 'Now' : versionTitle(byKey(to)!)
      setResult({ cmp: comparePlans(a, b, { today: localIsoDate(new Date()), beforeLabel, afterLabel }), label: `From ${label(from)} to ${label(to)}` })
    } catch (e) {
      setError(`Could not compare: ${(e as Error).message}`)
    } finally {
      setWorking(false)
    }
  }
  const fileName = (ext: string, suffix?: string) => exportFileName(boardName || 'Untitled board', ext, { sessionDate: readPlanDates(editor).sessionDate, suffix })

  const options = (withNow: boolean) => (
    <>
      {withNow && <option value={NOW}>The board now</option>}
      {all.map((v) => (
        <option key={versionKey(v)} value={versionKey(v)}>
          {versionTitle(v)} · {shortTime(v.createdAt, locale())}
          {v.local ? ' (on this device)' : ''}
        </option>
      ))}
    </>
  )

  return (
    <fieldset className="export-compare history-compare" ref={ref} data-testid="history-compare">
      <legend>What changed</legend>
      <label className="history-select">
        <span>From</span>
        <select value={from} onChange={(e) => (setFrom(e.target.value), setResult(null))} data-testid="compare-from">
          {options(false)}
        </select>
      </label>
      <label className="history-select">
        <span>To</span>
        <select value={to} onChange={(e) => (setTo(e.target.value), setResult(null))} data-testid="compare-to">
          {options(true)}
        </select>
      </label>
      <button className="primary-button" onClick={() => void compare()} disabled={working || !from || from === to} data-testid="compare-versions">
        {working ? 'Comparing…' : 'Compare'}
      </button>
      {error && (
        <p className="small error-text" role="alert" data-testid="compare-error">
          {error}
        </p>
      )}
      {result && (
        <div role="status" data-testid="compare-result">
          <p className="small">
            {result.label}: <strong data-testid="compare-summary">{summariseComparison(result.cmp)}</strong>
          </p>
          <div className="export-formats">
            <button
              className="primary-button"
              data-testid="compare-md"
              onClick={() => downloadText(fileName('md', 'review'), comparisonToMarkdown(result.cmp, { locale: locale() }), 'text/markdown;charset=utf-8')}
            >
              Review report <span className="small">.md</span>
            </button>
            <button data-testid="compare-print" onClick={() => openPrintable(fileName('html', 'review'), comparisonToHtml(result.cmp, { locale: locale() }))}>
              Printable review
            </button>
            <button data-testid="compare-json" onClick={() => downloadText(fileName('json', 'review'), comparisonToJson(result.cmp), 'application/json')}>
              Review data <span className="small">.json</span>
            </button>
          </div>
        </div>
      )}
    </fieldset>
  )
}
