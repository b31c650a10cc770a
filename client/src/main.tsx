import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import './styles.css'

// The client benchmarks' hook (bench/client/run.ts): loaded only on a device that asked for it.
try {
  if (localStorage.getItem('circleboard.bench')) void import('./bench/hook')
} catch {
  // No storage (private mode): no hook.
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
)
