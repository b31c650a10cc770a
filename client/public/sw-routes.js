// Loaded into the service worker Workbox generates (vite.config.ts, workbox.importScripts).
// Build files under /assets/ carry a hash in their name and never change, and the precache holds
// them under that very address: let the browser answer them from the cache without starting the
// service worker or running its fetch handler (the Static Routing API, in Chromium; elsewhere
// nothing changes). One that is not in the cache goes to the network, as it would anyway.
self.addEventListener('install', (event) => {
  if (typeof event.addRoutes !== 'function') return
  event.waitUntil(
    event.addRoutes([{ condition: { urlPattern: '/assets/*' }, source: 'cache' }]).catch(() => {
      // An older router that does not know this route: the fetch handler serves as before.
    })
  )
})
