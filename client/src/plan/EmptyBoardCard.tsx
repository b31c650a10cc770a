/**
 * On an empty board, the templates are the obvious first step: a card over the canvas offers them.
 * It must never take a stroke or a click meant for the canvas: only its buttons take the pointer
 * (the rest of the card lets it through), it shows only while the select tool is in hand (pick the
 * pen and it is gone), and it goes away as soon as anything is on the page (or when dismissed).
 *
 * It offers the four methods most sessions start from, each with its picture, and "More
 * templates…" opens the whole gallery: thirteen cards would not fit over the canvas of a laptop.
 */
import { useState } from 'react'
import { useValue, type Editor } from 'tldraw'
import { templates } from '@circleboard/templates'
import type { BoardSession } from '../board/session'
import { insertAndShow } from './TemplatePicker'
import { TemplateThumb } from './TemplateThumb'
import { boardEditor } from './useBoardEditor'
import { planUi } from './uiState'

/** The methods a first session most often starts from (any that is not registered is skipped). */
const FEATURED = ['path', '7keys', 'community', 'silos']

export function EmptyBoardCard({ editor: maybeEditor, session }: { editor: Editor | null; session: BoardSession }) {
  const editor = boardEditor(maybeEditor, session)
  const [dismissed, setDismissed] = useState(false)
  const show = useValue(
    'cb empty board',
    () => !!editor && !editor.getIsReadonly() && editor.getCurrentToolId() === 'select' && editor.getCurrentPageShapeIds().size === 0,
    [editor],
  )
  if (!editor || !show || dismissed) return null
  return (
    <section className="empty-board-card" aria-labelledby="empty-board-title" data-testid="empty-board-card">
      <h2 id="empty-board-title">Start from a template</h2>
      <div className="empty-board-choices">
        {FEATURED.flatMap((id) => templates.filter((t) => t.id === id)).map((t) => (
          <button
            key={t.id}
            className="empty-board-choice"
            data-testid={`start-${t.id}`}
            onClick={() => {
              // Silos first asks how many columns and their names.
              if (t.id === 'silos') planUi.openPicker('silos')
              else insertAndShow(editor, t.id)
            }}
          >
            <TemplateThumb template={t} width={84} height={54} />
            <span>
              <strong>{t.name}</strong>
              <span className="template-desc">{t.description}</span>
            </span>
          </button>
        ))}
      </div>
      <div className="empty-board-more">
        {templates.length > FEATURED.length && (
          <button className="link-button" onClick={() => planUi.openPicker()} data-testid="start-more">
            More templates… ({templates.length} in all)
          </button>
        )}
        <button className="link-button" onClick={() => setDismissed(true)}>
          Start with a blank board
        </button>
      </div>
    </section>
  )
}
