/**
 * Lenient parsing of action text written on a sticky during a live session, e.g.
 * `Call Sam @Liz by 12 Dec`, `Visit the café @"Liz M" by Friday (done)`.
 *
 * Facilitators write fast and never read a syntax guide, so nothing here is an error: whatever is
 * not recognised stays in `what`. The parsed parts are shown back to the user (see DESIGN.md) so a
 * wrong guess is visible and fixable.
 */

export const ACTION_STATUSES = ['todo', 'doing', 'done'] as const
export type ActionStatus = (typeof ACTION_STATUSES)[number]

export interface ParsedAction {
  /** What to do, with the @who, `by <when>` and status markers removed. */
  what: string
  /** Who does it: the @mentions, joined with ', '. '' when nobody was named. */
  who: string
  /** By when, as written (e.g. 'Friday', '12 Dec'). '' when not given. */
  when: string
  status: ActionStatus
  /** `when` as an ISO date (YYYY-MM-DD), when it could be worked out relative to the reference date. */
  dueDate?: string
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6,
  june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10,
  october: 10, nov: 11, november: 11, dec: 12, december: 12,
}
const WEEKDAYS: Record<string, number> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
}

/** A calendar day without a time zone. */
interface Ymd {
  y: number
  m: number // 1-12
  d: number
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}
function isValidYmd({ y, m, d }: Ymd): boolean {
  return Number.isInteger(y) && y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
}
function toIso({ y, m, d }: Ymd): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}
function addDays(ymd: Ymd, n: number): Ymd {
  const t = new Date(Date.UTC(ymd.y, ymd.m - 1, ymd.d + n))
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() }
}
function compareYmd(a: Ymd, b: Ymd): number {
  return a.y - b.y || a.m - b.m || a.d - b.d
}
function weekday(ymd: Ymd): number {
  return new Date(Date.UTC(ymd.y, ymd.m - 1, ymd.d)).getUTCDay()
}

/**
 * The reference day for relative dates. A `Date` is read in local time (the calendar day the user
 * sees); a string must be an ISO date (YYYY-MM-DD, time part ignored).
 */
export function toReferenceDay(ref: Date | string | undefined): Ymd | undefined {
  if (ref instanceof Date) {
    if (Number.isNaN(ref.getTime())) return undefined
    return { y: ref.getFullYear(), m: ref.getMonth() + 1, d: ref.getDate() }
  }
  if (typeof ref === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ref)
    if (!m) return undefined
    const ymd = { y: +m[1], m: +m[2], d: +m[3] }
    return isValidYmd(ymd) ? ymd : undefined
  }
  return undefined
}

/** Is `s` an ISO calendar date (YYYY-MM-DD) that exists? */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  return toReferenceDay(s) !== undefined
}

/**
 * Works out the ISO date a `when` phrase means, relative to `ref`. Returns undefined when the phrase
 * is not a date we recognise, or when it is relative and no reference day is known.
 *
 * Rules (documented in docs/plan-format.md):
 * - `2027-03-01` -> that day. `15/1/2027`, `15/01/27` -> day/month/year (UK order).
 * - `15 Jan`, `Jan 15`, `15th January`, `15/1` -> the next such day on or after `ref`.
 * - `March` -> the last day of the next March that has not ended (on or after `ref`'s month).
 * - `Friday` / `next Friday` -> the next Friday strictly after `ref` (said on a Friday, it means a
 *   week later).
 * - `today`, `tomorrow`, `next week` (+7 days), `end of the month`, `in 3 days|weeks|months`.
 */
