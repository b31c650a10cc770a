/**
 * Walking a placed template (step-through): which templates are on the board, the steps of one
 * (templates/src/walk.ts, fitted to its zones on the board), and the step everyone is on now.
 *
 * `walkFocus` is the one piece of shared UI state: the zones of the current step, read by the zone
 * shape (ZoneShapeUtil highlights them and dims the rest of that template) and by the plan panel.
 * It is derived from the relay's state by the board's activity layer (ActivityLayer.tsx).
 */
import { Box, computed, type Computed, type Editor, type TLShape } from 'tldraw'
import { getTemplate, placedSteps, type WalkStep } from '@circleboard/templates'
import type { FacilitationState } from '@circleboard/shared'

export interface PlacedTemplate {
  instanceId: string
  templateId: string
  /** The template's name, numbered when the board holds several of one kind ("PATH (2)"). */
  name: string
  /** Zone id → its label on the board. */
  zoneLabels: Map<string, string>
  /** Zone id → the cb-zone shape. */
  zoneShapes: Map<string, TLShape>
  pageId: string
}

export { activeBoardEditor, walkFocus, type WalkFocus } from './walkState'
import type { WalkFocus } from './walkState'

interface ZoneLike {
  id: string
  type: string
  parentId: string
  props: { templateId?: string; instanceId?: string; zoneId?: string; label?: string }
}

/**
 * Every template placed on the board, in the order first seen (page by page). Cached per editor
 * and recomputed only when shapes change (not with every cursor move of the people present).
 */
export function placedTemplates(editor: Editor): PlacedTemplate[] {
  let c = placedCache.get(editor)
  if (!c) {
    const shapes = editor.store.query.records('shape')
    c = computed('cb placed templates', () => readPlacedTemplates(editor, shapes.get()))
    placedCache.set(editor, c)
  }
  return c.get()
}

const placedCache = new WeakMap<Editor, Computed<PlacedTemplate[]>>()

function readPlacedTemplates(editor: Editor, shapes: readonly TLShape[]): PlacedTemplate[] {
  const byInstance = new Map<string, PlacedTemplate>()
  const pageOf = (s: TLShape) => editor.getAncestorPageId(s) ?? s.parentId
  for (const record of shapes) {
    const s = record as unknown as ZoneLike
    if (s.type !== 'cb-zone') continue
    const { templateId, instanceId, zoneId } = s.props
    if (!templateId || !instanceId || !zoneId) continue
    let t = byInstance.get(instanceId)
    if (!t) {
      t = { instanceId, templateId, name: getTemplate(templateId)?.name ?? templateId, zoneLabels: new Map(), zoneShapes: new Map(), pageId: pageOf(record as TLShape) }
      byInstance.set(instanceId, t)
    }
    t.zoneLabels.set(zoneId, s.props.label ?? '')
    t.zoneShapes.set(zoneId, record as TLShape)
  }
  const list = [...byInstance.values()].filter((t) => stepsOf(t).length > 0)
  const seen = new Map<string, number>()
  for (const t of list) {
    const n = (seen.get(t.name) ?? 0) + 1
    seen.set(t.name, n)
    if (n > 1) t.name = `${t.name} (${n})`
  }
  return list
}

export function stepsOf(t: PlacedTemplate): WalkStep[] {
  return placedSteps(t.templateId, t.zoneLabels)
}

export interface CurrentWalk {
  template: PlacedTemplate
  steps: WalkStep[]
  index: number
  step: WalkStep
}

/** The step the relay's state names, if that template is (still) on the board. */
export function currentWalk(editor: Editor, state: FacilitationState): CurrentWalk | null {
  if (!state.step) return null
  const template = placedTemplates(editor).find((t) => t.instanceId === state.step!.instanceId)
  if (!template) return null
  const steps = stepsOf(template)
  if (steps.length === 0) return null
  const index = Math.min(state.step.index, steps.length - 1)
  return { template, steps, index, step: steps[index] }
}

export function focusOf(walk: CurrentWalk | null): WalkFocus | null {
  if (!walk) return null
  return {
    instanceId: walk.template.instanceId,
    zoneIds: walk.step.zoneIds,
    stepZoneIds: [...new Set(walk.steps.flatMap((s) => s.zoneIds))],
  }
}

/** Page bounds of a step's zones (null when none is on the board). */
export function stepBounds(editor: Editor, walk: CurrentWalk): Box | null {
  const boxes = walk.step.zoneIds
    .map((id) => walk.template.zoneShapes.get(id))
    .map((s) => (s ? editor.getShapePageBounds(s.id) : undefined))
    .filter((b): b is Box => !!b)
  return boxes.length ? Box.Common(boxes) : null
}

/**
 * Moves this person's view to the step's zones (followers follow: it is an ordinary camera move),
 * framed in the part of the canvas below the step banner (`topInset`, screen pixels), so the banner
 * never covers the zone's heading.
 */
export function showStep(editor: Editor, walk: CurrentWalk, topInset = 0): void {
  const bounds = stepBounds(editor, walk)
  if (!bounds) return
  if (editor.getCurrentPageId() !== walk.template.pageId) editor.setCurrentPage(walk.template.pageId as never)
  const vp = editor.getViewportScreenBounds()
  const pad = 32
  const top = Math.min(topInset, vp.h * 0.45)
  const w = Math.max(50, vp.w - 2 * pad)
  const h = Math.max(50, vp.h - top - 2 * pad)
  const z = Math.max(0.05, Math.min(1, w / bounds.w, h / bounds.h))
  const x = vp.w / 2 / z - bounds.center.x
  const y = (top + pad + h / 2) / z - bounds.center.y
  editor.setCamera({ x, y, z }, { animation: { duration: editor.options.animationMediumMs } })
}
