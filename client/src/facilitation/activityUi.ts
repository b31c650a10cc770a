/**
 * Small UI state the activity components share on one board: whether this person's pointer is in
 * "place dots" mode, and the last thing said to screen-reader users about their dots.
 */
import { atom } from 'tldraw'

/** Clicking a note adds a dot (clicking a dotted note takes it back) while this is on. */
export const voteMode = atom('cb vote mode', false)

/** Text of the polite live region ("Dot placed. 2 of 3 dots left"). */
export const voteAnnouncement = atom('cb vote announcement', '')