export function resolveWhen(phrase: string, ref?: Date | string): string | undefined {
  const p = phrase
    .toLowerCase()
    .replace(/[.,;:!]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim()
  if (!p) return undefined

  // Absolute dates first: they need no reference day.
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(p)
  if (m) {
    const ymd = { y: +m[1], m: +m[2], d: +m[3] }
    return isValidYmd(ymd) ? toIso(ymd) : undefined
  }
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$/.exec(p)
  if (m) {
    const y = m[3].length === 2 ? 2000 + +m[3] : +m[3]
    const ymd = { y, m: +m[2], d: +m[1] }
    return isValidYmd(ymd) ? toIso(ymd) : undefined
  }
  const dayMonthYear = parseDayMonth(p)
  if (dayMonthYear && dayMonthYear.y !== undefined) {
    const ymd = { y: dayMonthYear.y, m: dayMonthYear.m, d: dayMonthYear.d }
    return isValidYmd(ymd) ? toIso(ymd) : undefined
  }

  const today = toReferenceDay(ref)
  if (!today) return undefined

  if (dayMonthYear) {
    for (const y of [today.y, today.y + 1]) {
      const ymd = { y, m: dayMonthYear.m, d: dayMonthYear.d }
      if (isValidYmd(ymd) && compareYmd(ymd, today) >= 0) return toIso(ymd)
    }
    // 29 Feb: look a few years ahead for a leap year.
    for (let y = today.y + 2; y <= today.y + 8; y++) {
      const ymd = { y, m: dayMonthYear.m, d: dayMonthYear.d }
      if (isValidYmd(ymd)) return toIso(ymd)
    }
    return undefined
  }
  m = /^(\d{1,2})[/.](\d{1,2})$/.exec(p)
  if (m) {
    for (const y of [today.y, today.y + 1]) {
      const ymd = { y, m: +m[2], d: +m[1] }
      if (isValidYmd(ymd) && compareYmd(ymd, today) >= 0) return toIso(ymd)
    }
    return undefined
  }

  const monthOnly = /^(?:the )?(?:end of )?([a-z]+)(?: (\d{4}))?$/.exec(p)
  if (monthOnly && MONTHS[monthOnly[1]] !== undefined) {
    const month = MONTHS[monthOnly[1]]
    const y = monthOnly[2] ? +monthOnly[2] : month >= today.m ? today.y : today.y + 1
    return toIso({ y, m: month, d: daysInMonth(y, month) })
  }

  const wd = /^(?:next |this |on )?([a-z]+)$/.exec(p)
  if (wd && WEEKDAYS[wd[1]] !== undefined) {
    const target = WEEKDAYS[wd[1]]
    let delta = (target - weekday(today) + 7) % 7
    if (delta === 0) delta = 7
    return toIso(addDays(today, delta))
  }

  if (p === 'today' || p === 'tonight') return toIso(today)
  if (p === 'tomorrow') return toIso(addDays(today, 1))
  if (p === 'next week') return toIso(addDays(today, 7))
  if (p === 'end of the month' || p === 'end of month' || p === 'the end of the month') {
    return toIso({ y: today.y, m: today.m, d: daysInMonth(today.y, today.m) })
  }
  m = /^in (a|an|one|two|three|four|six|\d{1,3}) (day|days|week|weeks|month|months)$/.exec(p)
  if (m) {
    const words: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, six: 6 }
    const n = words[m[1]] ?? +m[1]
    if (m[2].startsWith('day')) return toIso(addDays(today, n))
    if (m[2].startsWith('week')) return toIso(addDays(today, 7 * n))
    const total = today.m - 1 + n
    const y = today.y + Math.floor(total / 12)
    const month = (total % 12) + 1
    return toIso({ y, m: month, d: Math.min(today.d, daysInMonth(y, month)) })
  }
  return undefined
}

/** `15 Jan`, `15th January 2028`, `Jan 15`, `January 15th, 2028`. */
function parseDayMonth(p: string): { d: number; m: number; y?: number } | undefined {
  let m = /^(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+),? ?(\d{4})?$/.exec(p)
  if (m && MONTHS[m[2]] !== undefined) return { d: +m[1], m: MONTHS[m[2]], y: m[3] ? +m[3] : undefined }
  m = /^([a-z]+) (\d{1,2})(?:st|nd|rd|th)?,? ?(\d{4})?$/.exec(p)
  if (m && MONTHS[m[1]] !== undefined) return { d: +m[2], m: MONTHS[m[1]], y: m[3] ? +m[3] : undefined }
  return undefined
}

/** Status markers, checked in order; each is removed from the text once found. */
const STATUS_MARKERS: Array<[RegExp, ActionStatus]> = [
  [/\(\s*done\s*\)|\[\s*done\s*\]|\[\s*x\s*\]|[✓✔☑✅]/giu, 'done'],
  [/\(\s*(?:doing|in progress|started)\s*\)|\[\s*(?:doing|~|-)\s*\]/giu, 'doing'],
  [/\(\s*to ?do\s*\)|\[\s*(?:to ?do)?\s*\]|☐/giu, 'todo'],
]

