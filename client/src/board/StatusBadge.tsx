import { useEffect, useState, useSyncExternalStore } from 'react'
import { usePopover } from '../plan/popover'
import type { BoardSession, SessionState } from './session'

const RELAY_TEXT: Record<SessionState['relay'], string> = {
  connecting: 'Connecting…',
  connected: 'Connecting…',
  synced: 'Synced',
  offline: 'Offline',
  stopped: 'Disconnected',
}

const RELAY_DETAIL: Record<SessionState['relay'], string> = {
  connecting: 'Connecting to the relay…',
  connected: 'Connected to the relay, catching up…',
  synced: 'Synced: everyone in the board sees what you see.',
  offline: 'Offline: you can keep working; changes are sent when the relay is reachable again.',
  stopped: 'Disconnected from the relay.',
}

/** The browser's own view of the network: it knows at once when the wifi goes, the socket does not. */
function subscribeOnline(fn: () => void) {
  window.addEventListener('online', fn)
  window.addEventListener('offline', fn)
  return () => {
    window.removeEventListener('online', fn)
    window.removeEventListener('offline', fn)
  }
}
const getOnline = () => navigator.onLine

/**
 * Whether this person changed the board in this visit since the relay last confirmed it has
 * everything. Without one, "pending" after an offline reload only means "not checked yet".
 */
function useEditedSinceCheck(session: BoardSession, pending: boolean): boolean {
  const [edited, setEdited] = useState(false)
  useEffect(() => {
    const onUpdate = (_u: Uint8Array, _origin: unknown, _doc: unknown, tr: { local: boolean }) => {
      if (tr.local) setEdited(true)
    }
    session.doc.on('update', onUpdate)
    return () => session.doc.off('update', onUpdate)
  }, [session])
  useEffect(() => {
    if (!pending) setEdited(false)
  }, [pending])
  return edited
}

export type ShownStatus = {
  relay: SessionState['relay']
  /** `unsent`: changes made here the relay has not confirmed; `unchecked`: cannot tell yet. */
  pending: 'none' | 'unsent' | 'checking' | 'unchecked'
}

/** What the badge shows, from the session, the browser's network state and this visit's edits. */
export function shownStatus(state: SessionState, browserOnline: boolean, editedHere: boolean): ShownStatus {
  const relay = !browserOnline && state.relay !== 'stopped' ? 'offline' : state.relay
  if (relay === 'stopped' || !state.pendingChanges) return { relay, pending: 'none' }
  if (editedHere) return { relay, pending: 'unsent' }
  return { relay, pending: relay === 'synced' ? 'checking' : 'unchecked' }
}

/**
 * Always-visible sync state as a fixed-size indicator (a coloured dot, a short word on wide
 * screens): it never changes width, so the bar and the canvas below never move. The full story
 * is in the tooltip, in a live region for screen readers, and in a popover on tap.
 */
export function StatusBadge({ state, session }: { state: SessionState; session: BoardSession }) {
  const online = useSyncExternalStore(subscribeOnline, getOnline)
  const edited = useEditedSinceCheck(session, state.pendingChanges)
  const shown = shownStatus(state, online, edited)
  const { open, setOpen, root, button, popover } = usePopover()

  const local =
    state.local === 'saved' ? 'Saved on this device' : state.local === 'unavailable' ? 'Not saved on this device' : 'Opening…'
  const pendingText =
    shown.pending === 'unsent'
      ? 'Changes not yet on the relay: they are kept on this device and sent when it is reachable.'
      : shown.pending === 'unchecked'
        ? 'Can’t check with the relay yet whether it has everything this device has. Nothing is lost: it is saved on this device.'
        : shown.pending === 'checking'
          ? 'Checking that the relay has everything this device has…'
          : null
  const lines = [
    RELAY_DETAIL[shown.relay],
    `${local}.`,
    pendingText,
    state.problem,
    state.invalidRecords > 0
      ? `${state.invalidRecords} unreadable item${state.invalidRecords === 1 ? '' : 's'} received and skipped.`
      : null,
  ].filter((l): l is string => !!l)
  const summary = `${RELAY_TEXT[shown.relay]} · ${local}`

  return (
    <div className="status" ref={root} data-testid="sync-status" data-relay={shown.relay} data-pending={shown.pending}>
      <button
        ref={button}
        className="status-button"
        aria-expanded={open}
        aria-label={`Connection: ${summary}${pendingText ? `. ${pendingText}` : ''}. Details`}
        title={lines.join('\n')}
        onClick={() => setOpen(!open)}
      >
        <span className={`dot dot-${shown.relay}`} aria-hidden />
        {shown.pending === 'unsent' && (
          <span className="status-mark" data-testid="pending-changes">
            <span className="sr-only">Changes not yet on the relay</span>
          </span>
        )}
        {shown.pending === 'unchecked' && (
          <span className="status-mark status-mark-unknown" data-testid="relay-unchecked">
            <span className="sr-only">Can’t check with the relay</span>
          </span>
        )}
        <span className="status-label" aria-hidden>
          {RELAY_TEXT[shown.relay]}
        </span>
      </button>
      {/* Spoken when it changes; the visible badge is a picture of the same words. */}
      <span className="sr-only" role="status" aria-live="polite">
        {summary}
        {state.problem ? ` — ${state.problem}` : ''}
      </span>
      {open && (
        <div className="popover status-popover" ref={popover} role="dialog" aria-label="Connection" data-testid="status-details">
          {lines.map((l) => (
            <p key={l} className={l === state.problem ? 'status-problem' : undefined}>
              {l}
            </p>
          ))}
        </div>
      )}
    </div>
  )
}
