/**
 * File names for everything the board bar downloads: `<board>-<date>.<ext>`, e.g.
 * `js-path-2027-01-12.md`. The date is the session date when the facilitator set one (the plan is
 * "the PATH of 12 January"), else today, so files from one session sort together.
 */
import { isIsoDate } from '@circleboard/shared'

/** Lower-case ASCII-ish slug: accents dropped, apostrophes removed (`J's` → `js`), the rest `-`. */
export function slugify(name: string, max = 60): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['’‘`]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '')
  return slug
}

/** YYYY-MM-DD of a date, read in local time (the day the person sees on their calendar). */
export function localIsoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/**
 * @param boardName - the board's name ('' → `board`)
 * @param ext - extension without the dot: `md`, `csv`, `json`, `png`, `circleboard`...
 * @param opts.sessionDate - YYYY-MM-DD from the document meta, preferred when valid
 * @param opts.now - for tests
 */
export function exportFileName(boardName: string, ext: string, opts: { sessionDate?: unknown; now?: Date; suffix?: string } = {}): string {
  const date = isIsoDate(opts.sessionDate) ? opts.sessionDate : localIsoDate(opts.now ?? new Date())
  const suffix = opts.suffix ? `-${slugify(opts.suffix, 20)}` : ''
  return `${slugify(boardName) || 'board'}${suffix}-${date}.${ext.replace(/^\.+/, '')}`
}
