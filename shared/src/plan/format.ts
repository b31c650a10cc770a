/**
 * What the renderers share: dates in the reader's language ("12 January 2027" for en-GB, "January
 * 12, 2027" for en-US), which template sections go out, and the renderer options.
 */
import { isIsoDate } from './actions'
import type { Plan, PlanSection } from './model'

export interface RenderOptions {
  /** BCP 47 locale dates are written in (the reader's, e.g. `navigator.language`). Default en-GB. */
  locale?: string
  /** IANA time zone for the export time. Default the runtime's (the reader's, in a browser). */
  timeZone?: string
  /**
   * Leave out template sections nobody wrote anything in (one line names them). Default true: a
   * board often holds a template that was tried and not used, and its twenty "Nothing yet" lines
   * bury the plan. When nothing is written anywhere, every section is shown (a blank worksheet).
   */
  omitEmpty?: boolean
}

export const DEFAULT_LOCALE = 'en-GB'

/**
 * Building an Intl.DateTimeFormat costs far more than using one (about 0.1–0.5 ms), and a big plan
 * or comparison writes thousands of due dates. Only formatters with an explicit time zone are kept:
 * one without follows the runtime's zone, which may change.
 */
const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(locale: string | undefined, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  if (!opts.timeZone) return new Intl.DateTimeFormat(locale ?? DEFAULT_LOCALE, opts)
  const key = `${locale ?? DEFAULT_LOCALE}\u0000${JSON.stringify(opts)}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale ?? DEFAULT_LOCALE, opts)
    if (formatters.size >= 64) formatters.clear()
    formatters.set(key, f)
  }
  return f
}

/** Dots from a dot vote, in words ("1 vote", "4 votes"); '' when the item has none recorded. */
export function votesLabel(votes: number | undefined): string {
  if (votes === undefined || !Number.isFinite(votes) || votes < 0) return ''
  return votes === 1 ? '1 vote' : `${votes} votes`
}

function safeFormat(locale: string | undefined, opts: Intl.DateTimeFormatOptions, value: number): string {
  try {
    return formatter(locale, opts).format(value)
  } catch {
    // A bad locale or time zone from outside must not stop an export.
    return new Intl.DateTimeFormat(DEFAULT_LOCALE, { ...opts, timeZone: opts.timeZone === 'UTC' ? 'UTC' : undefined }).format(value)
  }
}

/** `2027-01-12` → `12 January 2027` (en-GB). A calendar day, so no time zone can shift it. Anything else is returned as it is. */
export function formatPlanDate(iso: string, locale?: string): string {
  if (!isIsoDate(iso)) return iso
  const [y, m, d] = iso.split('-').map(Number)
  return safeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }, Date.UTC(y, m - 1, d))
}

/** An ISO date-time → `1 December 2026, 14:54` in the reader's locale and zone. */
export function formatPlanDateTime(iso: string, locale?: string, timeZone?: string): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  return safeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone }, t)
}

/** Items, actions, enrol entries, offers and bridges in a section: what people wrote in it. */
export function sectionEntryCount(section: PlanSection): number {
  // Containers (keys, silos, zones) hold entries; every other array element is one entry.
  const containers = new Set(['keys', 'silos', 'zones', 'rows'])
  let n = 0
  const walk = (v: unknown, key: string) => {
    if (Array.isArray(v)) {
      if (!containers.has(key)) n += v.length
      for (const x of v) walk(x, '')
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) if (typeof x === 'object') walk(x, k)
    }
  }
  walk(section, '')
  return n
}

/** The sections a renderer shows, and the titles of those left out because nothing was written in them. */
export function sectionsToShow(plan: Plan, opts: RenderOptions = {}): { shown: PlanSection[]; leftOut: string[] } {
  if (opts.omitEmpty === false) return { shown: plan.sections, leftOut: [] }
  const shown: PlanSection[] = []
  const leftOut: string[] = []
  for (const s of plan.sections) {
    if (sectionEntryCount(s) > 0) shown.push(s)
    else leftOut.push(s.title)
  }
  // Nothing written anywhere yet: the empty template itself is the useful document (a worksheet to
  // print for a session on paper), not a page that only says what was left out.
  if (!shown.length) return { shown: plan.sections, leftOut: [] }
  return { shown, leftOut }
}

/** The plan with only the chosen template sections (by instance id), for "choose what goes out". */
export function selectSections(plan: Plan, instanceIds: Iterable<string>): Plan {
  const keep = new Set(instanceIds)
  return { ...plan, sections: plan.sections.filter((s) => keep.has(s.instanceId)) }
}
