import { useCallback, useRef, useState } from 'react'
import { useDismiss, usePopoverPlacement } from '../plan/Menu'
import { fetchViewToken } from './relayApi'

async function copy(text: string, label: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    // Clipboard access can be refused (plain http, permissions): show the link to copy by hand.
    window.prompt(`Copy this ${label} and send it:`, text)
    return false
  }
}

/** Copy the board's link (everyone who has it can edit), or a view-only link (watch, not write). */
export function ShareMenu({ roomId }: { roomId: string }) {
  const [open, setOpen] = useState(false)
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const popover = useRef<HTMLDivElement>(null)
  usePopoverPlacement(button, popover, open)
  useDismiss(root, button, open, useCallback(() => setOpen(false), []))
  const [note, setNote] = useState<string | null>(null)
  const editLink = `${location.origin}/b/${roomId}`
  // The result shows inside the open menu, where the person is looking; the Share button itself
  // keeps its label so the bar never changes width.
  const flash = (text: string) => setNote(text)
  return (
    <div className="device-menu" ref={root}>
      <button
        ref={button}
        className="primary-button"
        aria-expanded={open}
        onClick={() => {
          setNote(null)
          setOpen(!open)
        }}
        data-testid="share"
      >
        Share
      </button>
      {open && (
        <div className="popover" ref={popover} role="dialog" aria-label="Share this board">
          <p>Anyone with the board link can open and change this board. Send it only to people in the session.</p>
          <div className="row">
            <button
              data-testid="copy-link"
              onClick={async () => {
                if (await copy(editLink, 'board link')) flash('Board link copied. Paste it into a message.')
              }}
            >
              Copy board link
            </button>
            <button
              data-testid="copy-view-link"
              onClick={async () => {
                try {
                  const token = await fetchViewToken(roomId)
                  if (await copy(`${location.origin}/v/${token}`, 'view-only link')) flash('View link copied. Open it on the projector.')
                } catch (e) {
                  window.alert(`${(e as Error).message} Check that the relay is reachable and try again.`)
                }
              }}
            >
              Copy view-only link
            </button>
          </div>
          <p className="share-note" role="status" data-testid="share-note">
            {note}
          </p>
        </div>
      )}
    </div>
  )
}
