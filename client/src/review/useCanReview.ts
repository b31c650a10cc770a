import { useContext } from 'react'
import { useValue, type Editor } from 'tldraw'
import { FacilitationContext } from '../facilitation/api'

/**
 * Who may run a review: the board's facilitator (a board with no relay is used alone, and its one
 * person is its facilitator), on a board they can edit. Participants and view links never see it.
 */
export function useCanReview(editor: Editor | null): boolean {
  const handle = useContext(FacilitationContext)
  const role = useValue('cb review role', () => handle?.$role.get() ?? 'facilitator', [handle])
  const readonly = useValue('cb review readonly', () => (editor ? editor.getIsReadonly() : true), [editor])
  return role === 'facilitator' && !readonly
}
