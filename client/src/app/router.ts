/** A tiny router: the app has three kinds of page, so a dependency would be more than the job. */
import { useSyncExternalStore } from 'react'
import { isValidRoomId } from '@circleboard/shared'

export type Route =
  | { page: 'home' }
  | { page: 'board'; roomId: string }
  | { page: 'view'; token: string }
  | { page: 'bad-link'; path: string }

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'home' }
  const board = /^\/b\/([^/]+)\/?$/.exec(pathname)
  if (board) {
    const id = safeDecode(board[1])
    return id && isValidRoomId(id) ? { page: 'board', roomId: id } : { page: 'bad-link', path: pathname }
  }
  const view = /^\/v\/([A-Za-z0-9_-]{16,512})\/?$/.exec(pathname)
  if (view) return { page: 'view', token: view[1] }
  return { page: 'bad-link', path: pathname }
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s)
  } catch {
    return null
  }
}

const listeners = new Set<() => void>()
function subscribe(fn: () => void) {
  listeners.add(fn)
  window.addEventListener('popstate', fn)
  return () => {
    listeners.delete(fn)
    window.removeEventListener('popstate', fn)
  }
}

export function navigate(path: string) {
  if (path === location.pathname) return
  history.pushState(null, '', path)
  for (const fn of listeners) fn()
}

export function useRoute(): Route {
  const pathname = useSyncExternalStore(subscribe, () => location.pathname)
  return parseRoute(pathname)
}
