/**
 * The Share menu's links (ShareMenu.tsx), loaded when the menu first opens: not part of opening a
 * board.
 */
import { fetchViewToken } from './relayApi'
import { PRESENT_PARAM } from '@circleboard/shared'
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

export function ShareLinks({
  roomId,
  facilitates,
  facilitatorKey,
  flash,
}: {
  roomId: string
  facilitates: boolean
  facilitatorKey?: string | null
  flash(text: string): void
}) {
  const editLink = `${location.origin}/b/${roomId}`
  return (
    <>
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
    </>
  )
}
