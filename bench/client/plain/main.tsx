/**
 * A plain tldraw 3.15.6 app: what someone would run instead of Circleboard. It keeps a board as a
 * store snapshot in IndexedDB (idb-keyval, key `board:<name>`, the name from `?board=`) and opens it with tldraw's own store: no
 * Yjs, no binding, no relay. Fonts, icons and translations come from this build (@tldraw/assets),
 * as Circleboard's do. `window.__plain` lets the benchmark write the board and reach the editor.
 */
import { StrictMode, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { Tldraw, createTLStore, type Editor, type TLStoreSnapshot } from 'tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import { get, set } from 'idb-keyval'
import 'tldraw/tldraw.css'

const assetUrls = getAssetUrlsByImport()

declare global {
  interface Window {
    __plain?: { editor?: Editor; save(name: string, snapshot: TLStoreSnapshot): Promise<void> }
  }
}
const boardKey = `board:${new URLSearchParams(location.search).get('board') ?? 'default'}`
window.__plain = { save: (name, snapshot) => set(`board:${name}`, snapshot) }

function App() {
  const [store, setStore] = useState<ReturnType<typeof createTLStore> | null>(null)
  useEffect(() => {
    void get<TLStoreSnapshot>(boardKey).then((snapshot) => {
      const s = createTLStore()
      if (snapshot) s.loadStoreSnapshot(snapshot)
      setStore(s)
    })
  }, [])
  if (!store) return <div>Opening the board…</div>
  return (
    <div style={{ position: 'fixed', inset: 0 }}>
      <Tldraw store={store} assetUrls={assetUrls} onMount={(editor) => void (window.__plain!.editor = editor)} />
    </div>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
