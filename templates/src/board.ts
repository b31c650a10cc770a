/**
 * Whole boards as records, without a browser: a new board with one template (CLI `template`), and a
 * board built from a plan (CLI / server-side import). Both come with the schema they are written in.
 */
import { serializeBoardFile } from '@circleboard/shared'
import type { Plan } from '@circleboard/shared'
import { planToBoard } from './import'
import type { PlanToBoardOptions } from './import'
import { DEFAULT_PAGE_ID, makeDocument, makePage } from './records'
import { getTemplate } from './registry'
import { templateToShapes } from './place'
import type { TemplateOptions } from './types'
import { CIRCLEBOARD_SCHEMA } from './schemaSnapshot'

/**
 * The records of a new board holding one template instance at 0,0 on 'page:page': document, page
 * and the zones, exactly as the app would insert them.
 */
export function newTemplateBoardRecords(
  templateId: string,
  opts: { name?: string; instanceId?: string; options?: TemplateOptions; sessionDate?: string; reviewDate?: string } = {},
) {
  const def = getTemplate(templateId)
  if (!def) throw new Error(`Unknown template "${templateId}". Known: path, 7keys, community, silos.`)
  return [
    makeDocument({ name: opts.name ?? def.name, sessionDate: opts.sessionDate, reviewDate: opts.reviewDate }),
    makePage({ id: DEFAULT_PAGE_ID }),
    ...templateToShapes(templateId, {
      x: 0,
      y: 0,
      instanceId: opts.instanceId ?? 'main',
      parentId: DEFAULT_PAGE_ID,
      options: opts.options,
    }),
  ]
}

/** `.circleboard` file text for a new board with one template. */
export function templateBoardFile(
  templateId: string,
  opts: { name?: string; instanceId?: string; options?: TemplateOptions; savedAt?: Date } = {},
): string {
  const records = newTemplateBoardRecords(templateId, opts)
  const name = opts.name ?? getTemplate(templateId)!.name
  return serializeBoardFile({ name, schema: CIRCLEBOARD_SCHEMA, records, savedAt: opts.savedAt })
}

/** `.circleboard` file text for a board showing a plan (see planToBoard). */
export function planBoardFile(plan: Plan, opts: PlanToBoardOptions & { savedAt?: Date } = {}): { text: string; warnings: string[] } {
  const { records, warnings } = planToBoard(plan, { ...opts, withDocumentAndPage: true })
  return {
    text: serializeBoardFile({ name: plan.board.name, schema: CIRCLEBOARD_SCHEMA, records, savedAt: opts.savedAt }),
    warnings,
  }
}
