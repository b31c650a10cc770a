/**
 * The facilitator's controls: lock, bring everyone along, the timer, removing a template. Shown
 * only to connections the relay made facilitator (the relay refuses these commands from anyone
 * else anyway). In the bar on wide screens; inside the Tools sheet below 900 px.
 */
import { useMemo, useState } from 'react'
import { useValue, type Editor, type TLShape, type TLShapeId } from 'tldraw'
import { FACILITATION_LIMITS, timerRemainingMs } from '@circleboard/shared'
import { getTemplate } from '@circleboard/templates'
import { usePopover } from '../plan/popover'
import { useFacilitation } from './hooks'
import { shapesCreatedBy, ZONE_TYPE } from './lockGuard'
import { formatRemaining } from './timer'
import { saveBeforeBulkChange } from '../versions/autoVersion'
import { showToast } from './toast'
import { ActivitySections } from './ActivitySections'

const PRESETS = [1, 3, 5, 10, 15]

export interface PlacedTemplate {
  instanceId: string
  name: string
  zoneIds: TLShapeId[]
}

/** The templates placed on the current page, one entry per instance, in reading order. */
export function placedTemplates(shapes: TLShape[]): PlacedTemplate[] {
  const byInstance = new Map<string, PlacedTemplate & { x: number; y: number }>()
  for (const s of shapes) {
    if (s.type !== ZONE_TYPE) continue
    const { instanceId, templateId } = s.props as { instanceId: string; templateId: string }
    const entry = byInstance.get(instanceId)
    if (entry) {
      entry.zoneIds.push(s.id)
      entry.x = Math.min(entry.x, s.x)
      entry.y = Math.min(entry.y, s.y)
    } else {
      byInstance.set(instanceId, { instanceId, name: getTemplate(templateId)?.name ?? templateId, zoneIds: [s.id], x: s.x, y: s.y })
    }
  }
  const list = [...byInstance.values()].sort((a, b) => a.x - b.x || a.y - b.y)
  // Two of the same kind: number them so the choice is clear.
  const counts = new Map<string, number>()
  for (const t of list) counts.set(t.name, (counts.get(t.name) ?? 0) + 1)
  const seen = new Map<string, number>()
  return list.map(({ instanceId, name, zoneIds }) => {
    const n = (seen.get(name) ?? 0) + 1
    seen.set(name, n)
    return { instanceId, name: (counts.get(name) ?? 0) > 1 ? `${name} (${n})` : name, zoneIds }
  })
}

/** Shapes whose centre lies on one of the template's zones (what people wrote on it). */
export function shapesOnTemplate(editor: Editor, t: PlacedTemplate): TLShapeId[] {
  const zones = new Set(t.zoneIds)
  const out: TLShapeId[] = []
  for (const s of editor.getCurrentPageShapes()) {
    if (zones.has(s.id) || s.type === ZONE_TYPE || s.parentId !== editor.getCurrentPageId()) continue
    const b = editor.getShapePageBounds(s)
    if (!b) continue
    if (t.zoneIds.some((z) => editor.isPointInShape(z, b.center, { hitInside: true, margin: 0 }))) out.push(s.id)
  }
  return out
}

/** Removes a template's zones (and, if asked, what is on it) in one undoable step. */
export function removeTemplate(editor: Editor, t: PlacedTemplate, withNotes: boolean): number {
  const notes = withNotes ? shapesOnTemplate(editor, t) : []
  editor.markHistoryStoppingPoint('remove template')
  editor.run(() => editor.deleteShapes([...t.zoneIds, ...notes]), { ignoreShapeLock: true })
  return notes.length
}

