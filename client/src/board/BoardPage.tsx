import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import {
  DefaultStylePanel,
  Tldraw,
  useEditor,
  useTldrawUser,
  useValue,
  type Editor,
  type TLComponents,
  type TLUiStylePanelProps,
  type TLUserPreferences,
} from 'tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import 'tldraw/tldraw.css'
import { customShapeUtils } from '../shapes'
import { actionComponents, actionTools, actionUiOverrides } from '../shapes/ActionTool'
import { pictogramUiOverrides } from '../kit/kitUi'
import { rememberBoard, setFacilitatorKey } from '../app/recentBoards'
import { resolveFacilitatorKey } from '../facilitation/roles'
import { saveIdentity, type Identity } from '../app/identity'
import { requestPersistentStorage } from '../app/persistentStorage'
import { navigate } from '../app/router'
import { BoardSession, takeLocalDoc, type LocalDoc } from './session'
import { StatusBadge } from './StatusBadge'
import { PeopleList } from './PeopleList'
import { DeviceMenu } from './DeviceMenu'
import { ShareMenu } from './ShareMenu'
import { versionTitle } from '@circleboard/shared'
import { reviewUi } from '../review/reviewUi'
import { historyUi } from '../versions/historyUi'
import { installBoardView } from './firstView'
import { useKeepViewAcrossPanel } from './useKeepViewAcrossPanel'
import { usePlanUi } from '../plan/uiState'
import { FacilitationContext } from '../facilitation/api'
import { FacilitationLayer } from '../facilitation/FacilitationLayer'
import { FacilitationClient } from '../facilitation/FacilitationClient'
import { RoleChip } from '../facilitation/RoleChip'
import { ChimeToggle, TimerDisplay } from '../facilitation/Timer'
import { ProjectorOverlay, facilitatorToFollow, useProjectorCamera, wantsPresent, withoutPresent } from '../facilitation/Projector'
import { ActivityOverlays } from '../facilitation/ActivityOverlays'
import { GoAheadDialog, HistoryButton, useBoardVersions } from '../versions/VersionsHost'
// Loaded when first needed (import()): see lazyParts.tsx.
import { ActivityLayer, BoardTools, EmptyBoardCard, FacilitateMenu, HistoryPanel, PictogramPanel, PlanPanel, ReviewHost, VersionView } from './lazyParts'

// Fonts, icons and translations come from our own build: the app makes no outside request.
const assetUrls = getAssetUrlsByImport()
const licenseKey = (import.meta.env.VITE_TLDRAW_LICENSE_KEY as string | undefined) || undefined

/**
 * tldraw's style panel covers the top right of the board (on a PATH, the North Star, where people
 * write first): show it only when a shape is selected. Not for a drawing tool in hand either: with
 * the note tool it covered the very spot being clicked. A stroke's colour is changed by selecting
 * it, and tldraw keeps the last style for the next shape.
 */
function StylePanelWhenNeeded(props: TLUiStylePanelProps) {
  const editor = useEditor()
  const needed = useValue('cb style panel needed', () => editor.getSelectedShapeIds().length > 0, [editor])
  return props.isMobile || needed ? <DefaultStylePanel {...props} /> : null
}

// One people list (ours, in the bar, with Follow): tldraw's own avatars and people menu are hidden.
// One components object: the action card's toolbar and context menu, tldraw's share panel hidden (we
// have our own), the style panel only with a selection.
// Overlays: dots, vote counts and private-note frames (facilitation/ActivityOverlays.tsx).
const tldrawComponents: TLComponents = { ...actionComponents, SharePanel: null, StylePanel: StylePanelWhenNeeded, Overlays: ActivityOverlays }

export interface BoardPageProps {
  mode: 'edit' | 'view'
  /** Room id in edit mode, view token in view mode. */
  boardKey: string
  identity: Identity
  onIdentityChange(identity: Identity): void
  onEditName(): void
}

