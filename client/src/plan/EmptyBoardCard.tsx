/**
 * On an empty board, the templates are the obvious first step: a card over the canvas offers them.
 * It must never take a stroke or a click meant for the canvas: only its buttons take the pointer
 * (the rest of the card lets it through), it shows only while the select tool is in hand (pick the
 * pen and it is gone), and it goes away as soon as anything is on the page (or when dismissed).
 */
import { useState } from 'react'
import { useValue, type Editor } from 'tldraw'
import { templates } from '@circleboard/templates'
import type { BoardSession } from '../board/session'
import { insertAndShow } from './TemplatePicker'
import { boardEditor } from './useBoardEditor'
import { planUi } from './uiState'

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
        {templates.map((t) => (
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
            <strong>{t.name}</strong>
            <span className="template-desc">{t.description}</span>
          </button>
        ))}
      </div>
      <button className="link-button" onClick={() => setDismissed(true)}>
        Start with a blank board
      </button>
    </section>
  )
}
