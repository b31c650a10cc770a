/**
 * "Choose what goes out": which templates the plan covers (those nobody wrote in start unticked),
 * whether the printable plan starts with a picture of the board, then one button per format.
 */
import { useState } from 'react'
import type { Editor } from 'tldraw'
import { createPortal } from 'react-dom'
import { sectionEntryCount, type Plan } from '@circleboard/shared'
import { DialogBackdrop, useDialogFocus } from './Dialog'
import { ComparePlan } from './ComparePlan'

export type PlanFormat = 'md' | 'csv' | 'json' | 'print'

export interface ExportChoice {
  format: PlanFormat
  /** Instance ids of the chosen template sections. */
  sections: string[]
  picture: boolean
}

export function ExportDialog({
  plan,
  onExport,
  onClose,
  fileName,
  editor = null,
}: {
  plan: Plan
  onExport(choice: ExportChoice): void
  onClose(): void
  /** Names downloads after the board and session; the review report uses it too. */
  fileName(ext: string, suffix?: string): string
  /** The board's editor, so the comparison can start a review (facilitators). */
  editor?: Editor | null
}) {
  const counts = plan.sections.map((s) => sectionEntryCount(s))
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(plan.sections.filter((_, i) => counts[i] > 0).map((s) => s.instanceId)))
  const [picture, setPicture] = useState(true)
  const dialogRef = useDialogFocus<HTMLDivElement>('input, button')

  const go = (format: PlanFormat) => onExport({ format, sections: plan.sections.filter((s) => chosen.has(s.instanceId)).map((s) => s.instanceId), picture })
  const none = plan.sections.length > 0 && chosen.size === 0

  // On the body: the board bar is its own stacking context, under the plan panel on narrow screens.
  return createPortal(
    <DialogBackdrop dialog={dialogRef} onClose={onClose}>
      <div className="dialog export-dialog" role="dialog" aria-modal="true" aria-labelledby="export-dialog-title" ref={dialogRef} data-testid="export-dialog">
        <h2 id="export-dialog-title">Export the plan</h2>
        {plan.sections.length ? (
          <fieldset className="export-sections">
            <legend>Templates to include</legend>
            {plan.sections.map((s, i) => (
              <label key={s.instanceId} className="inline-label">
                <input
                  type="checkbox"
                  checked={chosen.has(s.instanceId)}
                  data-testid="export-section"
                  data-title={s.title}
                  onChange={(e) => {
                    const next = new Set(chosen)
                    if (e.target.checked) next.add(s.instanceId)
                    else next.delete(s.instanceId)
                    setChosen(next)
                  }}
                />
                <span>
                  {s.title}{' '}
                  <span className="muted small">{counts[i] ? `(${counts[i]} item${counts[i] === 1 ? '' : 's'})` : '(nothing written yet)'}</span>
                </span>
              </label>
            ))}
          </fieldset>
        ) : (
          <p className="muted">This board has no templates yet: the plan will say so.</p>
        )}
        <label className="inline-label">
          <input type="checkbox" checked={picture} onChange={(e) => setPicture(e.target.checked)} data-testid="export-picture" />
          <span>Start the printable plan with a picture of the board</span>
        </label>
        {none && (
          <p className="small" role="status">
            Tick at least one template.
          </p>
        )}
        <div className="export-formats">
          <button className="primary-button" disabled={none} onClick={() => go('md')} data-testid="export-dialog-md">
            Markdown <span className="small">.md</span>
          </button>
          <button disabled={none} onClick={() => go('print')} data-testid="export-dialog-print">
            Printable plan
          </button>
          <button disabled={none} onClick={() => go('csv')} data-testid="export-dialog-csv">
            Actions <span className="small">.csv</span>
          </button>
          <button disabled={none} onClick={() => go('json')} data-testid="export-dialog-json">
            Plan data <span className="small">.json</span>
          </button>
        </div>
        <ComparePlan plan={plan} fileName={fileName} editor={editor} onStartReview={onClose} />
        <div className="dialog-actions">
          <button onClick={onClose}>Close</button>
        </div>
      </div>
    </DialogBackdrop>,
    document.body,
  )
}
