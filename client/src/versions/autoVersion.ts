/**
 * Automatic versions before bulk changes (removing a template, importing a plan, restoring…):
 * whoever is about to make such a change awaits saveBeforeBulkChange(reason) first. It saves on the
 * relay when connected, else on this device, and never holds the person up for long: if the save
 * fails it says so and asks whether to go ahead (askToGoAhead).
 *
 * The board page registers its BoardVersions here while it is open (one board at a time).
 */
import { useSyncExternalStore } from 'react'
import type { VersionReason } from '@circleboard/shared'
import type { BoardVersions } from './BoardVersions'

/** Auto saves before a bulk change give up on the relay this soon (then keep it on this device). */
export const AUTO_SAVE_RELAY_TIMEOUT_MS = 4000

interface Active {
  versions: BoardVersions
  author(): string
}

let active: Active | null = null

/** Registers the open board's versions; returns the unregister function. */
export function setActiveBoardVersions(versions: BoardVersions, author: () => string): () => void {
  const mine: Active = { versions, author }
  active = mine
  return () => {
    if (active === mine) active = null
  }
}

/**
 * Saves an automatic version before a bulk change. Resolves true to go ahead: saved, nothing to
 * save with (a view link, no board open), or the person chose to go ahead without one.
 */
export async function saveBeforeBulkChange(reason: VersionReason): Promise<boolean> {
  const a = active
  if (!a || !a.versions.canSave()) return true
  try {
    await a.versions.save('', reason, a.author(), { relayTimeoutMs: AUTO_SAVE_RELAY_TIMEOUT_MS })
    return true
  } catch (e) {
    return askToGoAhead(
      `A version of the board could not be saved before this change (${(e as Error).message}). Without it, the board as it is now cannot be brought back from the history. Go ahead anyway?`,
    )
  }
}

// --- the question (rendered by GoAheadDialog in VersionsHost) --------------------------------

export interface Question {
  text: string
  answer(goAhead: boolean): void
}

let question: Question | null = null
const listeners = new Set<() => void>()
const emit = () => listeners.forEach((fn) => fn())

export function askToGoAhead(text: string): Promise<boolean> {
  // One question at a time: an earlier one still open is answered "no".
  question?.answer(false)
  return new Promise((resolve) => {
    const q: Question = {
      text,
      answer(goAhead) {
        if (question === q) {
          question = null
          emit()
        }
        resolve(goAhead)
      },
    }
    question = q
    emit()
  })
}

/** The question waiting for an answer, if any. */
export function pendingQuestion(): Question | null {
  return question
}

export function useQuestion(): Question | null {
  return useSyncExternalStore(
    (fn) => {
      listeners.add(fn)
      return () => void listeners.delete(fn)
    },
    () => question,
  )
}
