import { useEffect, useState } from 'react'
import { isFacilitatorKey, newRoomId, parseBoardLink } from '@circleboard/shared'
import { facilitatorPath, linkKeyOf } from '../facilitation/roles'
import { displayName, listRecentBoards, type RecentBoard } from './recentBoards'
import { createLocalBoard, setLocalBoardName } from './localBoards'
import { navigate } from './router'
import { confirmAndRemoveBoard } from './removeFlow'
import { forgetEverything } from './deviceData'

export function HomePage({ problem }: { problem?: string }) {
  const [boards, setBoards] = useState<RecentBoard[] | null>(null)
  const [newName, setNewName] = useState('')
  const [link, setLink] = useState('')
  const [linkError, setLinkError] = useState<string | null>(null)
  const [renaming, setRenaming] = useState<{ roomId: string; name: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [forgotten, setForgotten] = useState(false)

  const refresh = () =>
    listRecentBoards()
      .then(setBoards)
      .catch(() => {
        setBoards([])
        setError('This browser is not letting Circleboard keep boards (storage is blocked or full).')
      })
  useEffect(() => {
    void refresh()
  }, [])

  return (
    <div className="home">
      <header className="home-header">
        <h1>
          <img src="/favicon.svg" alt="" width={40} height={40} /> Circleboard
        </h1>
        <p className="tagline">A shared board for PATH, 7 Keys, community and silos sessions. Boards stay on your device and sync with the people you invite.</p>
      </header>
      {problem && (
        <div className="banner banner-error" role="alert">
          {problem}
        </div>
      )}
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      <section className="card">
        <h2>New board</h2>
        <form
          className="row"
          onSubmit={async (e) => {
            e.preventDefault()
            const id = newRoomId()
            try {
              await createLocalBoard(id, newName)
            } catch {
              // The board still works live without local storage; the board page will say so.
            }
            navigate(`/b/${id}`)
          }}
        >
          <input
            aria-label="Name of the new board"
            placeholder="Name, e.g. J's PATH — 12 January"
            value={newName}
            maxLength={120}
            onChange={(e) => setNewName(e.target.value)}
            data-testid="new-board-name"
          />
          <button type="submit" className="primary-button" data-testid="create-board">
            Create board
          </button>
        </form>
      </section>
      <section className="card">
        <h2>Open a board from a link</h2>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault()
            const parsed = parseBoardLink(link)
            if (!parsed) {
              setLinkError('That does not look like a Circleboard link. A board link ends in /b/ followed by the board’s code.')
              return
            }
            setLinkError(null)
            // A facilitator link pasted here keeps its key (the board page stores it and hides it).
            const key = linkKeyOf(link.trim().includes('?') ? link.trim().slice(link.trim().indexOf('?')) : '')
            navigate(isFacilitatorKey(key) ? facilitatorPath(parsed.roomId, key) : `/b/${parsed.roomId}`)
          }}
        >
          <input
            aria-label="Board link"
            placeholder="Paste a board link"
            value={link}
            onChange={(e) => setLink(e.target.value)}
            aria-invalid={!!linkError}
            aria-describedby="link-error"
            data-testid="open-link-input"
          />
          <button type="submit">Open</button>
        </form>
        {linkError && (
          <p id="link-error" className="field-error" role="alert">
            {linkError}
          </p>
        )}
      </section>
      <section className="card">
        <h2>Boards on this device</h2>
        {boards === null ? (
          <p>Loading…</p>
        ) : boards.length === 0 ? (
          <p className="muted">No boards yet. Create one, or open a link someone sent you.</p>
        ) : (
          <ul className="board-list" data-testid="recent-boards">
            {boards.map((b) => (
              <li key={b.roomId} className="board-item">
                {renaming?.roomId === b.roomId ? (
                  <form
                    className="row"
                    onSubmit={async (e) => {
                      e.preventDefault()
                      await setLocalBoardName(b.roomId, renaming.name.trim())
                      setRenaming(null)
                      await refresh()
                    }}
                  >
                    <input
                      aria-label={`New name for ${displayName(b)}`}
                      autoFocus
                      value={renaming.name}
                      maxLength={120}
                      onChange={(e) => setRenaming({ roomId: b.roomId, name: e.target.value })}
                    />
                    <button type="submit" className="primary-button">
                      Save
                    </button>
                    <button type="button" onClick={() => setRenaming(null)}>
                      Cancel
                    </button>
                  </form>
                ) : (
                  <>
                    <a
                      href={`/b/${b.roomId}`}
                      onClick={(e) => {
                        e.preventDefault()
                        navigate(`/b/${b.roomId}`)
                      }}
                    >
                      {displayName(b)}
                    </a>
                    <span className="muted small">opened {new Date(b.lastOpened).toLocaleString()}</span>
                    <button className="link-button" onClick={() => setRenaming({ roomId: b.roomId, name: b.name })}>
                      Rename
                    </button>
                    <button
                      className="link-button"
                      onClick={async () => {
                        try {
                          if (await confirmAndRemoveBoard(b.roomId, displayName(b))) await refresh()
                        } catch (e) {
                          setError(`Could not remove the board from this device: ${(e as Error).message}`)
                        }
                      }}
                    >
                      Remove from this device
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card">
        <h2>This device</h2>
        <p className="muted">
          Boards you open are kept in this browser so they work without a network. On a shared computer, forget
          everything when you leave.
        </p>
        <button
          className="danger-button"
          data-testid="forget-everything"
          onClick={async () => {
            if (
              !window.confirm(
                'Forget everything Circleboard keeps on this device: every board, your name and the offline app?\n\nChanges that have not reached the relay will be lost.'
              )
            )
              return
            try {
              await forgetEverything()
              setBoards([])
              setError(null)
              setForgotten(true)
            } catch (e) {
              setError(`Could not clear everything: ${(e as Error).message}`)
            }
          }}
        >
          Forget everything on this device
        </button>
        {forgotten && (
          <p role="status" data-testid="forgotten">
            Done: this device keeps nothing from Circleboard now.
          </p>
        )}
      </section>
      <footer className="muted small">
        Boards are kept in this browser and on the relay of whoever hosts this site. Anyone with a board’s link can open it.
      </footer>
    </div>
  )
}
