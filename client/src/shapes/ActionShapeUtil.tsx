/**
 * cb-action: an action card (what / who / by when / status), the structured alternative to writing
 * `Call Sam @Liz by Friday` on a sticky. Double-click (or Enter) to edit: three plain inputs and a
 * status button. Plain inputs on purpose: robust on touch screens, no rich text to parse later.
 */
import { BaseBoxShapeUtil, HTMLContainer, stopEventPropagation, useValue } from 'tldraw'
import type { ChangeEvent } from 'react'
import { actionShapeMigrations, actionShapeProps } from './props'
import type { ActionShape } from './props'

export const ACTION_STATUS_ORDER = ['todo', 'doing', 'done'] as const
const STATUS_LABEL = { todo: 'To do', doing: 'Doing', done: 'Done ✓' } as const
const STATUS_BG = { todo: '#fff8db', doing: '#e0efff', done: '#dff5e3' } as const
const STATUS_EDGE = { todo: '#e0b400', doing: '#3b82f6', done: '#16a34a' } as const

export function nextStatus(s: ActionShape['props']['status']): ActionShape['props']['status'] {
  return ACTION_STATUS_ORDER[(ACTION_STATUS_ORDER.indexOf(s) + 1) % ACTION_STATUS_ORDER.length]
}

export class ActionShapeUtil extends BaseBoxShapeUtil<ActionShape> {
  static override type = 'cb-action' as const
  static override props = actionShapeProps
  static override migrations = actionShapeMigrations

  override getDefaultProps(): ActionShape['props'] {
    return { w: 300, h: 170, what: '', who: '', when: '', status: 'todo' }
  }

  override canEdit = () => true

  override getText(shape: ActionShape): string {
    const { what, who, when } = shape.props
    return [what, who && `@${who}`, when && `by ${when}`].filter(Boolean).join(' ')
  }

  override component(shape: ActionShape) {
    const { w, h, what, who, when, status } = shape.props
    const isEditing = useValue('cb-action editing', () => this.editor.getEditingShapeId() === shape.id, [this.editor, shape.id])
    const scale = Math.max(0.2, Math.min(w / 300, h / 170))
    const update = (patch: Partial<ActionShape['props']>) =>
      this.editor.updateShape<ActionShape>({ id: shape.id, type: 'cb-action', props: patch })
    const field = (name: 'what' | 'who' | 'when', placeholder: string) => (
      <input
        aria-label={placeholder}
        value={shape.props[name]}
        placeholder={placeholder}
        onChange={(e: ChangeEvent<HTMLInputElement>) => update({ [name]: e.target.value })}
        onPointerDown={stopEventPropagation}
        onKeyDown={(e) => {
          // Keep typing out of tldraw's shortcuts; Escape/Enter finish editing as usual.
          if (e.key === 'Escape' || e.key === 'Enter') this.editor.complete()
          e.stopPropagation()
        }}
        style={{ width: '100%', font: 'inherit', fontSize: name === 'what' ? 22 * scale : 18 * scale, padding: 2 * scale, boxSizing: 'border-box' }}
      />
    )
    return (
      <HTMLContainer
        style={{
          width: w,
          height: h,
          pointerEvents: isEditing ? 'all' : 'none',
          background: STATUS_BG[status],
          border: `${3 * scale}px solid ${STATUS_EDGE[status]}`,
          borderRadius: 10 * scale,
          boxShadow: '0 2px 6px rgba(0,0,0,.18)',
          boxSizing: 'border-box',
          padding: 10 * scale,
          fontFamily: 'system-ui, sans-serif',
          color: '#1f2937',
          display: 'flex',
          flexDirection: 'column',
          gap: 4 * scale,
          overflow: 'hidden',
        }}
      >
        {isEditing ? (
          <>
            {field('what', 'What')}
            {field('who', 'Who')}
            {field('when', 'By when')}
            <button
              onPointerDown={stopEventPropagation}
              onClick={() => update({ status: nextStatus(status) })}
              style={{ fontSize: 16 * scale, alignSelf: 'flex-start' }}
            >
              {STATUS_LABEL[status]}
            </button>
          </>
        ) : (
          <>
            <div
              style={{
                fontSize: 24 * scale,
                fontWeight: 600,
                lineHeight: 1.15,
                textDecoration: status === 'done' ? 'line-through' : undefined,
                overflowWrap: 'anywhere',
                flex: 1,
                overflow: 'hidden',
              }}
            >
              {what || <span style={{ color: '#9ca3af' }}>What?</span>}
            </div>
            <div style={{ fontSize: 19 * scale }}>👤 {who || <span style={{ color: '#9ca3af' }}>who?</span>}</div>
            <div style={{ fontSize: 19 * scale, display: 'flex', justifyContent: 'space-between' }}>
              <span>📅 {when || <span style={{ color: '#9ca3af' }}>by when?</span>}</span>
              <span style={{ fontSize: 15 * scale, fontWeight: 600, color: STATUS_EDGE[status] }}>{STATUS_LABEL[status]}</span>
            </div>
          </>
        )}
      </HTMLContainer>
    )
  }

  override indicator(shape: ActionShape) {
    return <rect width={shape.props.w} height={shape.props.h} rx={10} ry={10} />
  }
}
