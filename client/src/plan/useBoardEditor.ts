import type { Editor } from 'tldraw'
import type { BoardSession } from '../board/session'

/**
 * The editor, only while it belongs to this session: when the page switches to another board the
 * old (disposed) editor is still in BoardPage's state for a moment, and must not be used.
 */
export function boardEditor(editor: Editor | null, session: BoardSession): Editor | null {
  return editor && editor.store === session.store && !editor.isDisposed ? editor : null
}
