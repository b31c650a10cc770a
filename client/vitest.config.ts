import { defineConfig } from 'vitest/config'

// Separate from vite.config.ts so tests do not load the React/PWA build plugins.
// Default environment is node: tldraw's store, schema and HistoryManager run there without a DOM.
// A test that needs a DOM opts in with a `// @vitest-environment jsdom` comment at its top.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    testTimeout: 60_000,
    // The machine is small and shared.
    maxWorkers: 2,
  },
})
