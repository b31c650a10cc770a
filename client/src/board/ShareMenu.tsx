import { Suspense, lazy, useState } from 'react'
import { usePopover } from '../plan/popover'
import type { Role } from '@circleboard/shared'
import { loadPart } from './loadPart'
import { PartBoundary } from './lazyParts'

// The links themselves load when the menu first opens (ShareLinks.tsx).
const LazyShareLinks = lazy(() => loadPart(() => import('./ShareLinks')).then((m) => ({ default: m.ShareLinks })))

/**
 * Links by role. Facilitators get three: their own (with the key), the participants' and the
 * view-only one, plus the projector view. Participants get the participant and view-only links.
 */
export function ShareMenu({ roomId, role, facilitatorKey }: { roomId: string; role?: Role; facilitatorKey?: string | null }) {
  const { open, setOpen, root, button, popover } = usePopover()
  const [note, setNote] = useState<string | null>(null)
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
          <PartBoundary inline>
            <Suspense fallback={<p className="muted small">Loading…</p>}>
              <LazyShareLinks roomId={roomId} facilitates={facilitates} facilitatorKey={facilitatorKey} flash={flash} />
            </Suspense>
          </PartBoundary>
          <p className="share-note" role="status" data-testid="share-note">
            {note}
          </p>
        </div>
      )}
    </div>
  )
}
