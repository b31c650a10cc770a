import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

// The relay serves the built client in production. In `vite dev` we proxy the relay's endpoints so
// the app talks to the same origin either way (no CORS, no configured URL).
const relay = process.env.CIRCLEBOARD_RELAY ?? 'http://127.0.0.1:8787'

export default defineConfig({
  plugins: [
    react(),
    // Offline app shell: Workbox precaches the app and tldraw's self-hosted fonts, icons and
    // translations, so a board opened before loads with no network at all. `prompt` means a new
    // version waits until the person chooses to reload (see UpdatePrompt).
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'favicon.ico', 'apple-touch-icon-180x180.png', 'logo.svg'],
      manifest: {
        name: 'Circleboard',
        short_name: 'Circleboard',
        description: 'A shared whiteboard for PATH, 7 Keys, community and silos planning sessions.',
        theme_color: '#2f5d50',
        background_color: '#f6f7f4',
        display: 'standalone',
        start_url: '/',
        scope: '/',
        icons: [
          { src: 'pwa-64x64.png', sizes: '64x64', type: 'image/png' },
          { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png' },
          { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png' },
          { src: 'maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,woff,woff2,json,webmanifest}'],
        // tldraw's bundle and fonts are larger than Workbox's 2 MiB default.
        maximumFileSizeToCacheInBytes: 12 * 1024 * 1024,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/(sync|view|api|healthz|metrics)(\/|$)/],
        cleanupOutdatedCaches: true,
        // /assets/* straight from the precache, without waking the worker (public/sw-routes.js).
        importScripts: ['sw-routes.js'],
      },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
    // scripts/bundle-size.mjs reads it to tell first-load chunks from lazy ones.
    manifest: true,
    // tldraw's own files (embed-dialog icons, the translations list) stay files: Vite would inline
    // those under 4 kB into the JS as base64 (about 25 kB gzipped of PNGs nobody sees until the embed
    // dialog opens). As files they are precached by the service worker like every other asset.
    assetsInlineLimit: (file: string) => (file.includes('@tldraw/assets') ? false : undefined),
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
