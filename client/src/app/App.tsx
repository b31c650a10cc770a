import { useState } from 'react'
import { BoardPage } from '../board/BoardPage'
import { HomePage } from './HomePage'
import { NameDialog } from './NameDialog'
import { loadIdentity, type Identity } from './identity'
import { useRoute } from './router'
import { UpdatePrompt } from './UpdatePrompt'

export function App() {
  return (
    <>
      <Page />
      <UpdatePrompt />
    </>
  )
}

function Page() {
  const route = useRoute()
  const [identity, setIdentity] = useState<Identity | null>(() => loadIdentity())
  const [editingName, setEditingName] = useState(false)

  if (route.page === 'home') return <HomePage />
  if (route.page === 'bad-link')
    return <HomePage problem={`“${route.path}” is not a board link. Check the link you were sent, or open a board below.`} />

  // A board needs a name for the cursor: ask once, before joining.
  if (!identity) return <NameDialog identity={null} onDone={setIdentity} />
  return (
    <>
      <BoardPage
        key={route.page === 'board' ? route.roomId : route.token}
        mode={route.page === 'board' ? 'edit' : 'view'}
        boardKey={route.page === 'board' ? route.roomId : route.token}
        identity={identity}
        onIdentityChange={setIdentity}
        onEditName={() => setEditingName(true)}
      />
      {editingName && (
        <NameDialog
          identity={identity}
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
