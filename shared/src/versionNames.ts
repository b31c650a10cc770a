/**
 * Version constants, the reasons a version is saved and the title a person reads: what the board's
 * first load needs of versions (issue 13, item 6). The frame schemas and parsers are in versions.ts,
 * which re-exports all of this.
 */

/** The y-websocket message type of version frames (7 is facilitation). */
export const VERSIONS_MESSAGE_TYPE = 8
/** Largest version frame either side accepts (a list of many versions is the largest). */
export const MAX_VERSIONS_FRAME_BYTES = 512 * 1024

export const VERSION_LIMITS = {
  maxNameLength: 100,
  maxAuthorLength: 100,
  /** Named versions one board may hold; past it, saving asks to delete or rename old ones. */
  maxNamedPerRoom: 500,
  /** Versions one list message carries (newest first). */
  maxListed: 1000,
  /** A connection may ask for at most this many saves per minute (auto ones included). */
  maxSavesPerMinute: 12,
} as const

/** Why a version was saved. */
export const VERSION_REASONS = [
  'manual',
  'session-end',
  'periodic',
  'before-remove-template',
  'before-import',
  'before-open-file',
  'before-restore',
  'before-clear',
] as const
export type VersionReason = (typeof VERSION_REASONS)[number]

/** What a person reads for an automatic version that nobody named. */
export const VERSION_REASON_LABELS: Record<VersionReason, string> = {
  manual: 'Saved version',
  'session-end': 'End of session',
  periodic: 'During the session',
  'before-remove-template': 'Before removing a template',
  'before-import': 'Before importing a plan',
  'before-open-file': 'Before opening a file into the board',
  'before-restore': 'Before restoring a version',
  'before-clear': 'Before clearing the board',
}

/** The title a person reads: the name, or what made the app save it. */
export function versionTitle(v: { name: string; reason: VersionReason }): string {
  return v.name.trim() || VERSION_REASON_LABELS[v.reason]
}
