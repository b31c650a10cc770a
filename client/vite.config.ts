import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The relay serves the built client in production. In `vite dev` we proxy the relay's endpoints so
// the app talks to the same origin either way (no CORS, no configured URL).
const relay = process.env.CIRCLEBOARD_RELAY ?? 'http://127.0.0.1:8787'

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
  },
  server: {
    proxy: {
      '/sync': { target: relay, ws: true },
      '/view': { target: relay, ws: true },
      '/api': { target: relay },
      '/healthz': { target: relay },
    },
  },
})
