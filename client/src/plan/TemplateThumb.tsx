/**
 * A small picture of a template for the gallery, drawn from its own zones (outlines and colours),
 * so a template added as one file gets its picture without anyone drawing one.
 */
import { useMemo } from 'react'
import { zoneOutline, type TemplateDef } from '@circleboard/templates'
import { safeColor } from '../shapes'

export function TemplateThumb({ template, width = 120, height = 76 }: { template: TemplateDef; width?: number; height?: number }) {
  const drawn = useMemo(() => {
    const zones = template.zones()
    if (!zones.length) return null
    const minX = Math.min(...zones.map((z) => z.x))
    const minY = Math.min(...zones.map((z) => z.y))
    const maxX = Math.max(...zones.map((z) => z.x + z.w))
    const maxY = Math.max(...zones.map((z) => z.y + z.h))
    const pad = Math.max(maxX - minX, maxY - minY) * 0.03
    const viewBox = `${minX - pad} ${minY - pad} ${maxX - minX + 2 * pad} ${maxY - minY + 2 * pad}`
    const stroke = Math.max(maxX - minX, maxY - minY) / 150
    const shapes = zones.map((z) => {
      const fill = safeColor(z.color)
      const line = safeColor(z.accent ?? '#6b7280', '#6b7280')
      const common = { fill, stroke: line, strokeWidth: stroke, strokeDasharray: z.kind === 'actions' ? `${stroke * 3} ${stroke * 2}` : undefined }
      if (z.geometry === 'ellipse') return <ellipse key={z.id} cx={z.x + z.w / 2} cy={z.y + z.h / 2} rx={z.w / 2} ry={z.h / 2} {...common} />
      const outline = zoneOutline(z.geometry, z.w, z.h)
      if (outline) return <polygon key={z.id} points={outline.map((p) => `${z.x + p.x},${z.y + p.y}`).join(' ')} {...common} />
      return <rect key={z.id} x={z.x} y={z.y} width={z.w} height={z.h} rx={stroke * 3} {...common} />
    })
    return { viewBox, shapes }
  }, [template])
  if (!drawn) return null
  return (
    <svg className="template-thumb" width={width} height={height} viewBox={drawn.viewBox} preserveAspectRatio="xMidYMid meet" aria-hidden="true">
      {drawn.shapes}
    </svg>
  )
}
