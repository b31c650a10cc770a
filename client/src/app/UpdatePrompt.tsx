import { useRegisterSW } from 'virtual:pwa-register/react'

/**
 * A new version of the app has been downloaded and waits. We never reload on our own: a
 * facilitator may be mid-sentence on a sticky. The person chooses when.
 */
export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisterError(error: unknown) {
      console.warn('[circleboard] offline support is unavailable', error)
    },
  })
  if (!needRefresh) return null
  return (
    <div className="update-prompt" role="status" data-testid="update-prompt">
      <span>A new version of Circleboard is ready.</span>
      <button className="primary-button" onClick={() => void updateServiceWorker(true)}>
        Reload
      </button>
      <button onClick={() => setNeedRefresh(false)}>Later</button>
    </div>
  )
}
