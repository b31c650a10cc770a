/**
 * Short facilitation messages ("Locked by the facilitator", "Mo brought everyone here"): one at a
 * time, gone after a few seconds. Outside React so the lock guard (an editor side effect) and the
 * transport can raise them.
 */
import { atom } from 'tldraw'

export interface Toast {
  text: string
  at: number
}

export const $toast = atom<Toast | null>('facilitation toast', null)
let hideTimer: ReturnType<typeof setTimeout> | null = null

export const TOAST_MS = 4000

export function showToast(text: string): void {
  const current = $toast.get()
  // The same words again within a moment (a drag fires many refusals): leave the one showing.
  if (current && current.text === text && Date.now() - current.at < 800) return
  $toast.set({ text, at: Date.now() })
  if (hideTimer) clearTimeout(hideTimer)
  hideTimer = setTimeout(() => $toast.set(null), TOAST_MS)
}

export function hideToast(): void {
  if (hideTimer) clearTimeout(hideTimer)
  $toast.set(null)
}
