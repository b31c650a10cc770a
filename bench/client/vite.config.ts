import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The reference for the open benchmark: a plain tldraw 3.15.6 app, built with the client's Vite
// and React plugin, no service worker, no Yjs.
export default defineConfig({
  root: 'plain',
  plugins: [react()],
  build: { outDir: '../dist-plain', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 8192 },
})
