// Record builders for tests: shapes at given page positions.
import { plainToRichText } from '@circleboard/shared'
import { makeActionCard, makeArrow, makeDocument, makeNote, makePage } from './records'
import type { ShapeRecord } from './records'
import { templateToShapes } from './place'
import type { TemplateOptions } from './types'

let n = 0
export const nextId = () => `shape:t${++n}`

/** A note whose centre is at (cx, cy) on page:page. */
export function noteAt(cx: number, cy: number, text: string, extra: Partial<ShapeRecord> = {}): ShapeRecord {
  return { ...makeNote({ id: nextId(), parentId: 'page:page', index: 'a5', x: cx - 100, y: cy - 100, text }), ...extra }
}

export function cardAt(cx: number, cy: number, action: { what: string; who?: string; when?: string; status?: 'todo' | 'doing' | 'done' }, meta: Record<string, unknown> = {}) {
  const r = makeActionCard({
    id: nextId(), parentId: 'page:page', index: 'a5', x: cx - 150, y: cy - 85,
    action: { what: action.what, who: action.who ?? '', when: action.when ?? '', status: action.status ?? 'todo' },
  })
  return { ...r, meta }
}

export function arrowFromTo(from: { x: number; y: number }, to: { x: number; y: number }, text: string) {
  return makeArrow({ id: nextId(), parentId: 'page:page', index: 'a9', from, to, text })
}

export function textAt(x: number, y: number, text: string) {
  return {
    id: nextId(), typeName: 'shape', type: 'text', x, y, rotation: 0, index: 'a5', parentId: 'page:page', isLocked: false, opacity: 1,
    props: { color: 'black', size: 'm', font: 'draw', textAlign: 'start', w: 8, richText: plainToRichText(text), scale: 1, autoSize: true },
    meta: {},
  }
}

/** A board with one template at (x, y) and a lookup of zone page rectangles. */
export function board(templateId: string, opts: { x?: number; y?: number; instanceId?: string; options?: TemplateOptions } = {}) {
  const zones = templateToShapes(templateId, {
    x: opts.x ?? 0, y: opts.y ?? 0, instanceId: opts.instanceId ?? 'i1', parentId: 'page:page', options: opts.options,
  })
  const zone = (zoneId: string) => {
    const z = zones.find((s) => s.props.zoneId === zoneId)
    if (!z) throw new Error(`no zone ${zoneId}`)
    return { x: z.x, y: z.y, w: z.props.w, h: z.props.h, cx: z.x + z.props.w / 2, cy: z.y + z.props.h / 2 }
  }
  return { records: [makeDocument({ name: 'Test board' }), makePage(), ...zones] as unknown[], zone, zones }
}
