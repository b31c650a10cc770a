/**
 * Leading + trailing throttle: the first change shows at once, a burst (someone dragging a sticky
 * across three zones) recomputes at most every `ms`, and the last change is never lost.
 */
export interface Throttled {
  (): void
  /** Drop a pending trailing call (unmount). */
  cancel(): void
}

export function throttle(fn: () => void, ms: number): Throttled {
  let last = -Infinity
  let timer: ReturnType<typeof setTimeout> | null = null
  const run = () => {
    timer = null
    last = Date.now()
    fn()
  }
  const throttled = (() => {
    if (timer) return
    const wait = last + ms - Date.now()
    if (wait <= 0) run()
    else timer = setTimeout(run, wait)
  }) as Throttled
  throttled.cancel = () => {
    if (timer) clearTimeout(timer)
    timer = null
  }
  return throttled
}
