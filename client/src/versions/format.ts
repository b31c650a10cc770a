/** How a version's time reads: "5 minutes ago" in the list, the exact date and time on hover. */

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
]

export function relativeTime(at: number, now: number, locale?: string): string {
  const diff = at - now
  const abs = Math.abs(diff)
  if (abs < 45_000) return 'just now'
  for (const [unit, ms] of UNITS) {
    if (abs >= ms || unit === 'minute') {
      const n = Math.round(diff / ms)
      try {
        return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(n, unit)
      } catch {
        return new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(n, unit)
      }
    }
  }
  return 'just now'
}

export function exactTime(at: number, locale?: string): string {
  const opts: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }
  try {
    return new Date(at).toLocaleString(locale, opts)
  } catch {
    return new Date(at).toLocaleString('en', opts)
  }
}

/** Short enough for a choice in a list: "12 Jan, 14:05". */
export function shortTime(at: number, locale?: string): string {
  const opts: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }
  try {
    return new Date(at).toLocaleString(locale, opts)
  } catch {
    return new Date(at).toLocaleString('en', opts)
  }
}
