/** A small accessible drop-down menu for the board bar (button + role=menu, arrow keys, Escape). */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'

export interface MenuItem {
  label: string
  onSelect(): void
  disabled?: boolean
  testId?: string
  hint?: string
}

export { useDismiss, usePopover, usePopoverPlacement } from './popover'
import { useDismiss, usePopoverPlacement } from './popover'

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