export function FacilitateMenu({ editor, userId, userName }: { editor: Editor | null; userId: string; userName: string }) {
  const { handle, role, state, live } = useFacilitation()
  const { open, setOpen, root, button, popover } = usePopover()
  const [lockMine, setLockMine] = useState(state.lock.ids.length > 0)
  const [custom, setCustom] = useState('')
  const [removing, setRemoving] = useState<PlacedTemplate | null>(null)
  const [removeChoice, setRemoveChoice] = useState('')
  const zoneRecords = useValue(
    'cb placed zones',
    () => (editor ? editor.getCurrentPageShapes().filter((s) => s.type === ZONE_TYPE) : []),
    [editor]
  )
  const placed = useMemo(() => placedTemplates(zoneRecords), [zoneRecords])

  if (role !== 'facilitator') return null

  const lockIds = (mine: boolean) =>
    mine && editor ? shapesCreatedBy(editor.store.allRecords().filter((r): r is TLShape => r.typeName === 'shape'), userId, FACILITATION_LIMITS.maxLockedIds) : []
  const lock = (zones: boolean, mine = lockMine) => handle.send({ kind: 'lock', zones, ids: zones ? lockIds(mine) : [] })
  const followingMe = state.follow?.userId === userId
  const timer = state.timer
  const startTimer = (minutes: number) => {
    if (!(minutes > 0)) return
    handle.send({ kind: 'timer', action: 'start', ms: Math.min(FACILITATION_LIMITS.maxTimerMs, Math.round(minutes * 60_000)) })
  }
  const chosen = removing ?? placed.find((p) => p.instanceId === removeChoice) ?? null

  return (
    <div className="device-menu fac-menu" ref={root}>
      <button
        ref={button}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen(!open)}
        data-testid="facilitate-menu"
      >
        Facilitate <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="popover fac-popover" ref={popover} role="dialog" aria-label="Facilitate" data-testid="facilitate-panel">
          {!live && <p className="fac-offline">Not connected to the relay: these controls work again when the connection is back.</p>}

          <section className="fac-section" aria-labelledby="fac-lock">
            <h3 id="fac-lock">Lock</h3>
            <p className="muted small" data-testid="lock-status">
              {state.lock.zones
                ? `Template zones are locked for participants${state.lock.ids.length ? `, with ${state.lock.ids.length} thing${state.lock.ids.length === 1 ? '' : 's'} you drew` : ''}.`
                : 'Participants can move and delete template zones.'}
            </p>
            <div className="row">
              {state.lock.zones ? (
                <button onClick={() => lock(false)} disabled={!live} data-testid="unlock-zones">
                  Unlock
                </button>
              ) : (
                <button onClick={() => lock(true)} disabled={!live} data-testid="lock-zones">
                  Lock template zones
                </button>
              )}
            </div>
            <label className="inline-label">
              <input
                type="checkbox"
                checked={lockMine}
                onChange={(e) => {
                  setLockMine(e.target.checked)
                  if (state.lock.zones) lock(true, e.target.checked)
                }}
                data-testid="lock-mine"
              />
              Also lock what I drew
            </label>
          </section>

          <section className="fac-section" aria-labelledby="fac-along">
            <h3 id="fac-along">Bring everyone along</h3>
            <div className="row">
              <button
                disabled={!live || !editor}
                data-testid="summon"
                onClick={() => {
                  if (!editor) return
                  const b = editor.getViewportPageBounds()
                  handle.send({ kind: 'summon', userId, name: userName, pageId: editor.getCurrentPageId(), bounds: { x: b.x, y: b.y, w: b.w, h: b.h } })
                  showToast('Everyone now sees what you see.')
                }}
              >
                Bring everyone to me
              </button>
              <button
                aria-pressed={followingMe}
                disabled={!live}
                data-testid="follow-me"
                onClick={() => handle.send({ kind: 'follow', on: !followingMe, userId, name: userName })}
              >
                {followingMe ? 'Stop everyone following me' : 'Everyone follow me'}
              </button>
            </div>
            {state.follow && !followingMe && <p className="muted small">Everyone is following {state.follow.name}.</p>}
          </section>

          <section className="fac-section" aria-labelledby="fac-timer">
            <h3 id="fac-timer">Timer</h3>
            {timer.status === 'idle' ? (
              <>
                <div className="fac-presets" role="group" aria-label="Start a timer">
                  {PRESETS.map((m) => (
                    <button key={m} disabled={!live} onClick={() => startTimer(m)} data-testid={`timer-start-${m}`}>
                      {m} min
                    </button>
                  ))}
                </div>
                <form
                  className="row"
                  onSubmit={(e) => {
                    e.preventDefault()
                    startTimer(Number(custom.replace(',', '.')))
                    setCustom('')
                  }}
                >
                  <label className="inline-label">
                    <input
                      className="fac-minutes"
                      inputMode="decimal"
                      aria-label="Minutes"
                      placeholder="20"
                      value={custom}
                      onChange={(e) => setCustom(e.target.value.replace(/[^0-9.,]/g, '').slice(0, 5))}
                      data-testid="timer-custom"
                    />
                    min
                  </label>
                  <button type="submit" disabled={!live || !(Number(custom.replace(',', '.')) > 0)} data-testid="timer-start-custom">
                    Start
                  </button>
                </form>
              </>
            ) : (
              <>
                <p className="muted small" data-testid="timer-status">
                  {timer.status === 'paused' ? 'Paused at' : 'Running:'} {formatRemaining(timerRemainingMs(timer, handle.relayNow()))} of {formatRemaining(timer.durationMs)}
                </p>
                <div className="row">
                  {timer.status === 'running' ? (
                    <button disabled={!live} onClick={() => handle.send({ kind: 'timer', action: 'pause' })} data-testid="timer-pause">
                      Pause
                    </button>
                  ) : (
                    <button disabled={!live} onClick={() => handle.send({ kind: 'timer', action: 'resume' })} data-testid="timer-resume">
                      Resume
                    </button>
                  )}
                  <button disabled={!live} onClick={() => handle.send({ kind: 'timer', action: 'add', ms: 60_000 })} data-testid="timer-add">
                    +1 min
                  </button>
                  <button disabled={!live} onClick={() => handle.send({ kind: 'timer', action: 'reset' })} data-testid="timer-reset">
                    Reset
                  </button>
                </div>
              </>
            )}
          </section>

          <ActivitySections editor={editor} live={live} onDone={() => setOpen(false)} />

          <section className="fac-section" aria-labelledby="fac-remove">
            <h3 id="fac-remove">Remove a template</h3>
            {placed.length === 0 ? (
              <p className="muted small">No template on this page.</p>
            ) : !removing ? (
              <div className="row">
                <select aria-label="Template to remove" value={removeChoice} onChange={(e) => setRemoveChoice(e.target.value)} data-testid="remove-template-choice">
                  <option value="">Choose a template…</option>
                  {placed.map((p) => (
                    <option key={p.instanceId} value={p.instanceId}>
                      {p.name}
                    </option>
                  ))}
                </select>
                <button disabled={!chosen || !editor} onClick={() => setRemoving(chosen)} data-testid="remove-template">
                  Remove…
                </button>
              </div>
            ) : (
              <div className="fac-confirm" role="group" aria-label={`Remove ${removing.name}`}>
                <p>
                  Remove <strong>{removing.name}</strong>. What happens to the notes on it?
                </p>
                <div className="fac-confirm-buttons">
                  {(['keep', 'delete'] as const).map((how) => (
                    <button
                      key={how}
                      className={how === 'delete' ? 'danger-button' : undefined}
                      data-testid={how === 'keep' ? 'remove-keep-notes' : 'remove-delete-notes'}
                      onClick={async () => {
                        if (!editor) return
                        // The board as it was is kept in the history first (versions/autoVersion.ts).
                        if (!(await saveBeforeBulkChange('before-remove-template'))) return
                        if (editor.isDisposed) return
                        const n = removeTemplate(editor, removing, how === 'delete')
                        showToast(
                          how === 'keep'
                            ? `${removing.name} removed; the notes stay on the board. Undo (Ctrl+Z) brings it back.`
                            : `${removing.name} removed with ${n} note${n === 1 ? '' : 's'}. Undo (Ctrl+Z) brings them back.`
                        )
                        setRemoving(null)
                        setRemoveChoice('')
                      }}
                    >
                      {how === 'keep' ? 'Keep the notes on the board' : 'Delete the notes too'}
                    </button>
                  ))}
                  <button onClick={() => setRemoving(null)} data-testid="remove-cancel">
                    Cancel
                  </button>
                </div>
              </div>
            )}
          </section>
        </div>
      )}
    </div>
  )
}
