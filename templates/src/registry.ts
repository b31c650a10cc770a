/**
 * All templates, in picker order. Adding a template: write one file like path.ts and add it here
 * (docs/templates.md).
 */
import { communityTemplate } from './community'
import { pathTemplate } from './path'
import { silosTemplate } from './silos'
import { sevenKeysTemplate } from './sevenKeys'
import type { TemplateDef } from './types'

// Each definition is typed with its own section; the registry only hands sections of the matching
// type back to it (see extract.ts / import.ts), so widening here is safe.
export const templates: readonly TemplateDef[] = [
  pathTemplate as unknown as TemplateDef,
  sevenKeysTemplate as unknown as TemplateDef,
  communityTemplate as unknown as TemplateDef,
  silosTemplate as unknown as TemplateDef,
]

export type TemplateId = 'path' | '7keys' | 'community' | 'silos'
export const TEMPLATE_IDS: readonly TemplateId[] = ['path', '7keys', 'community', 'silos']

export function getTemplate(id: string): TemplateDef | undefined {
  return templates.find((t) => t.id === id)
}

/** The template that produces a given plan section (generic sections name theirs in `templateId`). */
export function templateForSection(section: { template: string; templateId?: string }): TemplateDef | undefined {
  if (section.template === 'generic') {
    return templates.find((t) => t.id === section.templateId && t.section === 'generic')
  }
  return templates.find((t) => t.section === section.template)
}
