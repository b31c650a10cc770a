/**
 * Popovers of the board bar (menus, people, status, share, facilitate): placement inside the
 * viewport and dismissal. Apart from Menu.tsx so the bar's own popovers do not bring the Export and
 * File menus' component into the first load (issue 13, item 6).
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react'

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
