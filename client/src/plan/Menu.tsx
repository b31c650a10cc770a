/** A small accessible drop-down menu for the board bar (button + role=menu, arrow keys, Escape). */
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react'

export interface MenuItem {
  label: string
  onSelect(): void
  disabled?: boolean
  testId?: string
  hint?: string
}

const EDGE = 8

/**
 * Keeps a popover under its button and inside the viewport at every width: fixed-positioned from
 * the button's rectangle, right-aligned to it when there is room, shifted in from either edge when
 * not, never wider or taller than the screen (it scrolls instead). Re-placed on resize and scroll.
 */
export function usePopoverPlacement(anchor: RefObject<HTMLElement | null>, popover: RefObject<HTMLElement | null>, open: boolean) {
  useLayoutEffect(() => {
    if (!open) return
    const place = () => {
      const a = anchor.current?.getBoundingClientRect()
      const el = popover.current
      if (!a || !el) return
      const vw = document.documentElement.clientWidth
      const vh = document.documentElement.clientHeight
      el.style.position = 'fixed'
      el.style.right = 'auto'
      el.style.maxWidth = `${vw - 2 * EDGE}px`
      const w = el.offsetWidth
      const left = Math.max(EDGE, Math.min(a.right - w, vw - EDGE - w))
      const top = Math.min(a.bottom + 6, vh - EDGE - 80)
      el.style.left = `${left}px`
      el.style.top = `${top}px`
      el.style.maxHeight = `${vh - top - EDGE}px`
      el.style.overflowY = 'auto'
    }
    place()
    window.addEventListener('resize', place)
    window.addEventListener('scroll', place, true)
    return () => {
      window.removeEventListener('resize', place)
      window.removeEventListener('scroll', place, true)
    }
  }, [open, anchor, popover])
}

/** Closes a popover on a pointer press outside `root`, and on Escape (focus goes back to `button`). */
export function useDismiss(root: RefObject<HTMLElement | null>, button: RefObject<HTMLElement | null>, open: boolean, close: () => void) {
  useEffect(() => {
    if (!open) return
    const onDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) close()
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !root.current?.contains(document.activeElement)) return
      close()
      button.current?.focus()
    }
    document.addEventListener('pointerdown', onDown, true)
    document.addEventListener('keydown', onKey, true)
    return () => {
      document.removeEventListener('pointerdown', onDown, true)
      document.removeEventListener('keydown', onKey, true)
    }
  }, [open, root, button, close])
}

export function Menu({ label, items, testId, disabled }: { label: ReactNode; items: MenuItem[]; testId?: string; disabled?: boolean }) {
  const [open, setOpen] = useState(false)
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const list = useRef<HTMLDivElement>(null)
  const id = useId()
  usePopoverPlacement(button, list, open)

  useEffect(() => {
    if (!open) return
    root.current?.querySelector<HTMLButtonElement>('[role=menuitem]:not(:disabled)')?.focus()
    const onDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onDown, true)
    return () => document.removeEventListener('pointerdown', onDown, true)
  }, [open])

  const move = (delta: number) => {
    const all = [...(root.current?.querySelectorAll<HTMLButtonElement>('[role=menuitem]:not(:disabled)') ?? [])]
    const i = all.indexOf(document.activeElement as HTMLButtonElement)
    all[(i + delta + all.length) % all.length]?.focus()
  }

  return (
    <div className="cb-menu" ref={root}>
      <button
        ref={button}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        disabled={disabled}
        onClick={() => setOpen(!open)}
        data-testid={testId}
      >
        {label} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div
          className="popover cb-menu-list"
          ref={list}
          role="menu"
          id={id}
          onKeyDown={(e) => {
            e.stopPropagation()
            if (e.key === 'Escape') {
              setOpen(false)
              button.current?.focus()
            } else if (e.key === 'ArrowDown') {
              e.preventDefault()
              move(1)
            } else if (e.key === 'ArrowUp') {
              e.preventDefault()
              move(-1)
            }
          }}
        >
          {items.map((item) => (
            <button
              key={item.label}
              role="menuitem"
              className="cb-menu-item"
              disabled={item.disabled}
              data-testid={item.testId}
              onClick={() => {
                setOpen(false)
                item.onSelect()
              }}
            >
              <span>{item.label}</span>
              {item.hint && <span className="muted small">{item.hint}</span>}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}

/**
 * A button that opens a popover: its open state, the refs to put on the wrapper, the button and the
 * popover, kept inside the viewport and closed by a click outside or Escape.
 */
export function usePopover() {
  const [open, setOpen] = useState(false)
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const popover = useRef<HTMLDivElement>(null)
  usePopoverPlacement(button, popover, open)
  useDismiss(root, button, open, useCallback(() => setOpen(false), []))
  return { open, setOpen, root, button, popover }
}
