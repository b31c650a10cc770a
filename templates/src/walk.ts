/**
 * Walking a template: the order a facilitator takes the room through a method's zones. Each
 * template states its steps as data (`TemplateDef.steps`, in its own file); this module reads them
 * for a template placed on a board.
 *
 * The order is the method's own (DOMAIN.md): PATH 1 → 8; 7 Keys the person, then key by key;
 * community strength the rings from the person outwards, then bumping spaces, the treasure chest,
 * share/swap/give and connections; silos column by column, then bridges.
 */
import { getTemplate } from './registry'
import type { TemplateOptions, WalkStep } from './types'

/** The method's steps for a template (empty for a template without a walk). */
export function templateSteps(templateId: string, options?: TemplateOptions): WalkStep[] {
  return getTemplate(templateId)?.steps?.(options) ?? []
}

/**
 * The steps of a placed template, given its zones on the board (id → current label): zones the
 * board lacks are left out, steps left with nothing are dropped, and a silo step takes the column's
 * name as written on the board.
 */
export function placedSteps(templateId: string, zoneLabels: ReadonlyMap<string, string>): WalkStep[] {
  const silos = [...zoneLabels.keys()].map((id) => Number(/^silo(\d+)$/.exec(id)?.[1] ?? 0))
  const rows = [...zoneLabels.keys()].map((id) => Number(/^row(\d+)\./.exec(id)?.[1] ?? 0))
  const options: TemplateOptions | undefined =
    templateId === 'silos' ? { count: Math.max(1, ...silos) } : templateId === 'interestToAction' ? { count: Math.max(1, ...rows) } : undefined
  return templateSteps(templateId, options)
    .map((s) => {
      const zoneIds = s.zoneIds.filter((id) => zoneLabels.has(id))
      const column = templateId === 'silos' && /^silo\d+$/.test(s.zoneIds[0] ?? '')
      const title = column ? zoneLabels.get(s.zoneIds[0])?.trim() || s.title : s.title
      return { ...s, title, zoneIds }
    })
    .filter((s) => s.zoneIds.length > 0)
}
