import { useState } from 'react'
import { usePopover } from '../plan/popover'
import { navigate } from '../app/router'
import type { BoardSession } from './session'
import { loadPart } from './loadPart'

/** The visible note that this device keeps a copy, and the way to remove it. */
export function DeviceMenu({ session, roomId, boardName }: { session: BoardSession; roomId: string; boardName: string }) {
  const { open, setOpen, root, button, popover } = usePopover()
  const [busy, setBusy] = useState(false)
  return (
    <div className="device-menu" ref={root}>
      <button ref={button} aria-expanded={open} onClick={() => setOpen(!open)} data-testid="device-menu">
        This device
      </button>
      {open && (
        <div className="popover" ref={popover} role="dialog" aria-label="What this device keeps">
          <p>
            This device keeps a copy of this board so it opens without a network. On a shared computer, remove it when
            you are done.
          </p>
          <button
            className="danger-button"
            disabled={busy}
            data-testid="remove-from-device"
            onClick={async () => {
              setBusy(true)
              try {
                // (loaded when asked for: removing a board is rare, and not part of opening one)
                const { confirmAndRemoveBoard } = await loadPart(() => import('../app/removeFlow'))
                const removed = await confirmAndRemoveBoard(roomId, boardName, {
                  doc: session.doc,
                  // Close the board first so nothing writes it back while it is deleted.
                  beforeRemove: () => session.destroy(),
                })
                // Go home only once it is gone: the home page reads the board list when it opens.
                if (removed) navigate('/')
                else setBusy(false)
              } catch (e) {
                setBusy(false)
                window.alert(`Could not remove the board from this device: ${(e as Error).message}`)
              }
            }}
          >
            {busy ? 'Checking…' : 'Remove from this device'}
          </button>
        </div>
      )}
    </div>
  )
}
