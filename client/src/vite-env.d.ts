/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/react" />

interface ImportMetaEnv {
  /** Base websocket URL of the relay (ws[s]://host). Empty string: no relay, local only. */
  readonly VITE_RELAY_URL?: string
  /** tldraw licence key, passed through when configured (3.x runs without one, watermark kept). */
  readonly VITE_TLDRAW_LICENSE_KEY?: string
}