export function BoardPage(props: BoardPageProps) {
  const { boardKey, mode, identity } = props
  // The session lives in an effect (not useMemo) so React's StrictMode double-mount creates and
  // destroys a whole session rather than restarting a destroyed one.
  const [session, setSession] = useState<{ s: BoardSession; ready: boolean } | null>(null)
  useEffect(() => {
    let cancelled = false
    let s: BoardSession | null = null
    // This device's copy of the board starts loading at once (its picture first, storeSnapshot.ts);
    // meanwhile the facilitator key (from the link or this device, another IndexedDB read) is
    // looked up: it goes on the socket URL, so it is known before the session starts. The reads
    // overlap instead of following each other.
    let local: LocalDoc | null = takeLocalDoc(boardKey, mode)
    const keyChoice = mode === 'edit' ? resolveFacilitatorKey(boardKey) : Promise.resolve(null)
    void Promise.all([keyChoice, local.snapshot]).then(([choice, snapshot]) => {
      if (cancelled || !local) return
      const taken = local
      local = null
      s = new BoardSession({
        key: boardKey,
        mode,
        user: identity,
        local: taken,
        snapshot,
        facilitatorKey: choice?.key ?? null,
        onFacilitatorRefused: () => {
          if (choice?.source !== 'legacy') return false
          // A key minted for an old board someone else facilitates: forget it, say nothing.
          void setFacilitatorKey(boardKey, null).catch(() => {})
          return true
        },
      })
      const started = s
      setSession({ s: started, ready: false })
      started.start().then(() => !cancelled && setSession({ s: started, ready: true }))
    })
    return () => {
      cancelled = true
      // the page closed before the session took the board's copy over
      local?.close()
      local = null
      s?.destroy()
    }
    // A new session only for a new board; identity changes go through setUser.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [boardKey, mode])
  if (!session) return <div className="loading">Opening the board…</div>
  return <BoardView {...props} session={session.s} ready={session.ready} />
}

function BoardView({
  mode,
  boardKey,
  identity,
  onIdentityChange,
  onEditName,
  session,
  ready,
}: BoardPageProps & { session: BoardSession; ready: boolean }) {
  const [editor, setEditor] = useState<Editor | null>(null)
  // The canvas shows as soon as the store holds the board: this device's picture of it (before
  // the doc is read and bound), or the doc. The rest of the board's tools wait for `ready`.
  const canvasReady = ready || session.shown
  // Stable: tldraw re-creates the editor when its props change identity.
  const onMount = useCallback(
    (ed: Editor) => {
      setEditor(ed)
      // For tests and debugging in the console.
      ;(window as unknown as { __circleboard?: unknown }).__circleboard = { editor: ed, session }
    },
    [session]
  )
  useEffect(() => session.setUser(identity), [session, identity])

  const state = useSyncExternalStore(session.subscribe, session.getState)

  useEffect(() => {
    if (mode !== 'edit') return
    void rememberBoard(boardKey, state.boardName || undefined)
  }, [mode, boardKey, state.boardName])

  useEffect(() => {
    const name = state.boardName.trim()
    document.title = name ? `${name} · Circleboard` : 'Circleboard'
  }, [state.boardName])

  const userPreferences = useMemo<TLUserPreferences>(
    () => ({ id: identity.id, name: identity.name, color: identity.color }),
    [identity]
  )
  // tldraw's own people menu can rename you too; keep one source of truth. The callback must be
  // stable (tldraw re-creates the editor when `user` changes), so it reads identity from a ref.
  const identityRef = useRef({ identity, onIdentityChange })
  identityRef.current = { identity, onIdentityChange }
  const setUserPreferences = useCallback((prefs: TLUserPreferences) => {
    const { identity: current, onIdentityChange: update } = identityRef.current
    const name = prefs.name ?? current.name
    const color = prefs.color ?? current.color
    if (name !== current.name || color !== current.color) update(saveIdentity({ ...current, name, color }))
  }, [])
  const user = useTldrawUser({ userPreferences, setUserPreferences })

  // Boards are personal work: ask the browser not to evict them under storage pressure.
  useEffect(() => {
    if (mode === 'edit') void requestPersistentStorage()
  }, [mode])

  // Warn before a tab closes while this device holds changes the relay has not got.
  useEffect(() => {
    if (!state.pendingChanges || !session.provider) return
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault()
      e.returnValue = ''
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [state.pendingChanges, session])

  useEffect(() => (editor ? session.attachEditor(editor) : undefined), [editor, session])

  // First visit on this device: fit the board; later visits: where this person last was.
  useEffect(() => (editor ? installBoardView(editor, boardKey) : undefined), [editor, boardKey])

  // The plan panel opening or closing changes the canvas people can see: keep the board in view.
  const { panelOpen } = usePlanUi()
  useKeepViewAcrossPanel(editor, panelOpen)

  // Narrow screens: the board tools (Templates, Plan, Export, File, This device) live in a sheet
  // opened from one button, so the bar stays one row.
  const [toolsOpen, setToolsOpen] = useState(false)
  const toolsRef = useRef<HTMLDivElement>(null)
  const moreRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (!toolsOpen) return
    const onDown = (e: PointerEvent) => {
      const t = e.target as Node
      if (toolsRef.current?.contains(t) || moreRef.current?.contains(t)) return
      // A menu opened from the sheet is inside it; a dialog it opened (the template picker) is too.
      setToolsOpen(false)
    }
    document.addEventListener('pointerdown', onDown, true)
    return () => document.removeEventListener('pointerdown', onDown, true)
  }, [toolsOpen])

  // Projector mode (`?present`): the board alone, following the facilitator, timer large.
  const [presenting, setPresenting] = useState(() => wantsPresent(location.search))
  const leavePresenting = useCallback(() => {
    history.replaceState(history.state, '', withoutPresent(location.href))
    setPresenting(false)
  }, [])
  useProjectorCamera(presenting ? editor : null, presenting ? facilitatorToFollow(state.people) : null)
  const role = useValue('cb role', () => session.facilitation.$role.get(), [session])
  // Versions (history panel, restore): edit links only. A board used alone has the facilitator role.
  const versions = useBoardVersions(session, mode === 'edit' ? boardKey : null, ready, editor, identity.name)
  const canWriteVersions = mode === 'edit' && !state.blocked

  useEffect(() => {
    if (!editor) return
    editor.updateInstanceState({ isReadonly: mode === 'view' || !!state.blocked || presenting })
  }, [editor, mode, state.blocked, presenting])

  // One set of props for the board and the projector view (which only hides tldraw's UI).
  const tldrawProps = {
    store: session.store,
    shapeUtils: customShapeUtils,
    tools: actionTools,
    overrides: [actionUiOverrides, pictogramUiOverrides],
    assetUrls,
    licenseKey,
    user,
    onMount,
    components: tldrawComponents,
  }

  if (presenting) {
    return (
      <FacilitationContext.Provider value={session.facilitation}>
        <div className="board-page board-page-present">
          <main className="board-main">
            <div className="board-canvas" data-testid="canvas">
              {canvasReady ? (
                <Tldraw key="present" {...tldrawProps} hideUi />
              ) : (
                <div className="loading">Opening the board…</div>
              )}
              <FacilitationLayer editor={editor} userId={identity.id} projector />
              {canvasReady && <ActivityLayer editor={editor} boardKey={boardKey} mode={mode} projector />}
              {/* Editors go back to the board; a view link stays a projector. */}
              <ProjectorOverlay canLeave={mode === 'edit'} onLeave={leavePresenting} />
            </div>
          </main>
        </div>
      </FacilitationContext.Provider>
    )
  }

  return (
    <FacilitationContext.Provider value={session.facilitation}>
    <div className="board-page">
      {/* A facilitator has one more menu and the timer: their tools move into the sheet earlier. */}
      <header className={`board-bar${role === 'facilitator' ? ' board-bar-fac' : ''}`} role="banner">
        <a
          className="bar-back"
          href="/"
          title="All boards"
          onClick={(e) => {
            // A plain click stays in the app; Ctrl/Cmd-click or middle-click opens a new tab as links do.
            if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
            e.preventDefault()
            navigate('/')
          }}
        >
          <span aria-hidden>←</span>
          <span className="bar-back-text"> Boards</span>
          <span className="sr-only bar-back-sr">All boards</span>
        </a>
        <BoardName
          name={state.boardName}
          editable={mode === 'edit' && !state.blocked}
          onRename={(n) => session.rename(n)}
        />
        {mode === 'view' && <span className="pill pill-muted">View only</span>}
        {session.facilitation instanceof FacilitationClient && <RoleChip />}
        <StatusBadge state={state} session={session} />
        <TimerDisplay />
        <div className="spacer" />
        <div
          className={`bar-tools${toolsOpen ? ' open' : ''}`}
          id="board-tools"
          ref={toolsRef}
          onClick={(e) => {
            // Choosing something closes the sheet; opening one of its menus does not.
            const b = (e.target as HTMLElement).closest('button')
            if (b && !b.hasAttribute('aria-haspopup') && !b.closest('.dialog-backdrop, .device-menu, .cb-notice')) setToolsOpen(false)
          }}
        >
          {/* A board with no relay is used alone: nobody to lock, bring along or time. */}
          {session.facilitation instanceof FacilitationClient && <FacilitateMenu editor={editor} userId={identity.id} userName={identity.name} />}
          <BoardTools editor={editor} session={session} />
          {mode === 'edit' && <HistoryButton versions={versions} />}
          <ChimeToggle />
          {mode === 'edit' && <DeviceMenu session={session} roomId={boardKey} boardName={state.boardName} />}
        </div>
        <button
          ref={moreRef}
          className="bar-more"
          aria-expanded={toolsOpen}
          aria-controls="board-tools"
          onClick={() => setToolsOpen(!toolsOpen)}
          data-testid="bar-more"
        >
          {/* A word, not a second ☰ beside tldraw's own menu button. */}
          Tools <span aria-hidden="true">▾</span>
        </button>
        <PeopleList people={state.people} onEditMe={onEditName} editor={editor} />
        {mode === 'edit' && <ShareMenu roomId={boardKey} role={role} facilitatorKey={session.opts.facilitatorKey} />}
      </header>
      {state.blocked && (
        <div className="banner banner-error" role="alert">
          {state.blocked}
        </div>
      )}
      <main className="board-main">
        <div className="board-canvas" data-testid="canvas">
          {canvasReady ? (
            <Tldraw key="board" {...tldrawProps} />
          ) : (
            <div className="loading">Opening the board…</div>
          )}
          {ready && <EmptyBoardCard editor={editor} session={session} />}
          {ready && <PictogramPanel editor={editor} />}
          <FacilitationLayer editor={editor} userId={identity.id} />
          {canvasReady && <ActivityLayer editor={editor} boardKey={boardKey} mode={mode} />}
          {versions && <VersionView editor={editor} session={session} canWrite={canWriteVersions} canRestore={role === 'facilitator'} />}
        </div>
        <PlanPanel editor={editor} session={session} />
        <ReviewHost editor={editor} session={session} />
        {versions && (
          <HistoryPanel
            versions={versions}
            editor={editor}
            session={session}
            canWrite={canWriteVersions}
            author={identity.name}
            // A review is the facilitator's: it goes through a version's actions with the circle.
            onStartReview={
              role === 'facilitator' && canWriteVersions
                ? (v, plan) => {
                    historyUi.set({ open: false })
                    reviewUi.start(plan, versionTitle(v), { savedAt: v.createdAt })
                  }
                : undefined
            }
          />
        )}
        <GoAheadDialog />
      </main>
    </div>
    </FacilitationContext.Provider>
  )
}

function BoardName({ name, editable, onRename }: { name: string; editable: boolean; onRename(n: string): void }) {
  const [draft, setDraft] = useState<string | null>(null)
  if (draft !== null) {
    const commit = () => {
      onRename(draft)
      setDraft(null)
    }
    return (
      <input
        className="board-name-input"
        aria-label="Board name"
        autoFocus
        value={draft}
        maxLength={120}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit()
          if (e.key === 'Escape') setDraft(null)
        }}
      />
    )
  }
  return (
    <button
      className="board-name"
      disabled={!editable}
      title={editable ? 'Rename this board' : undefined}
      onClick={() => setDraft(name)}
      data-testid="board-name"
    >
      {name.trim() || 'Untitled board'}
    </button>
  )
}
