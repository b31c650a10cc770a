/**
 * The template gallery: every registered template with a small picture (drawn from its zones) and
 * its one line, grouped — planning with a person, strengths and connections, community and
 * services — with a search over names and descriptions. Silos asks how many columns (4–6) and what they are called before inserting; names can be changed
 * afterwards from the plan panel too.
 */
import { useMemo, useState } from 'react'
import type { Editor } from 'tldraw'
import { DEFAULT_SILO_NAMES, TEMPLATE_GROUPS, templates, type TemplateDef } from '@circleboard/templates'
import { TemplateThumb } from './TemplateThumb'
import { afterLayout, insertTemplate } from './boardActions'
import { boundsOfNew, fitIntoView } from '../board/firstView'
import { PANEL_BESIDE_MIN_WIDTH, planUi } from './uiState'
import { DialogBackdrop, useDialogFocus } from './Dialog'

const SILO_COUNTS = [4, 5, 6] as const

const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')

/** Templates matching a search, in their gallery groups (a template with no group goes under "More"). */
export function galleryGroups(all: readonly TemplateDef[], query: string): { id: string; label: string; templates: TemplateDef[] }[] {
  const words = fold(query).split(/\s+/).filter(Boolean)
  const found = all.filter((t) => words.every((w) => fold(`${t.name} ${t.description} ${t.id}`).includes(w)))
  const groups: { id: string; label: string; templates: TemplateDef[] }[] = TEMPLATE_GROUPS.map((g) => ({ id: g.id, label: g.label, templates: [] }))
  const more = { id: 'more', label: 'More', templates: [] as TemplateDef[] }
  for (const t of found) (groups.find((g) => g.id === t.group) ?? more).templates.push(t)
  return [...groups, more].filter((g) => g.templates.length)
}

export function TemplatePicker({ editor, initial, onClose }: { editor: Editor; initial: string; onClose(): void }) {
  const [choice, setChoice] = useState(templates.some((t) => t.id === initial) ? initial : templates[0].id)
  const [siloCount, setSiloCount] = useState<number>(6)
  const [siloNames, setSiloNames] = useState<string[]>(() => [...DEFAULT_SILO_NAMES])
  const [query, setQuery] = useState('')
  const dialogRef = useDialogFocus<HTMLDivElement>('input[type=radio]:checked')
  const groups = useMemo(() => galleryGroups(templates as TemplateDef[], query), [query])
  const shown = groups.flatMap((g) => g.templates)
  // A search that hides the chosen template moves the choice to the first one found.
  const chosen = shown.some((t) => t.id === choice) ? choice : shown[0]?.id

  const insert = () => {
    if (!chosen) return
    if (chosen === 'silos') {
      const labels: Record<string, string> = {}
      for (let i = 0; i < siloCount; i++) {
        const name = (siloNames[i] ?? '').trim()
        if (name) labels[`silo${i + 1}`] = name.slice(0, 200)
      }
      onClose()
      insertAndShow(editor, 'silos', { options: { count: siloCount }, labels })
    } else {
      onClose()
      insertAndShow(editor, chosen)
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
          <input
            type="search"
            className="template-search"
            placeholder="Find a template: PATH, circle, gifts…"
            aria-label="Find a template"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            data-testid="template-search"
          />
          <div className="template-gallery">
            {groups.length === 0 && <p className="muted">No template matches “{query}”.</p>}
            {groups.map((g) => (
              <fieldset key={g.id} className="template-choices">
                <legend>{g.label}</legend>
                <div className="template-grid">
                  {g.templates.map((t) => (
                    <label key={t.id} className="template-choice" data-testid={`template-${t.id}`}>
                      <input type="radio" name="template" value={t.id} checked={chosen === t.id} onChange={() => setChoice(t.id)} />
                      <TemplateThumb template={t} />
                      <span>
                        <strong>{t.name}</strong>
                        <span className="template-desc">{t.description}</span>
                      </span>
                    </label>
                  ))}
                </div>
              </fieldset>
            ))}
          </div>
          {chosen === 'silos' && (
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
            <button type="submit" className="primary-button" data-testid="insert-template" disabled={!chosen}>
              Add {templates.find((t) => t.id === chosen)?.name ?? 'a template'}
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
