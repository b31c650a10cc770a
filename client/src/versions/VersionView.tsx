/**
 * A look at a version, read-only, over the board's canvas: its own tldraw store holding the
 * version's records (the board is not changed for anyone), under a banner that says so, with
 * Restore / Open as a new board / Compare with now / Back to the board.
 */
import { useMemo, useState, useSyncExternalStore } from 'react'
import { createTLStore, defaultBindingUtils, Tldraw, type Editor } from 'tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import { versionTitle } from '@circleboard/shared'
import { navigate } from '../app/router'
import { allShapeUtils, type BoardSession } from '../board/session'
import { customShapeUtils } from '../shapes'
import { notices } from '../plan/uiState'
import { versionKey } from './BoardVersions'
import { historyUi, useHistoryUi, type LookingAt } from './historyUi'
import { copyName, restoreVersion, writeBoardFromVersion } from './versionActions'
import './versions.css'

const assetUrls = getAssetUrlsByImport()
const licenseKey = (import.meta.env.VITE_TLDRAW_LICENSE_KEY as string | undefined) || undefined

export interface VersionViewProps {
  editor: Editor | null
  session: BoardSession
  /** May restore (facilitators; anyone on a board used alone). */
  canRestore: boolean
  /** May write at all (an edit link): Open as a new board needs it too. */
  canWrite: boolean
}

export function VersionView(props: VersionViewProps) {
  const { looking } = useHistoryUi()
  if (!looking) return null
  return <Looking key={`${versionKey(looking.version)}:${looking.version.createdAt}`} {...props} looking={looking} />
}

function Looking({ editor, session, canRestore, canWrite, looking }: VersionViewProps & { looking: LookingAt }) {
  const { boardName } = useSyncExternalStore(session.subscribe, session.getState)
  const [busy, setBusy] = useState<null | 'restore' | 'copy'>(null)
  const [error, setError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const v = looking.version
  const title = versionTitle(v)
  const store = useMemo(() => {
    const s = createTLStore({ shapeUtils: allShapeUtils, bindingUtils: defaultBindingUtils })
    s.mergeRemoteChanges(() => s.put(looking.records))
    return s
  }, [looking])

  const back = () => historyUi.set({ looking: null })

  const restore = async () => {
    if (!editor) return
    setBusy('restore')
    setError(null)
    try {
      const out = await restoreVersion(editor, looking.records)
      if (!out.ok) {
        if (out.reason === 'readonly') setError('This board cannot be changed from here (read-only).')
        setBusy(null)
        setConfirming(false)
        return
      }
      historyUi.set({ looking: null })
      notices.show({
        kind: 'info',
        text: `Restored “${title}”. The board as it was before is kept in the history (“Before restoring a version”); Undo (Ctrl+Z) also brings it back.`,
      })
    } catch (e) {
      setError(`Could not restore: ${(e as Error).message}`)
      setBusy(null)
    }
  }

  const copy = async () => {
    if (!editor) return
    setBusy('copy')
    setError(null)
    try {
      const name = copyName(boardName, v)
      const roomId = await writeBoardFromVersion(editor.store, looking.records, name)
      historyUi.reset()
      notices.show({ kind: 'info', text: `Opened “${title}” as a new board, “${name}”. The board you were on is unchanged.` })
      navigate(`/b/${roomId}`)
    } catch (e) {
      setError(`Could not make the new board: ${(e as Error).message}`)
      setBusy(null)
    }
  }

  return (
    <div className="version-view" data-testid="version-view" role="region" aria-label={`Version ${title}, read-only`}>
      <div
        className="version-banner"
        data-testid="version-banner"
        onKeyDown={(e) => {
          // Escape from the banner's buttons: cancel the question, or go back to the board.
          if (e.key !== 'Escape' || busy) return
          e.stopPropagation()
          if (confirming) setConfirming(false)
          else back()
        }}
      >
        <p className="version-banner-text" role="status">
          Looking at <strong>{title}</strong> — read-only
          {looking.dropped > 0 && <span className="small"> ({looking.dropped} part{looking.dropped === 1 ? '' : 's'} could not be read and are not shown)</span>}
        </p>
        {confirming ? (
          <div className="version-banner-buttons" role="group" aria-label="Restore this version?">
            <span className="version-confirm-text">Turn the whole board back to this version for everyone?</span>
            <button className="primary-button" onClick={() => void restore()} disabled={busy !== null} data-testid="version-restore-confirm" autoFocus>
              {busy === 'restore' ? 'Restoring…' : 'Yes, restore'}
            </button>
            <button onClick={() => setConfirming(false)} disabled={busy !== null}>
              Cancel
            </button>
          </div>
        ) : (
          <div className="version-banner-buttons">
            {canWrite && canRestore && (
              <button className="primary-button" onClick={() => setConfirming(true)} disabled={!editor || busy !== null} data-testid="version-restore">
                Restore this version
              </button>
            )}
            {canWrite && (
              <button onClick={() => void copy()} disabled={!editor || busy !== null} data-testid="version-open-copy">
                {busy === 'copy' ? 'Making the board…' : 'Open as a new board'}
              </button>
            )}
            <button
              onClick={() => historyUi.set({ looking: null, open: true, compareFrom: versionKey(v) })}
              disabled={busy !== null}
              data-testid="version-compare-now"
            >
              Compare with now
            </button>
            <button onClick={back} disabled={busy !== null} data-testid="version-back" autoFocus>
              Back to the board
            </button>
          </div>
        )}
        {canWrite && !canRestore && <p className="small version-note">Only the facilitator can restore a version. You can open it as a new board.</p>}
        {error && (
          <p className="small error-text" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="version-canvas" data-testid="version-canvas">
        <Tldraw
          store={store}
          shapeUtils={customShapeUtils}
          assetUrls={assetUrls}
          licenseKey={licenseKey}
          components={{ SharePanel: null }}
          onMount={(ed) => {
            ed.updateInstanceState({ isReadonly: true })
            ;(window as unknown as { __circleboardVersion?: unknown }).__circleboardVersion = { editor: ed }
            requestAnimationFrame(() => !ed.isDisposed && ed.zoomToFit({ animation: { duration: 0 } }))
          }}
        />
      </div>
    </div>
  )
}