/** Takes every status marker (`(done)`, `[x]`, `✓`, `(doing)`, `[ ]`…) out of a text, keeping the rest as written. */
export function stripStatusMarkers(text: string): string {
  let s = text
  for (const [re] of STATUS_MARKERS) s = s.replace(re, '')
  return s
}

/** The marker `parseActionText` reads back as this status ('' for to do, the default). */
export function statusMarker(status: ActionStatus): string {
  return status === 'done' ? '(done)' : status === 'doing' ? '(doing)' : ''
}

/** The next status in the one-click cycle: to do → doing → done → to do. */
export function nextActionStatus(status: ActionStatus): ActionStatus {
  return ACTION_STATUSES[(ACTION_STATUSES.indexOf(status) + 1) % ACTION_STATUSES.length]
}

/** `@Liz`, `@"Liz M"`, `@“Liz M”`. A bare mention ends at whitespace or punctuation that cannot be in a name. */
const MENTION = /(?<![\p{L}\p{N}_])@(?:"([^"]+)"|“([^”]+)”|([\p{L}\p{N}_][\p{L}\p{N}_'’.-]*))/gu

const MENTION_JOINER = /((?<![\p{L}\p{N}_])@(?:"[^"]*"|“[^”]*”|[^\s@,]+))\s*(?:,|&|\band\b)\s*(?=@)/giu

/** A `by <when>` clause at the end of the text. */
const WHEN_CLAUSE = /(?:^|\s)(?:by|before|due|until)\s+(.+)$/iu

/** Removes connectors and punctuation left dangling at the ends after taking parts out. */
function tidy(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/gu, '')
    .replace(/\s+(?:and|&)$/iu, '')
    .trim()
}

/**
 * Parses an action written as free text. Never throws.
 *
 * @param text - e.g. `Call Sam @Liz by 12 Dec (done)`
 * @param ref - the day relative dates are counted from (the session date, or today)
 */
export function parseActionText(text: unknown, ref?: Date | string): ParsedAction {
  // The plan panel reads every action again each time the board changes (every 250 ms while people
  // write): the same texts against the same day. Parsing is a pure function of the text and the day, so the
  // answers are kept (a bounded memo) and handed out as copies.
  if (typeof text !== 'string' || text.length > MEMO_MAX_TEXT) return parseActionTextUncached(text, ref)
  // `ref` counts only as the day it names (toReferenceDay), so the memo is keyed by that day.
  const day = toReferenceDay(ref)
  const key = `${day ? toIso(day) : '-'}\u0000${text}`
  let parsed = parsedActions.get(key)
  if (!parsed) {
    if (parsedActions.size >= MEMO_MAX_ENTRIES) parsedActions.clear()
    parsed = parseActionTextUncached(text, ref)
    parsedActions.set(key, parsed)
  }
  return { ...parsed }
}

const MEMO_MAX_ENTRIES = 4096
const MEMO_MAX_TEXT = 2000
const parsedActions = new Map<string, ParsedAction>()

