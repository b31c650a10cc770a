import { describe, expect, it } from 'vitest'
import { templates, type TemplateDef } from '@circleboard/templates'
import { galleryGroups } from './TemplatePicker'

const fake = (id: string, name: string, description: string, group?: TemplateDef['group']) =>
  ({ ...(templates[0] as TemplateDef), id, name, description, group }) as TemplateDef

describe('the template gallery', () => {
  it('groups every registered template, in the gallery order', () => {
    const groups = galleryGroups(templates as TemplateDef[], '')
    expect(groups.map((g) => g.label)).toEqual(['Planning with a person', 'Strengths and connections', 'Community and services'])
    expect(groups.flatMap((g) => g.templates).length).toBe(templates.length)
    expect(groups[0].templates.map((t) => t.id)).toContain('path')
  })

  it('searches names and descriptions, ignoring case and accents', () => {
    const all = [fake('a', 'Café map', 'Where we meet', 'community'), fake('b', 'Gifts', 'Head, heart and hands', 'strengths'), fake('c', 'Odd one', 'No group')]
    expect(galleryGroups(all, 'CAFE').flatMap((g) => g.templates.map((t) => t.id))).toEqual(['a'])
    expect(galleryGroups(all, 'heart hands').flatMap((g) => g.templates.map((t) => t.id))).toEqual(['b'])
    expect(galleryGroups(all, 'zzz')).toEqual([])
    // A template that names no group is still offered, under "More".
    expect(galleryGroups(all, '').at(-1)).toMatchObject({ label: 'More', templates: [{ id: 'c' }] })
  })
})
