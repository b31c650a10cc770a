/**
 * Runs something once, after the board's first frame has been painted (issue 13, item 5: opening a
 * board stays within 1.2× a plain tldraw app). Opening a board this device already has, the relay's
 * connection is not needed for the first view: its handshake (y-websocket also broadcasts the whole
 * doc to this browser's other tabs on connect) and the relay's sync would otherwise run while tldraw
 * lays the board out.
 *
 * `painted()` is called when the canvas has mounted; the task then runs two animation frames later
 * (the first frame with the canvas has been painted). If the canvas never mounts (an error, a page
 * in the background that gets no frames), it runs after `fallbackMs` anyway. `now()` runs it at once;
 * `cancel()` drops it. It runs at most once.
 */
export interface AfterFirstFrame {
  painted(): void
  now(): void
  cancel(): void
  readonly pending: boolean
}

export interface FrameClock {
  requestFrame(fn: () => void): unknown
  setTimer(fn: () => void, ms: number): unknown
  clearTimer(handle: unknown): void
}

const browserClock: FrameClock = {
  requestFrame: (fn) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => fn()) : setTimeout(fn, 16)),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

export function afterFirstFrame(task: () => void, fallbackMs: number, clock: FrameClock = browserClock): AfterFirstFrame {
  let pending = true
  let waitingForFrames = false
  const run = () => {
    if (!pending) return
    pending = false
    clock.clearTimer(fallback)
    task()
  }
  const fallback = clock.setTimer(run, fallbackMs)
  return {
    painted() {
      if (!pending || waitingForFrames) return
      waitingForFrames = true
      clock.requestFrame(() => clock.requestFrame(run))
    },
    now: run,
    cancel() {
      if (!pending) return
      pending = false
      clock.clearTimer(fallback)
    },
    get pending() {
      return pending
    },
  }
}
