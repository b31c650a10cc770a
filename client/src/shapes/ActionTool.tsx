/**
 * The "Action" tool: puts an action card (what / who / by when / status) on the board, the
 * structured alternative to writing `Call Sam @Liz by Friday` on a sticky.
 * - Pointer: pick the tool (toolbar, or C), click where the card goes.
 * - Keyboard: C, then Enter: a card in the middle of the view, the caret in "What"; Tab moves to
 *   "Who" and "By when", Enter or Escape finishes.
 * - Shift+S (or the context menu) moves the selected action on: to do → doing → done, for a card
 *   or for a sticky in an actions zone. The card's own status badge does the same on click.
 */
import {
  DefaultContextMenu,
  DefaultContextMenuContent,
  DefaultToolbar,
  DefaultToolbarContent,
  StateNode,
  TldrawUiMenuGroup,
  TldrawUiMenuItem,
  ToolbarItem,
  createShapeId,
  useActions,
  useEditor,
  atom,
  useValue,
  type Editor,
  type TLComponents,
  type TLKeyboardEventInfo,
  type TLShape,
  type TLUiContextMenuProps,
  type TLUiOverrides,
  type VecLike,
} from 'tldraw'
import { useEffect } from 'react'
import { loadPart } from '../board/loadPart'
import { ACTION_CARD_SIZE } from './ActionShapeUtil'
import { PICTOGRAMS_TOOL_ID } from '../kit/kitUi'

export const ACTION_TOOL_ID = 'cb-action'
const CYCLE_ACTION_ID = 'cb-cycle-status'

/**
 * Reading and writing an action's status (plan/actionStatus.ts, with the action-text parser) is
 * loaded just after the board's first paint, not in it (issue 13, item 6): the toolbar asks for it
 * once mounted; Shift+S and the context menu wait for it if it is not there yet.
 */
type ActionStatusModule = typeof import('../plan/actionStatus')
const $actionStatus = atom<ActionStatusModule | null>('cb action status module', null)
let loadingStatus: Promise<ActionStatusModule> | null = null
function loadActionStatus(): Promise<ActionStatusModule> {
  loadingStatus ??= loadPart(() => import('../plan/actionStatus')).then(
    (m) => {
      $actionStatus.set(m)
      return m
    },
    (e: unknown) => {
      loadingStatus = null
      throw e
    },
  )
  return loadingStatus
}
const warn = (e: unknown) => console.warn('[circleboard] action status not loaded', e)

/** Creates an empty action card centred on `at` and puts the caret in its "What" field. */
export function createActionCard(editor: Editor, at: VecLike): TLShape | undefined {
  if (editor.getIsReadonly()) return undefined
  const id = createShapeId()
  editor.markHistoryStoppingPoint('create action card')
  editor.createShape({ id, type: 'cb-action', x: at.x - ACTION_CARD_SIZE.w / 2, y: at.y - ACTION_CARD_SIZE.h / 2 })
  const shape = editor.getShape(id)
  if (!shape) return undefined
  editor.select(id)
  editor.setEditingShape(id)
  editor.setCurrentTool('select.editing_shape', { target: 'shape', shape })
  return shape
}

export class ActionTool extends StateNode {
  static override id = ACTION_TOOL_ID

  override onEnter() {
    this.editor.setCursor({ type: 'cross', rotation: 0 })
  }

  private pressed = false

  override onPointerDown() {
    this.pressed = true
  }

  // On release, like the note tool: editing that starts on press loses the caret to the release.
  override onPointerUp() {
    if (!this.pressed) return
    this.pressed = false
    createActionCard(this.editor, this.editor.inputs.originPagePoint)
  }

  override onKeyDown(info: TLKeyboardEventInfo) {
    if (info.key !== 'Enter') return
    const editor = this.editor
    const centre = editor.getViewportPageBounds().center
    const card = createActionCard(editor, centre)
    // Typing into a card at 20% zoom is guesswork: bring it to a readable size.
    if (card && editor.getZoomLevel() < 0.7) {
      const b = editor.getShapePageBounds(card.id)
      if (b) editor.zoomToBounds(b.clone().expandBy(200), { targetZoom: 1 })
    }
  }

  override onCancel() {
    this.editor.setCurrentTool('select')
  }
}

/** The one selected shape, when it is an action whose status can be moved on. */
function cyclableSelection(editor: Editor, { shapeActionStatus }: ActionStatusModule): string | undefined {
  const only = editor.getOnlySelectedShape()
  if (!only) return undefined
  if (only.type === 'cb-action') return only.id
  if (!shapeActionStatus(editor, only.id)) return undefined
  // A sticky is an action when it sits in an actions zone (the innermost zone at its centre).
  const b = editor.getShapePageBounds(only.id)
  if (!b) return undefined
  const zone = editor
    .getShapesAtPoint(b.center, { hitInside: true })
    .filter((s) => s.type === 'cb-zone')
    .map((s) => ({ s, b: editor.getShapePageBounds(s.id) }))
    .sort((x, y) => (x.b ? x.b.w * x.b.h : 0) - (y.b ? y.b.w * y.b.h : 0))[0]
  return zone && (zone.s.props as { kind?: string }).kind === 'actions' ? only.id : undefined
}

export const actionUiOverrides: TLUiOverrides = {
  tools(editor, tools) {
    tools[ACTION_TOOL_ID] = {
      id: ACTION_TOOL_ID,
      label: 'cb.tool.action' as never,
      icon: 'geo-check-box',
      kbd: 'c',
      onSelect() {
        editor.setCurrentTool(ACTION_TOOL_ID)
      },
    }
    return tools
  },
  actions(editor, actions) {
    actions[CYCLE_ACTION_ID] = {
      id: CYCLE_ACTION_ID,
      label: 'cb.action.cycle-status' as never,
      kbd: 'shift+s',
      onSelect() {
        void loadActionStatus().then((m) => {
          const id = cyclableSelection(editor, m)
          if (id) m.cycleActionStatus(editor, id)
        }, warn)
      },
    }
    return actions
  },
  translations: {
    en: {
      'cb.tool.action': 'Action card',
      'cb.action.cycle-status': 'Change action status',
    },
  },
}

function ActionToolbar() {
  useEffect(() => {
    const t = setTimeout(() => void loadActionStatus().catch(warn), 300)
    return () => clearTimeout(t)
  }, [])
  return (
    <DefaultToolbar>
      <ToolbarItem tool={ACTION_TOOL_ID} />
      <ToolbarItem tool={PICTOGRAMS_TOOL_ID} />
      <DefaultToolbarContent />
    </DefaultToolbar>
  )
}

function ActionContextMenu(props: TLUiContextMenuProps) {
  const editor = useEditor()
  const actions = useActions()
  const canCycle = useValue('cb can cycle status', () => {
    const m = $actionStatus.get()
    return !!m && !editor.getIsReadonly() && !!cyclableSelection(editor, m)
  }, [editor])
  useEffect(() => void loadActionStatus().catch(warn), [])
  return (
    <DefaultContextMenu {...props}>
      {canCycle && (
        <TldrawUiMenuGroup id="cb-action-status">
          <TldrawUiMenuItem {...(actions[CYCLE_ACTION_ID] as unknown as Parameters<typeof TldrawUiMenuItem>[0])} />
        </TldrawUiMenuGroup>
      )}
      <DefaultContextMenuContent />
    </DefaultContextMenu>
  )
}

export const actionComponents: TLComponents = { Toolbar: ActionToolbar, ContextMenu: ActionContextMenu }
export const actionTools = [ActionTool]
