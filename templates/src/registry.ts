/**
 * All templates, in picker order. Adding a template: write one file like path.ts and add it here
 * (docs/templates.md).
 */
import { circleOfSupportTemplate } from './circleOfSupport'
import { communitySpacesTemplate } from './communitySpaces'
import { communityTemplate } from './community'
import { connectionsTemplate } from './connections'
import { giftsTemplate } from './gifts'
import { goodDaysTemplate } from './goodDays'
import { interestToActionTemplate } from './interestToAction'
import { mapsTemplate } from './maps'
import { onePageProfileTemplate } from './onePageProfile'
import { pathTemplate } from './path'
import { silosTemplate } from './silos'
import { sevenKeysTemplate } from './sevenKeys'
import { toForWithByTemplate } from './toForWithBy'
import type { TemplateDef } from './types'

// Each definition is typed with its own section; the registry only hands sections of the matching
// type back to it (see extract.ts / import.ts), so widening here is safe.
export const templates: readonly TemplateDef[] = [
  pathTemplate as unknown as TemplateDef,
  sevenKeysTemplate as unknown as TemplateDef,
  communityTemplate as unknown as TemplateDef,
  silosTemplate as unknown as TemplateDef,
  mapsTemplate as unknown as TemplateDef,
  onePageProfileTemplate as unknown as TemplateDef,
  circleOfSupportTemplate as unknown as TemplateDef,
  connectionsTemplate as unknown as TemplateDef,
  giftsTemplate as unknown as TemplateDef,
  goodDaysTemplate as unknown as TemplateDef,
  interestToActionTemplate as unknown as TemplateDef,
  communitySpacesTemplate as unknown as TemplateDef,
  toForWithByTemplate as unknown as TemplateDef,
]

export const TEMPLATE_IDS = [
  'path',
  '7keys',
  'community',
  'silos',
  'maps',
  'onePageProfile',
  'circleOfSupport',
  'connections',
  'gifts',
  'goodDays',
  'interestToAction',
  'communitySpaces',
  'toForWithBy',
] as const
export type TemplateId = (typeof TEMPLATE_IDS)[number]

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
