/**
 * "What changed since last time": at a review, the facilitator opens the plan data (.json) they
 * exported at an earlier session; the board's plan now is compared with it (shared/src/plan/diff.ts)
 * and the review report is saved as Markdown, printed, or kept as data. The earlier file is only
 * read: nothing on the board changes.
 */
import { useState } from 'react'
import type { Editor } from 'tldraw'
import {
  comparePlans,
  comparisonCounts,
  comparisonToHtml,
  comparisonToJson,
  comparisonToMarkdown,
  formatPlanDate,
  parsePlanText,
  type Plan,
  type PlanComparison,
} from '@circleboard/shared'
import { downloadText, openPrintable } from './download'
import { localIsoDate } from './fileNames'
import { reviewUi } from '../review/reviewUi'
import { useCanReview } from '../review/useCanReview'

/** Plan files are small; anything far larger is not one of ours (and would stall the page). */
const MAX_PLAN_FILE_BYTES = 20 * 1024 * 1024
const locale = (typeof navigator !== 'undefined' && navigator.language) || undefined

export function summariseComparison(cmp: PlanComparison): string {
  const n = comparisonCounts(cmp)
  const parts: string[] = []
  const say = (count: number, one: string, many: string) => count > 0 && parts.push(`${count} ${count === 1 ? one : many}`)
  say(n.done, 'action done', 'actions done')
  say(n.slipped, 'action past its date', 'actions past their date')
  say(n.newActions, 'new action', 'new actions')
  say(n.dropped, 'action dropped', 'actions dropped')
  say(n.added, 'note added', 'notes added')
  say(n.removed, 'note removed', 'notes removed')
  say(n.edited, 'note reworded', 'notes reworded')
  say(n.textsChanged, 'heading text changed', 'heading texts changed')
  return parts.length ? parts.join(', ') : 'Nothing changed.'
}

export function ComparePlan({
  plan,
  fileName,
  editor = null,
  onStartReview,
}: {
  plan: Plan
  fileName(ext: string, suffix?: string): string
  /** The board's editor: with it, a facilitator can start a review against the chosen plan. */
  editor?: Editor | null
  /** Called after a review was started (e.g. to close the dialog the comparison sits in). */
  onStartReview?(): void
}) {
  const [result, setResult] = useState<{ cmp: PlanComparison; label: string; before: Plan; fileName: string } | null>(null)
  const canReview = useCanReview(editor)
  const [error, setError] = useState<string | null>(null)

  const choose = async (file: File | undefined) => {
    setError(null)
    setResult(null)
    if (!file) return
    if (file.size > MAX_PLAN_FILE_BYTES) return setError(`${file.name} is too large to be a plan file.`)
    let text: string
    try {
      text = await file.text()
    } catch {
      return setError(`${file.name} could not be read.`)
    }
    const parsed = parsePlanText(text)
    if (!parsed.ok) return setError(`${file.name}: ${parsed.error}`)
    const before = parsed.plan
    // Without a session date the file's name is what the facilitator knows the earlier plan by;
    // with one, the report names it by that session (in the reader's own date format).
    const beforeLabel = before.sessionDate ? undefined : file.name
    const label = before.sessionDate ? `the session of ${formatPlanDate(before.sessionDate, locale)}` : file.name
    try {
      setResult({ cmp: comparePlans(before, plan, { today: localIsoDate(new Date()), beforeLabel }), label, before, fileName: file.name })
    } catch (e) {
      setError(`Could not compare: ${(e as Error).message}`)
    }
  }

  return (
    <fieldset className="export-compare" data-testid="compare-plan">
      <legend>What changed since last time</legend>
      <p className="muted small">Open the plan data (.json) saved at an earlier session to see what got done, what slipped and what is new.</p>
      <input
        type="file"
        accept=".json,application/json"
        aria-label="Earlier plan data file"
        data-testid="compare-file"
        onChange={(e) => void choose(e.target.files?.[0])}
      />
      {error && (
        <p className="small error-text" role="alert" data-testid="compare-error">
          {error}
        </p>
      )}
      {result && (
        <div role="status" data-testid="compare-result">
          <p className="small">
            Since {result.label}: <strong data-testid="compare-summary">{summariseComparison(result.cmp)}</strong>
          </p>
          <div className="export-formats">
            <button
              className="primary-button"
              data-testid="compare-md"
              onClick={() => downloadText(fileName('md', 'review'), comparisonToMarkdown(result.cmp, { locale }), 'text/markdown;charset=utf-8')}
            >
              Review report <span className="small">.md</span>
            </button>
            <button data-testid="compare-print" onClick={() => openPrintable(fileName('html', 'review'), comparisonToHtml(result.cmp, { locale }))}>
              Printable review
            </button>
            <button
              data-testid="compare-json"
              onClick={() => downloadText(fileName('json', 'review'), comparisonToJson(result.cmp), 'application/json')}
            >
              Review data <span className="small">.json</span>
            </button>
          </div>
          {editor && canReview && (
            <button
              className="primary-button compare-start-review"
              data-testid="compare-start-review"
              onClick={() => {
                reviewUi.start(result.before, result.before.sessionDate ? result.label.replace(/^the session of/, 'Session of') : result.fileName)
                onStartReview?.()
              }}
            >
              Start a review against this plan
            </button>
          )}
        </div>
      )}
    </fieldset>
  )
}
