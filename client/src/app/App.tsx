import { lazy, Suspense, useState, type ComponentProps } from 'react'
import { BoardPage } from '../board/BoardPage'
import { PartBoundary } from '../board/lazyParts'
import { loadIdentity, newIdentity, type Identity } from './identity'
import { useRoute } from './router'

// The service worker's registration and its "new version" prompt are not needed for the first paint
// (issue 13, item 6): loaded just after it. Offline support starts a moment later, nothing else changes.
// The list of boards is not in a board link's first load either: loaded when the home page is opened.
const LazyHomePage = lazy(() => import('./HomePage').then((m) => ({ default: m.HomePage })))
function HomePage(props: { problem?: string }) {
  return (
    <PartBoundary>
      <Suspense fallback={<div className="loading">Opening Circleboard…</div>}>
        <LazyHomePage {...props} />
      </Suspense>
    </PartBoundary>
  )
}
const UpdatePrompt = lazy(() => import('./UpdatePrompt').then((m) => ({ default: m.UpdatePrompt })))
// The name dialog too: asked once per device, so not part of opening a board (loaded when shown).
const LazyNameDialog = lazy(() => import('./NameDialog').then((m) => ({ default: m.NameDialog })))
function NameDialog(props: ComponentProps<typeof LazyNameDialog>) {
  return (
    <PartBoundary>
      <Suspense fallback={props.identity ? null : <div className="loading">Opening the board…</div>}>
        <LazyNameDialog {...props} />
      </Suspense>
    </PartBoundary>
  )
}

export function App() {
  return (
    <>
      <Page />
      <PartBoundary quiet>
        <Suspense fallback={null}>
          <UpdatePrompt />
        </Suspense>
      </PartBoundary>
    </>
  )
}

let viewer: Identity | null = null
/** One unsaved identity per tab for a view-only visitor who has not chosen a name. */
function viewerIdentity(): Identity {
  viewer ??= { ...newIdentity('Viewer'), color: '#5f6b7a' }
  return viewer
}

function Page() {
  const route = useRoute()
  const [identity, setIdentity] = useState<Identity | null>(() => loadIdentity())
  const [editingName, setEditingName] = useState(false)

  if (route.page === 'home') return <HomePage />
  if (route.page === 'bad-link')
    return <HomePage problem={`“${route.path}” is not a board link. Check the link you were sent, or open a board below.`} />

  // A board needs a name for the cursor: ask once, before joining. A view-only link is often a
  // projector nobody sits at: it watches as "Viewer" without asking (and without saving a name).
  if (!identity && route.page === 'board') return <NameDialog identity={null} onDone={setIdentity} />
  return (
    <>
      <BoardPage
        key={route.page === 'board' ? route.roomId : route.token}
        mode={route.page === 'board' ? 'edit' : 'view'}
        boardKey={route.page === 'board' ? route.roomId : route.token}
        identity={identity ?? viewerIdentity()}
        onIdentityChange={setIdentity}
        onEditName={() => setEditingName(true)}
      />
      {editingName && (
        <NameDialog
          identity={identity ?? viewerIdentity()}
          onDone={(i) => {
            setIdentity(i)
            setEditingName(false)
          }}
          onCancel={() => setEditingName(false)}
        />
      )}
    </>
  )
}
