import type { SessionState } from './session'

const RELAY_TEXT: Record<SessionState['relay'], string> = {
  connecting: 'Connecting…',
  connected: 'Connecting…',
  synced: 'Synced',
  offline: 'Offline',
  stopped: 'Disconnected',
}

/** Always-visible sync state: the relay connection and whether this device keeps a copy. */
export function StatusBadge({ state }: { state: SessionState }) {
  const local =
    state.local === 'saved'
      ? 'Saved on this device'
      : state.local === 'unavailable'
        ? 'Not saved on this device'
        : 'Opening…'
  return (
    <div className="status" role="status" aria-live="polite" data-testid="sync-status" data-relay={state.relay}>
      <span className={`dot dot-${state.relay}`} aria-hidden />
      <span className="status-relay">{RELAY_TEXT[state.relay]}</span>
      <span className="status-sep" aria-hidden>
        ·
      </span>
      <span className="status-local" data-local={state.local}>
        {local}
      </span>
      {state.relay !== 'stopped' && state.pendingChanges && (
        <span className="status-pending" data-testid="pending-changes" title="Kept on this device; sent when the relay is reachable.">
          · Changes not yet on the relay
        </span>
      )}
      {state.problem && <span className="status-problem"> — {state.problem}</span>}
      {state.invalidRecords > 0 && (
        <span className="status-problem" title="Some shapes received could not be read and were skipped.">
          {' '}
          ({state.invalidRecords} unreadable item{state.invalidRecords === 1 ? '' : 's'} skipped)
        </span>
      )}
    </div>
  )
}
