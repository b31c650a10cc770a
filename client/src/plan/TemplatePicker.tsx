/**
 * The template picker: PATH, 7 Keys, Community strength, Silos, each with its one-line description.
 * Silos asks how many columns (4–6) and what they are called before inserting; names can be changed
 * afterwards from the plan panel too.
 */
import { useState } from 'react'
import type { Editor } from 'tldraw'
import { DEFAULT_SILO_NAMES, templates } from '@circleboard/templates'
import { afterLayout, insertTemplate } from './boardActions'
import { boundsOfNew, fitIntoView } from '../board/firstView'
import { PANEL_BESIDE_MIN_WIDTH, planUi } from './uiState'
import { DialogBackdrop, useDialogFocus } from './Dialog'

const SILO_COUNTS = [4, 5, 6] as const

export function TemplatePicker({ editor, initial, onClose }: { editor: Editor; initial: string; onClose(): void }) {
  const [choice, setChoice] = useState(templates.some((t) => t.id === initial) ? initial : templates[0].id)
  const [siloCount, setSiloCount] = useState<number>(6)
  const [siloNames, setSiloNames] = useState<string[]>(() => [...DEFAULT_SILO_NAMES])
  const dialogRef = useDialogFocus<HTMLDivElement>('input[type=radio]:checked')

  const insert = () => {
    if (choice === 'silos') {
      const labels: Record<string, string> = {}
      for (let i = 0; i < siloCount; i++) {
        const name = (siloNames[i] ?? '').trim()
        if (name) labels[`silo${i + 1}`] = name.slice(0, 200)
      }
      onClose()
      insertAndShow(editor, 'silos', { options: { count: siloCount }, labels })
    } else {
      onClose()
      insertAndShow(editor, choice)
    }
  }

  return (
    <DialogBackdrop dialog={dialogRef} onClose={onClose}>
      <div className="dialog template-dialog" role="dialog" aria-modal="true" aria-labelledby="template-dialog-title" ref={dialogRef} data-testid="template-picker">
        <h2 id="template-dialog-title">Add a template</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault()
            insert()
          }}
        >
          <fieldset className="template-choices">
            <legend className="sr-only">Template</legend>
            {templates.map((t) => (
              <label key={t.id} className="template-choice" data-testid={`template-${t.id}`}>
                <input type="radio" name="template" value={t.id} checked={choice === t.id} onChange={() => setChoice(t.id)} />
                <span>
                  <strong>{t.name}</strong>
                  <span className="template-desc">{t.description}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {choice === 'silos' && (
            <fieldset className="silo-options">
              <legend>Silos</legend>
              <label className="inline-label">
                How many
                <select value={siloCount} onChange={(e) => setSiloCount(Number(e.target.value))} data-testid="silo-count">
                  {SILO_COUNTS.map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </label>
              <div className="silo-names">
                {Array.from({ length: siloCount }, (_, i) => (
                  <input
                    key={i}
                    aria-label={`Name of silo ${i + 1}`}
                    value={siloNames[i] ?? ''}
                    placeholder={`Silo ${i + 1}`}
                    maxLength={80}
                    onChange={(e) => setSiloNames((names) => Object.assign([...names], { [i]: e.target.value }))}
                  />
                ))}
              </div>
              <p className="muted small">You can rename silos later from the plan panel.</p>
            </fieldset>
          )}
          <p className="muted small">It goes in the middle of your view, or beside what is already on the board.</p>
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary-button" data-testid="insert-template">
              Add {templates.find((t) => t.id === choice)?.name}
            </button>
          </div>
        </form>
      </div>
    </DialogBackdrop>
  )
}

/**
 * Inserts a template and shows all of it in the part of the canvas people can see. The plan panel
 * is left as the person had it: opening it by itself covered half of what was just inserted. On
 * narrow screens, where the panel is a sheet over the canvas, it is closed so the template shows.
 */
export function insertAndShow(editor: Editor, templateId: string, opts: Parameters<typeof insertTemplate>[2] = {}) {
  if (planUi.get().panelOpen && window.innerWidth < PANEL_BESIDE_MIN_WIDTH) planUi.set({ panelOpen: false })
  afterLayout(editor, () => {
    const before = new Set<string>(editor.getCurrentPageShapeIds())
    insertTemplate(editor, templateId, opts)
    const inserted = boundsOfNew(editor, before)
    if (inserted) fitIntoView(editor, inserted, { animate: true })
  })
}