function parseActionTextUncached(text: unknown, ref?: Date | string): ParsedAction {
  let s = typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : ''
  let status: ActionStatus = 'todo'
  for (const [re, st] of STATUS_MARKERS) {
    const stripped = s.replace(re, ' ')
    if (stripped !== s) {
      status = st
      s = stripped
      break
    }
  }
  s = s.replace(/\s+/g, ' ').trim()
  // A "by" directly after a mention is taken as the deadline even when we cannot read it as a date
  // ("@Liz by the end of term"); otherwise only recognisable dates are taken, so "Get fit by
  // running" keeps its words.
  const byAfterMention = /@(?:"[^"]*"|“[^”]*”|[^\s@]+)\s+(?:by|before|due|until)\s/iu.test(s)

  const who: string[] = []
  // "@Sam and @Dad", "@Sam, @Dad": the connector belongs to the names, not to `what`.
  s = s.replace(MENTION_JOINER, '$1 ')
  s = s.replace(MENTION, (_all, q1?: string, q2?: string, bare?: string) => {
    const name = (q1 ?? q2 ?? bare ?? '').trim().replace(/[.’']+$/u, '')
    if (name && !who.includes(name)) who.push(name)
    return ' '
  })
  s = s.replace(/\s+/g, ' ').trim()

  let when = ''
  let dueDate: string | undefined
  const clause = WHEN_CLAUSE.exec(s)
  if (clause) {
    const phrase = tidy(clause[1])
    const resolved = resolveWhen(phrase, ref)
    if (phrase && (resolved !== undefined || isRelativeWord(phrase) || byAfterMention)) {
      when = phrase
      dueDate = resolved
      s = s.slice(0, clause.index)
    }
  }
  return { what: tidy(s), who: who.join(', '), when, status, ...(dueDate ? { dueDate } : {}) }
}

/** Date words we recognise even without a reference day (so `when` is still split off). */
function isRelativeWord(phrase: string): boolean {
  const p = phrase.toLowerCase().replace(/^(?:next|this|the|end of|on) /, '')
  const first = p.split(' ')[0]
  return (
    WEEKDAYS[first] !== undefined ||
    MONTHS[first] !== undefined ||
    /^(?:today|tonight|tomorrow|next week|end of (?:the )?month|in .+ (?:days?|weeks?|months?))$/.test(p) ||
    parseDayMonth(p) !== undefined ||
    /^\d{1,2}[/.]\d{1,2}$/.test(p)
  )
}

/**
 * Writes an action back as sticky text that `parseActionText` reads back to the same parts
 * (used when a plan is imported onto a board as plain notes).
 */
export function formatActionText(a: { what: string; who: string; when: string; status: ActionStatus }): string {
  const parts = [a.what.trim(), formatMentions(a.who)]
  if (a.when.trim()) parts.push(`by ${a.when.trim()}`)
  if (a.status === 'done') parts.push('(done)')
  if (a.status === 'doing') parts.push('(doing)')
  return parts.filter(Boolean).join(' ')
}

/** Formats names as mentions: `@Liz`, `@"Liz M"`. */
export function formatMentions(names: string): string {
  return names
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)
    .map((name) => (/^[\p{L}\p{N}_][\p{L}\p{N}_'’.-]*$/u.test(name) && !/[.’']$/u.test(name) ? `@${name}` : `@"${name}"`))
    .join(' ')
}

/**
 * Takes the @mentions out of a text: `Knows the café owner @Sam` -> text 'Knows the café owner',
 * names ['Sam']. Used for "who offered it" in the community treasure chest.
 */
export function splitMentions(text: string): { text: string; names: string[] } {
  const names: string[] = []
  const rest = text.replace(MENTION_JOINER, '$1 ').replace(MENTION, (_all, q1?: string, q2?: string, bare?: string) => {
    const name = (q1 ?? q2 ?? bare ?? '').trim().replace(/[.’']+$/u, '')
    if (name && !names.includes(name)) names.push(name)
    return ' '
  })
  return { text: tidy(rest), names }
}

/**
 * PATH enrol entries: who to bring on the journey and who will ask them. Reads
 * `The bus driver (ask: Dad)`, `(asks Dad)`, `— ask: Dad`, `ask: Dad` at the end, or `@Dad`.
 */
export function parseEnrolText(text: string): { person: string; asks: string } {
  // Read again on every re-extraction of a live plan, like parseActionText: a bounded memo of copies.
  if (typeof text !== 'string' || text.length > MEMO_MAX_TEXT) return parseEnrolTextUncached(text)
  let parsed = parsedEnrols.get(text)
  if (!parsed) {
    if (parsedEnrols.size >= MEMO_MAX_ENTRIES) parsedEnrols.clear()
    parsed = parseEnrolTextUncached(text)
    parsedEnrols.set(text, parsed)
  }
  return { ...parsed }
}

const parsedEnrols = new Map<string, { person: string; asks: string }>()

function parseEnrolTextUncached(text: string): { person: string; asks: string } {
  const s = String(text).replace(/\s+/g, ' ').trim()
  const m =
    /^(.*?)[\s,;–—-]*\(\s*(?:ask|asks|asked by|who asks)\s*:?\s*([^)]*)\)\s*$/iu.exec(s) ??
    /^(.*?)[\s,;–—-]+(?:ask|asks|asked by|who asks)\s*:\s*(.+)$/iu.exec(s)
  if (m) return { person: tidy(m[1]), asks: tidy(m[2]) }
  const { text: person, names } = splitMentions(s)
  return { person, asks: names.join(', ') }
}

/** Inverse of parseEnrolText. */
export function formatEnrolText(e: { person: string; asks: string }): string {
  return e.asks.trim() ? `${e.person.trim()} (ask: ${e.asks.trim()})` : e.person.trim()
}
