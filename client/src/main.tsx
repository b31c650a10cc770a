import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import { parseRoute } from './app/router'
import { preopenLocalDoc } from './board/session'
import './styles.css'

// The client benchmarks' hook (bench/client/run.ts): loaded only on a device that asked for it.
try {
  if (localStorage.getItem('circleboard.bench')) void import('./bench/hook')
} catch {
  // No storage (private mode): no hook.
}

// A board link: start reading this device's copy of the board now, while React renders its first
// frame (BoardPage takes it over).
const route = parseRoute(location.pathname)
if (route.page === 'board') preopenLocalDoc(route.roomId, 'edit')
else if (route.page === 'view') preopenLocalDoc(route.token, 'view')

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
)
