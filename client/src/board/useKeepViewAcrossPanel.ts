/**
 * The one way a side panel keeps the board in view as it opens or closes (the plan, review and
 * History panels): beside the canvas it narrows it, as a
 * sheet over the canvas (below PANEL_BESIDE_MIN_WIDTH) it covers part of it, and either way a board
 * that was wholly in view is fitted again into what is left (keepViewAcrossResize). Without it, a
 * PATH at 820×1180 sat half behind the History sheet.
 */
import { useLayoutEffect, useRef } from 'react'
import type { Editor } from 'tldraw'
import { keepViewAcrossResize } from './firstView'

/**
 * Call in the component that renders the panel (or decides it is shown), with whether it is shown.
 * `mountedWhenOpened`: the component first mounts as the panel opens (a panel whose code loads on
 * first use), so that first render counts as the panel opening.
 */
export function useKeepViewAcrossPanel(editor: Editor | null, open: boolean, opts: { mountedWhenOpened?: boolean } = {}): void {
  const seen = useRef(opts.mountedWhenOpened ? false : open)
  useLayoutEffect(() => {
    if (seen.current === open) return
    seen.current = open
    // Measured now, before the browser lays the panel out: keepViewAcrossResize reads the old view.
    return editor ? keepViewAcrossResize(editor) : undefined
  }, [editor, open])
}
