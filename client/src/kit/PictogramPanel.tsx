/**
 * The graphic-recording kit: a panel of pictograms (person, house, heart, bus…) to put on the
 * board while people talk. Search by name or by what people call it ("home" finds the house);
 * arrow keys move between pictograms, Enter or a click puts one in the middle of the view in the
 * colour chosen for the next shape. Escape closes the panel. It stays open so a recorder can put
 * down several in a row (on a phone, where it covers half the board, it closes after each).
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react'
import { useValue, type Editor } from 'tldraw'
import { PICTOGRAM_GROUPS, pictogramPaths, searchPictograms, type Pictogram } from '@circleboard/shared'
import { insertPictogram } from './insert'
import { pictogramPanel } from './kitState'
import './kit.css'

function PictogramGlyph({ icon }: { icon: string }) {
  return (
    <svg viewBox="0 0 24 24" width="32" height="32" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round">
      {pictogramPaths(icon).map((d, i) => (
        <path key={i} d={d} />
      ))}
    </svg>
  )
}

export function PictogramPanel({ editor }: { editor: Editor | null }) {
  const open = useSyncExternalStore(pictogramPanel.subscribe, pictogramPanel.isOpen)
  const readonly = useValue('cb kit readonly', () => (editor ? editor.getIsReadonly() : true), [editor])
  const [query, setQuery] = useState('')
  const [said, setSaid] = useState('')
  const search = useRef<HTMLInputElement>(null)
  const grid = useRef<HTMLDivElement>(null)
  const found = useMemo(() => searchPictograms(query), [query])

  useEffect(() => {
    if (open) search.current?.focus()
  }, [open])
  useEffect(() => {
    if (readonly) pictogramPanel.set(false)
  }, [readonly])

  if (!open || !editor || readonly) return null

  const insert = (p: Pictogram) => {
    if (!insertPictogram(editor, p.id)) return
    setSaid(`${p.label} added to the board.`)
    // On a phone the panel is a sheet over half the board: get out of the way of what was added.
    if (window.matchMedia('(max-width: 600px)').matches) close()
  }
  const close = () => {
    pictogramPanel.set(false)
    editor.getContainer().focus()
  }
  const buttons = () => [...(grid.current?.querySelectorAll<HTMLButtonElement>('button.kit-item') ?? [])]
  const onGridKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const all = buttons()
    const i = all.indexOf(document.activeElement as HTMLButtonElement)
    if (i < 0) return
    // Columns as laid out: count the items on the first row.
    const top = all[0].offsetTop
    const cols = Math.max(1, all.filter((b) => b.offsetTop === top).length)
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, ArrowDown: i + cols, ArrowUp: i - cols, Home: 0, End: all.length - 1 }[e.key]
    if (next === undefined) return
    e.preventDefault()
    if (e.key === 'ArrowUp' && next < 0) return search.current?.focus()
    all[Math.max(0, Math.min(all.length - 1, next))]?.focus()
  }

  const grouped = query.trim()
    ? [{ group: `${found.length} found`, items: found }]
    : PICTOGRAM_GROUPS.map((g) => ({ group: g, items: found.filter((p) => p.group === g) }))

  return (
    <aside
      className="kit-panel"
      aria-label="Pictograms"
      data-testid="pictogram-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation()
          close()
        }
        // Keep typing in the panel out of tldraw's shortcuts.
        e.stopPropagation()
      }}
    >
      <div className="kit-head">
        <h2>Pictograms</h2>
        <button type="button" className="kit-close" onClick={close} aria-label="Close pictograms">
          ✕
        </button>
      </div>
      <input
        ref={search}
        type="search"
        className="kit-search"
        placeholder="Search: home, bus, money…"
        aria-label="Search pictograms"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            buttons()[0]?.focus()
          }
          if (e.key === 'Enter' && found[0]) insert(found[0])
        }}
        data-testid="pictogram-search"
      />
      <div className="kit-scroll" ref={grid} onKeyDown={onGridKey}>
        {found.length === 0 && <p className="muted">No pictogram for “{query}”. Try another word, such as “home” or “people”.</p>}
        {grouped.map(
          ({ group, items }) =>
            items.length > 0 && (
              <section key={group} aria-label={group}>
                <h3>{group}</h3>
                <div className="kit-grid">
                  {items.map((p) => (
                    <button
                      key={p.id}
                      type="button"
                      className="kit-item"
                      title={`Add ${p.label.toLowerCase()} to the board`}
                      onClick={() => insert(p)}
                      data-testid={`pictogram-${p.id}`}
                    >
                      <PictogramGlyph icon={p.id} />
                      <span>{p.label}</span>
                    </button>
                  ))}
                </div>
              </section>
            ),
        )}
      </div>
      <p className="kit-hint muted small">
        Double-click a pictogram on the board to give it a label; a labelled pictogram goes into the plan.
      </p>
      <div className="sr-only" aria-live="polite">
        {said}
      </div>
    </aside>
  )
}
