/**
 * The board page's one entry point into versions: the BoardVersions of the open board (a hook),
 * the bar's History button, and the "go ahead without a version?" question.
 */
import { useEffect, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { useValue, type Editor } from 'tldraw'
import type { BoardSession } from '../board/session'
import { DialogBackdrop, useDialogFocus } from '../plan/Dialog'
import type { BoardVersions } from './BoardVersions'
import { loadPart } from '../board/loadPart'
import { setActiveBoardVersions, useQuestion } from './autoVersion'
import { historyUi, toggleHistory, useHistoryUi } from './historyUi'

/**
 * The versions of the open board, once the session has started (the relay provider exists then),
 * for edit links only; null otherwise. Registered for the automatic saves before bulk changes.
 */
export function useBoardVersions(session: BoardSession, roomId: string | null, ready: boolean, editor: Editor | null, author: string): BoardVersions | null {
  const [versions, setVersions] = useState<BoardVersions | null>(null)
  const authorRef = useRef(author)
  authorRef.current = author
  useEffect(() => {
    if (!ready || !roomId) return
    // Loaded once the board is open, not before its first paint (issue 13, item 6). The relay's
    // list is asked for when the client attaches, so nothing sent on join is missed.
    let cancelled = false
    let v: BoardVersions | null = null
    let unregister = () => {}
    loadPart(() => import('./BoardVersions')).then(
      (m) => {
        if (cancelled) return
        v = new m.BoardVersions(session, roomId)
        setVersions(v)
        unregister = setActiveBoardVersions(v, () => authorRef.current)
      },
      (e: unknown) => console.warn('[circleboard] versions not available', e),
    )
    return () => {
      cancelled = true
      unregister()
      v?.destroy()
      setVersions(null)
      // A look at a version of this board must not stay open over the next one.
      historyUi.reset()
    }
  }, [session, roomId, ready])
  useEffect(() => {
    versions?.setEditor(editor && editor.store === session.store && !editor.isDisposed ? editor : null)
  }, [versions, editor, session])
  return versions
}

/** The bar's History button; shown disabled (same place, same size) until the versions have loaded. */
export function HistoryButton({ versions }: { versions: BoardVersions | null }) {
  const { open } = useHistoryUi()
  const count = useValue('cb versions count', () => versions?.$all.get().length ?? 0, [versions])
  return (
    <button
      aria-pressed={open}
      onClick={toggleHistory}
      disabled={!versions}
      data-testid="history-toggle"
      title={count ? `${count} version${count === 1 ? '' : 's'} of this board` : 'Versions of this board'}
    >
      History
    </button>
  )
}

/** Asks whether to go ahead with a bulk change when the version before it could not be saved. */
export function GoAheadDialog() {
  const q = useQuestion()
  if (!q) return null
  return <GoAhead key={q.text} text={q.text} answer={(go) => q.answer(go)} />
}

function GoAhead({ text, answer }: { text: string; answer(go: boolean): void }) {
  const ref = useDialogFocus<HTMLDivElement>('[data-autofocus]')
  return createPortal(
    <DialogBackdrop dialog={ref} onClose={() => answer(false)}>
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="go-ahead-title" aria-describedby="go-ahead-text" ref={ref} data-testid="version-go-ahead">
        <h2 id="go-ahead-title">No version saved</h2>
        <p id="go-ahead-text">{text}</p>
        <div className="dialog-actions">
          <button onClick={() => answer(false)} data-autofocus data-testid="version-go-ahead-no">
            Don’t go ahead
          </button>
          <button className="danger-button" onClick={() => answer(true)} data-testid="version-go-ahead-yes">
            Go ahead anyway
          </button>
        </div>
      </div>
    </DialogBackdrop>,
    document.body,
  )
}
