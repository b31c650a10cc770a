/**
 * Runs something once, after the board's first frame has been painted (issue 13, item 5: opening a
 * board stays within 1.2× a plain tldraw app). Opening a board this device already has, the relay's
 * connection is not needed for the first view: its handshake (y-websocket also broadcasts the whole
 * doc to this browser's other tabs on connect) and the relay's sync would otherwise run while tldraw
 * lays the board out.
 *
 * `painted()` is called when the canvas has mounted. The task then waits two animation frames (the
 * first frame with the canvas has been painted) and then for the page to be idle: on a large board
 * tldraw keeps the main thread busy for seconds after its canvas first shows, laying out and
 * measuring the notes, and the task waits for that to end, or `idleTimeoutMs` at most. If the
 * canvas never mounts (an error, a tab in the background that gets no frames), it runs after
 * `fallbackMs` anyway. `now()` runs it at once; `cancel()` drops it. It runs at most once.
 */
export interface AfterFirstFrame {
  painted(): void
  now(): void
  cancel(): void
  readonly pending: boolean
}

export interface FrameClock {
  requestFrame(fn: () => void): unknown
  /** Calls fn when the page is idle, or after timeoutMs at most. */
  requestIdle(fn: () => void, timeoutMs: number): unknown
  setTimer(fn: () => void, ms: number): unknown
  clearTimer(handle: unknown): void
}

const browserClock: FrameClock = {
  requestFrame: (fn) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => fn()) : setTimeout(fn, 16)),
  // Safari has no requestIdleCallback: there the task runs just after the two frames.
  requestIdle: (fn, timeout) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => fn(), { timeout }) : setTimeout(fn, 0)),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

export interface AfterFirstFrameTimes {
  /** Run anyway this long after the start if painted() never comes. */
  fallbackMs: number
  /** After the first frame, wait for idle this long at most. */
  idleTimeoutMs: number
}

export function afterFirstFrame(task: () => void, times: AfterFirstFrameTimes, clock: FrameClock = browserClock): AfterFirstFrame {
  let pending = true
  let waitingForFrames = false
  const run = () => {
    if (!pending) return
    pending = false
    clock.clearTimer(fallback)
    task()
  }
  const fallback = clock.setTimer(run, times.fallbackMs)
  return {
    painted() {
      if (!pending || waitingForFrames) return
      waitingForFrames = true
      // From here the idle wait has its own limit; the start's fallback would cut a long layout short.
      clock.clearTimer(fallback)
      clock.requestFrame(() => clock.requestFrame(() => clock.requestIdle(run, times.idleTimeoutMs)))
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
