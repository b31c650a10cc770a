import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // Integration tests run real relays and sockets; generous per-test ceiling, no timed assertions.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The machine is small and shared; two workers keep the relay tests from starving each other.
    maxWorkers: 2,
  },
})
