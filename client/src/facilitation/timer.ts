/** The shared countdown on this device: how it reads, when it has just ended, the chime. */
import { atom } from 'tldraw'
import { timerRemainingMs, type TimerState } from '@circleboard/shared'

/** mm:ss, rounding up (a countdown shows 0:01 until it is really over); h:mm:ss past an hour. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** Seconds shown (for tests and screen readers). */
export function remainingSeconds(timer: TimerState, relayNow: number): number {
  return Math.ceil(timerRemainingMs(timer, relayNow) / 1000)
}

/**
 * Whether the countdown reached zero between two looks at it: it was running with time left, and is
 * now at zero. A device that opens the board long after the end does not chime.
 */
export function justEnded(prevRemainingMs: number | null, timer: TimerState, relayNow: number): boolean {
  return prevRemainingMs !== null && prevRemainingMs > 0 && timer.status === 'running' && timerRemainingMs(timer, relayNow) === 0
}

const MUTE_KEY = 'circleboard.timerMuted'

function readMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === '1'
  } catch {
    return false
  }
}

/** This device's choice, shared by every control that shows it. */
export const $chimeMuted = atom('timer chime muted', readMuted())

export function isChimeMuted(): boolean {
  return $chimeMuted.get()
}

export function setChimeMuted(muted: boolean): void {
  $chimeMuted.set(muted)
  try {
    if (muted) localStorage.setItem(MUTE_KEY, '1')
    else localStorage.removeItem(MUTE_KEY)
  } catch {
    // private mode: the choice lasts for this visit only
  }
}

let audio: AudioContext | null = null

/** A soft two-note chime made on the spot (no file, no network). */
export function playChime(): void {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
    if (!Ctx) return
    audio ??= new Ctx()
    const ctx = audio
    void ctx.resume?.()
    const start = ctx.currentTime + 0.02
    for (const [i, freq] of [660, 880].entries()) {
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      osc.type = 'sine'
      osc.frequency.value = freq
      const t = start + i * 0.35
      gain.gain.setValueAtTime(0.0001, t)
      gain.gain.exponentialRampToValueAtTime(0.18, t + 0.03)
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 1.2)
      osc.connect(gain).connect(ctx.destination)
      osc.start(t)
      osc.stop(t + 1.25)
    }
  } catch {
    // no sound on this device: the visual pulse still shows
  }
}
