/**
 * What every modal dialog does: a backdrop that closes it when pressed outside, Escape to close,
 * Tab kept inside, keys kept from reaching the canvas, focus moved in on open and given back to
 * whatever had it on close.
 */
import { useEffect, useRef, type ReactNode, type RefObject } from 'react'

/** Keeps Tab inside a modal dialog. */
export function trapFocus(e: React.KeyboardEvent, root: HTMLElement | null) {
  if (!root) return
  const focusable = [...root.querySelectorAll<HTMLElement>('button, input, select, textarea, [tabindex]:not([tabindex="-1"])')].filter(
    (el) => !el.hasAttribute('disabled') && !(el instanceof HTMLInputElement && el.type === 'radio' && !el.checked),
  )
  if (!focusable.length) return
  const first = focusable[0]
  const last = focusable[focusable.length - 1]
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault()
    last.focus()
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault()
    first.focus()
  }
}

/**
 * A ref for the dialog element: on mount, focus goes to the first element matching `initialFocus`
 * inside it; on unmount, back to the element that had focus before.
 */
export function useDialogFocus<T extends HTMLElement>(initialFocus: string): RefObject<T | null> {
  const ref = useRef<T>(null)
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null
    ref.current?.querySelector<HTMLElement>(initialFocus)?.focus()
    return () => opener?.focus?.()
    // the selector is fixed for the dialog's life
  }, [])
  return ref
}

export function DialogBackdrop({ dialog, onClose, children }: { dialog: RefObject<HTMLElement | null>; onClose(): void; children: ReactNode }) {
  return (
    <div
      className="dialog-backdrop"
      onPointerDown={(e) => e.target === e.currentTarget && onClose()}
      onKeyDown={(e) => {
        e.stopPropagation()
        if (e.key === 'Escape') onClose()
        if (e.key === 'Tab') trapFocus(e, dialog.current)
      }}
    >
      {children}
    </div>
  )
}
