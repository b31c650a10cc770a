import { useState } from 'react'
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
  const [note, setNote] = useState<string | null>(null)
  const editLink = `${location.origin}/b/${roomId}`
  const flash = (text: string) => {
    setNote(text)
    setTimeout(() => setNote(null), 2500)
  }
  return (
    <div className="device-menu">
      <button className="primary-button" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="share">
        {note ?? 'Share'}
      </button>
      {open && (
        <div className="popover" role="dialog" aria-label="Share this board">
          <p>Anyone with the board link can open and change this board. Send it only to people in the session.</p>
          <div className="row">
            <button
              data-testid="copy-link"
              onClick={async () => {
                if (await copy(editLink, 'board link')) flash('Link copied')
                setOpen(false)
              }}
            >
              Copy board link
            </button>
            <button
              data-testid="copy-view-link"
              onClick={async () => {
                try {
                  const token = await fetchViewToken(roomId)
                  if (await copy(`${location.origin}/v/${token}`, 'view-only link')) flash('View link copied')
                } catch (e) {
                  window.alert(`${(e as Error).message} Check that the relay is reachable and try again.`)
                }
                setOpen(false)
              }}
            >
              Copy view-only link
            </button>
          </div>
        </div>
      )}
    </div>
  )
}
