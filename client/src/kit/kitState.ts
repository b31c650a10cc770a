/** Whether the pictogram panel is open (one per page; the toolbar button and Escape toggle it). */
type Listener = () => void
let open = false
const listeners = new Set<Listener>()

export const pictogramPanel = {
  isOpen: () => open,
  set(next: boolean) {
    if (next === open) return
    open = next
    listeners.forEach((l) => l())
  },
  toggle() {
    pictogramPanel.set(!open)
  },
  subscribe(l: Listener) {
    listeners.add(l)
    return () => listeners.delete(l)
  },
}
