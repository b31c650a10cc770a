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
/** A new card's size: room for a short sentence, a name and a date at 100% zoom. */
export const ACTION_CARD_SIZE = { w: 300, h: 170 } as const
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
    return { ...ACTION_CARD_SIZE, what: '', who: '', when: '', status: 'todo' }
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
    const field = (name: 'what' | 'who' | 'when', label: string, placeholder: string) => (
      <label style={{ display: 'flex', alignItems: 'center', gap: 6 * scale, fontSize: 15 * scale, fontWeight: 600, color: '#4b5563' }}>
        {name !== 'what' && <span style={{ width: 70 * scale, flex: 'none', whiteSpace: 'nowrap' }}>{label}</span>}
        <input
          aria-label={label}
          value={shape.props[name]}
          placeholder={placeholder}
          // Double-click or Enter on a card: type straight away into "what".
          autoFocus={name === 'what'}
          onFocus={(e) => name === 'what' && e.currentTarget.select()}
          onChange={(e: ChangeEvent<HTMLInputElement>) => update({ [name]: e.target.value })}
          onPointerDown={stopEventPropagation}
          onKeyDown={(e) => {
            // Keep typing out of tldraw's shortcuts; Escape/Enter finish editing as usual.
            if (e.key === 'Escape' || e.key === 'Enter') this.editor.complete()
            e.stopPropagation()
          }}
          style={{
            flex: 1,
            minWidth: 0,
            font: 'inherit',
            fontWeight: name === 'what' ? 600 : 400,
            color: '#1f2937',
            fontSize: name === 'what' ? 20 * scale : 17 * scale,
            padding: `${2 * scale}px ${5 * scale}px`,
            border: `${1 * scale}px solid #9ca3af`,
            borderRadius: 5 * scale,
            boxSizing: 'border-box',
          }}
        />
      </label>
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
            {field('what', 'What', 'What will happen?')}
            {field('who', 'Who', 'Name(s)')}
            {field('when', 'By when', 'e.g. Friday, 15 Jan')}
            <button
              onPointerDown={stopEventPropagation}
              onClick={() => update({ status: nextStatus(status) })}
              aria-label={`Status: ${STATUS_LABEL[status]}. Change to ${STATUS_LABEL[nextStatus(status)]}`}
              style={{
                fontSize: 15 * scale,
                alignSelf: 'flex-start',
                padding: `${2 * scale}px ${10 * scale}px`,
                borderRadius: 999,
                border: `${2 * scale}px solid ${STATUS_EDGE[status]}`,
                background: '#fff',
                color: '#1f2937',
                fontWeight: 600,
              }}
            >
              {STATUS_LABEL[status]} → {STATUS_LABEL[nextStatus(status)]}
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
            <div style={{ fontSize: 19 * scale, overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }}>
              <span style={{ color: '#6b7280', fontSize: 15 * scale, fontWeight: 600 }}>WHO </span>
              {who || <span style={{ color: '#9ca3af' }}>?</span>}
            </div>
            <div style={{ fontSize: 19 * scale, display: 'flex', justifyContent: 'space-between', gap: 6 * scale }}>
              <span style={{ overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }}>
                <span style={{ color: '#6b7280', fontSize: 15 * scale, fontWeight: 600 }}>BY </span>
                {when || <span style={{ color: '#9ca3af' }}>?</span>}
              </span>
              <StatusBadge
                status={status}
                scale={scale}
                // One click on the badge moves the action on, without opening the card.
                onCycle={this.editor.getIsReadonly() ? undefined : () => {
                  this.editor.markHistoryStoppingPoint('action status')
                  update({ status: nextStatus(status) })
                }}
              />
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

function StatusBadge({ status, scale, onCycle }: { status: ActionShape['props']['status']; scale: number; onCycle?: () => void }) {
  const style = {
    fontSize: 15 * scale,
    fontWeight: 600,
    color: STATUS_EDGE[status],
    flex: 'none',
  } as const
  if (!onCycle) return <span style={style}>{STATUS_LABEL[status]}</span>
  return (
    <button
      type="button"
      data-testid="action-card-status"
      title={`Change to ${STATUS_LABEL[nextStatus(status)]}`}
      aria-label={`Status: ${STATUS_LABEL[status]}. Change to ${STATUS_LABEL[nextStatus(status)]}`}
      onPointerDown={stopEventPropagation}
      onClick={onCycle}
      style={{
        ...style,
        pointerEvents: 'all',
        cursor: 'pointer',
        background: '#fff',
        border: `${2 * scale}px solid ${STATUS_EDGE[status]}`,
        borderRadius: 999,
        padding: `${1 * scale}px ${8 * scale}px`,
        lineHeight: 1.2,
      }}
    >
      {STATUS_LABEL[status]}
    </button>
  )
}
