import { useState } from 'react'
import { usePopover } from '../plan/popover'
import { fetchViewToken } from './relayApi'
import { PRESENT_PARAM, type Role } from '@circleboard/shared'
import { facilitatorLink } from '../facilitation/roles'

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

/** The view-only link of a board, from the relay (it signs view tokens). */
async function viewLink(roomId: string): Promise<string | null> {
  try {
    return `${location.origin}/v/${await fetchViewToken(roomId)}`
  } catch (e) {
    window.alert(`${(e as Error).message} Check that the relay is reachable and try again.`)
    return null
  }
}

/**
 * Links by role. Facilitators get three: their own (with the key), the participants' and the
 * view-only one, plus the projector view. Participants get the participant and view-only links.
 */
export function ShareMenu({ roomId, role, facilitatorKey }: { roomId: string; role?: Role; facilitatorKey?: string | null }) {
  const { open, setOpen, root, button, popover } = usePopover()
  const [note, setNote] = useState<string | null>(null)
  const editLink = `${location.origin}/b/${roomId}`
  const facilitates = role === 'facilitator' && !!facilitatorKey
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
        <div className="popover share-popover" ref={popover} role="dialog" aria-label="Share this board">
          {facilitates && (
            <div className="share-option">
              <button
                data-testid="copy-facilitator-link"
                onClick={async () => {
                  if (await copy(facilitatorLink(location.origin, roomId, facilitatorKey!), 'facilitator link'))
                    flash('Facilitator link copied. Whoever opens it can lock, time and steer the session.')
                }}
              >
                Copy facilitator link
              </button>
              <p className="muted small">Keep it to yourself, or give it to a co-facilitator.</p>
            </div>
          )}
          <div className="share-option">
            <button
              data-testid="copy-link"
              onClick={async () => {
                if (await copy(editLink, 'participant link')) flash('Participant link copied. Paste it into a message.')
              }}
            >
              Copy participant link
            </button>
            <p className="muted small">For people in the session: they can write on the board.</p>
          </div>
          <div className="share-option">
            <button
              data-testid="copy-view-link"
              onClick={async () => {
                const link = await viewLink(roomId)
                if (link && (await copy(link, 'view-only link'))) flash('View link copied. Open it on the projector.')
              }}
            >
              Copy view-only link
            </button>
            <p className="muted small">For a projector or observers: they see the board, they cannot change it.</p>
          </div>
          {facilitates && (
            <div className="share-option">
              <button
                data-testid="open-projector"
                onClick={async () => {
                  // Open the tab at once (a popup blocker allows it only inside the click), then point it at the link.
                  const tab = window.open('about:blank', '_blank')
                  const link = await viewLink(roomId)
                  if (!link) return tab?.close()
                  const url = `${link}?${PRESENT_PARAM}`
                  if (tab) tab.location.href = url
                  else window.open(url, '_blank')
                }}
              >
                Open projector view
              </button>
              <p className="muted small">A full-screen view-only board with the timer, following you. Drag the tab to the projector.</p>
            </div>
          )}
          <p className="share-note" role="status" data-testid="share-note">
            {note}
          </p>
        </div>
      )}
    </div>
  )
}
