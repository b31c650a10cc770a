/**
 * The parts of the board a person reaches through a button, loaded with `import()` when first
 * needed rather than before the board's first paint (issue 13, item 6: the first load stays within
 * 1.1× a bare tldraw app). Each is a thin wrapper around the component as it was: a gate that says
 * when it is needed (a panel opened, a review started, the facilitator role granted), a calm
 * fallback while its file loads (the same buttons, disabled; nothing at all for a panel), and a
 * clear message if the file cannot be loaded.
 *
 * Offline: Workbox precaches every built JS file (vite.config.ts, globPatterns), lazy ones included,
 * so these load with no network once the app has been opened online. After a new deploy an old tab
 * may ask for a file that is gone: it says so and offers a reload instead of going blank.
 */
import { Component, lazy, Suspense, useContext, useEffect, useState, useSyncExternalStore, type ComponentProps, type ComponentType, type ReactNode } from 'react'
import { useValue, type Editor } from 'tldraw'
import type { BoardSession } from './session'
import { usePlanUi } from '../plan/uiState'
import { useHistoryUi } from '../versions/historyUi'
import { pictogramPanel } from '../kit/kitState'
import { FacilitationContext, useFacilitationHandle } from '../facilitation/api'
import { installPrivateWriting } from '../facilitation/privateWriting'
import type { ActivityLayerProps } from '../facilitation/ActivityLayer'

import { loadPart, PART_FAILED } from './loadPart'

/** React.lazy for a named export. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function lazyNamed<M, K extends keyof M>(load: () => Promise<M>, name: K): ComponentType<M[K] extends ComponentType<any> ? ComponentProps<M[K]> : never> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return lazy(() => loadPart(load).then((m) => ({ default: m[name] as ComponentType<any> })))
}

/** Shows PART_FAILED (with a Reload button; nothing when `quiet`) instead of unmounting the whole board. */
export class PartBoundary extends Component<{ children: ReactNode; inline?: boolean; quiet?: boolean }, { failed: boolean }> {
  override state = { failed: false }
  static getDerivedStateFromError() {
    return { failed: true }
  }
  override componentDidCatch(error: unknown) {
    console.warn('[circleboard] a part of the board failed', error)
  }
  override render() {
    if (!this.state.failed) return this.props.children
    if (this.props.quiet) return null
    if (this.props.inline) {
      return (
        <button className="part-failed-button" onClick={() => location.reload()} title={PART_FAILED} data-testid="part-failed">
          Reload to load this
        </button>
      )
    }
    return (
      <div className="cb-notice cb-notice-error part-failed" role="alert" data-testid="part-failed">
        <p>{PART_FAILED}</p>
        <button onClick={() => location.reload()}>Reload</button>
      </div>
    )
  }
}

function Part({ children, fallback = null, inline }: { children: ReactNode; fallback?: ReactNode; inline?: boolean }) {
  return (
    <PartBoundary inline={inline}>
      <Suspense fallback={fallback}>{children}</Suspense>
    </PartBoundary>
  )
}

/** True from the first time `now` is true: a part stays mounted once loaded (its effects keep working). */
function useOnceTrue(now: boolean): boolean {
  const [seen, setSeen] = useState(now)
  if (now && !seen) setSeen(true)
  return seen || now
}

const LazyPlanPanel = lazyNamed(() => import('../plan/PlanPanel'), 'PlanPanel')
const LazyReviewHost = lazyNamed(() => import('../review/ReviewHost'), 'ReviewHost')
const LazyHistoryPanel = lazyNamed(() => import('../versions/HistoryPanel'), 'HistoryPanel')
const LazyVersionView = lazyNamed(() => import('../versions/VersionView'), 'VersionView')
const LazyPictogramPanel = lazyNamed(() => import('../kit/PictogramPanel'), 'PictogramPanel')
const LazyBoardTools = lazyNamed(() => import('../plan/BoardTools'), 'BoardTools')
const LazyEmptyBoardCard = lazyNamed(() => import('../plan/EmptyBoardCard'), 'EmptyBoardCard')
const LazyActivityLayer = lazyNamed(() => import('../facilitation/ActivityLayer'), 'ActivityLayer')
const LazyFacilitateMenu = lazyNamed(() => import('../facilitation/FacilitateMenu'), 'FacilitateMenu')

type BoardProps = { editor: Editor | null; session: BoardSession }

/**
 * The plan panel. While its file loads, an empty panel of the same width stands in, so the canvas
 * narrows at once, as BoardPage's keepViewAcrossResize expects (it moves the view a few frames after
 * `panelOpen` changes).
 */
export function PlanPanel(props: BoardProps) {
  const { panelOpen } = usePlanUi()
  if (!useOnceTrue(panelOpen)) return null
  const standIn = panelOpen ? (
    <aside className="plan-panel" aria-busy="true" aria-label="Plan">
      <div className="plan-panel-head">
        <h2>Plan</h2>
      </div>
      <p className="muted">Opening the plan…</p>
    </aside>
  ) : null
  return (
    <Part fallback={standIn}>
      <LazyPlanPanel {...props} />
    </Part>
  )
}

/**
 * Review mode's host is mounted from the start, as before (it keeps the view when the review panel
 * opens, which it can only do if mounted while closed): its file loads just after the first paint.
 */
export function ReviewHost(props: BoardProps) {
  return (
    <Part>
      <LazyReviewHost {...props} />
    </Part>
  )
}

export function HistoryPanel(props: ComponentProps<typeof LazyHistoryPanel>) {
  const { open } = useHistoryUi()
  if (!useOnceTrue(open)) return null
  return (
    <Part>
      <LazyHistoryPanel {...props} />
    </Part>
  )
}

export function VersionView(props: ComponentProps<typeof LazyVersionView>) {
  const { looking } = useHistoryUi()
  if (!useOnceTrue(!!looking)) return null
  return (
    <Part>
      <LazyVersionView {...props} />
    </Part>
  )
}

export function PictogramPanel(props: { editor: Editor | null }) {
  const open = useSyncExternalStore(pictogramPanel.subscribe, pictogramPanel.isOpen)
  if (!useOnceTrue(open)) return null
  return (
    <Part>
      <LazyPictogramPanel {...props} />
    </Part>
  )
}

export function EmptyBoardCard(props: BoardProps) {
  return (
    <Part>
      <LazyEmptyBoardCard {...props} />
    </Part>
  )
}

/** The bar's Templates, Plan, Export and File buttons: shown disabled for the moment their file loads. */
export function BoardTools(props: BoardProps) {
  const fallback = (
    <>
      <button disabled>Templates</button>
      <button disabled>Plan</button>
      <div className="cb-menu">
        <button disabled>Export</button>
      </div>
      <div className="cb-menu">
        <button disabled>File</button>
      </div>
    </>
  )
  return (
    <Part fallback={fallback} inline>
      <LazyBoardTools {...props} />
    </Part>
  )
}

export function FacilitateMenu(props: ComponentProps<typeof LazyFacilitateMenu>) {
  const handle = useFacilitationHandle()
  const role = useValue('cb fac role', () => handle.$role.get(), [handle])
  if (!useOnceTrue(role === 'facilitator')) return null
  const fallback = (
    <div className="device-menu fac-menu">
      <button disabled>
        Facilitate <span aria-hidden="true">▾</span>
      </button>
    </div>
  )
  return (
    <Part fallback={fallback} inline>
      <LazyFacilitateMenu {...props} />
    </Part>
  )
}

/**
 * The live activities (walk-through steps, dot voting, private writing's dock and dialogs): loaded
 * when the session's state first asks for them — a step, a vote or private writing started by the
 * facilitator, whether or not this person ever clicked anything — or for a facilitator, whose menu
 * opens their dialogs. Private writing itself is installed here at once (see ActivityLayer.tsx).
 */
export function ActivityLayer(props: ActivityLayerProps) {
  const { editor, boardKey, mode } = props
  const handle = useContext(FacilitationContext)
  useEffect(() => {
    if (!editor || !handle || mode !== 'edit') return
    return installPrivateWriting({ editor, handle, boardKey })
  }, [editor, handle, boardKey, mode])
  const wanted = useValue(
    'cb activities wanted',
    () => {
      if (!handle) return false
      const s = handle.$state.get()
      return handle.$role.get() === 'facilitator' || !!s.step || !!s.vote || !!s.privateWriting
    },
    [handle],
  )
  if (!useOnceTrue(wanted)) return null
  return (
    <Part>
      <LazyActivityLayer {...props} />
    </Part>
  )
}
