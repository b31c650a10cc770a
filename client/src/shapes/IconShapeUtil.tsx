/**
 * cb-icon: a pictogram from the graphic-recording kit, drawn from our bundled copy of its strokes
 * (client/src/kit). It syncs like any shape, scales (aspect ratio kept), takes tldraw's colour
 * from the style panel, exports in PNG/SVG (toSvg draws the same SVG as the canvas), and carries
 * a label: double-click or Enter to type one. A labelled pictogram is an item in the plan.
 */
import {
  DefaultFontFaces,
  HTMLContainer,
  Rectangle2d,
  ShapeUtil,
  getDefaultColorTheme,
  resizeBox,
  stopEventPropagation,
  useDefaultColorTheme,
  useValue,
} from 'tldraw'
import type { TLFontFace, TLResizeInfo, TLDefaultColorTheme } from 'tldraw'
import { useEffect, type ChangeEvent } from 'react'
import { $pictograms, loadPictograms } from '../kit/pictogramData'
import { ICON_DEFAULT_SIZE, iconLayout } from '../kit/iconLayout'
import { iconShapeMigrations, iconShapeProps } from './props'
import type { IconShape } from './props'

const DRAW_FONT = "'tldraw_draw', sans-serif"
const FONT_FACES: TLFontFace[] = [DefaultFontFaces.tldraw_draw.normal.normal]

/** `paths` null: the drawings have not loaded yet (kit/pictogramData.ts): a faint outline instead. */
function IconSvg({ shape, theme, paths }: { shape: IconShape; theme: TLDefaultColorTheme; paths: string[] | null }) {
  const { w, color, text } = shape.props
  const layout = iconLayout(w, text)
  const ink = theme[color]?.solid ?? theme.black.solid
  const k = layout.size / 24
  return (
    <g>
      {/* Tabler's drawings are 24×24 strokes of width 2; scaled, the line keeps its weight. */}
      <g transform={`scale(${k})`} fill="none" stroke={ink} strokeWidth={2} strokeLinecap="round" strokeLinejoin="round">
        {paths ? paths.map((d, i) => <path key={i} d={d} />) : <rect x={3} y={3} width={18} height={18} rx={4} strokeOpacity={0.25} strokeDasharray="2 3" />}
      </g>
      {layout.lines.map((line, i) => (
        <text
          key={i}
          x={layout.size / 2}
          y={layout.size + layout.fontSize * 0.4 + layout.fontSize * (i + 0.95)}
          textAnchor="middle"
          fontFamily={DRAW_FONT}
          fontSize={layout.fontSize}
          fill={theme.text}
        >
          {line}
        </text>
      ))}
    </g>
  )
}

export class IconShapeUtil extends ShapeUtil<IconShape> {
  static override type = 'cb-icon' as const
  static override props = iconShapeProps
  static override migrations = iconShapeMigrations

  override getDefaultProps(): IconShape['props'] {
    return { w: ICON_DEFAULT_SIZE, h: ICON_DEFAULT_SIZE, icon: 'person', color: 'black', text: '' }
  }

  override canEdit = () => true
  override isAspectRatioLocked = () => true
  override hideSelectionBoundsFg = () => false

  override getGeometry(shape: IconShape) {
    return new Rectangle2d({ width: shape.props.w, height: iconLayout(shape.props.w, shape.props.text).h, isFilled: true })
  }

  override getText(shape: IconShape): string {
    return shape.props.text
  }

  override getFontFaces(): TLFontFace[] {
    return FONT_FACES
  }

  /** Keeps `h` in step with the label (it grows and shrinks as the label is typed). */
  override onBeforeUpdate(_prev: IconShape, next: IconShape): IconShape | void {
    const h = iconLayout(next.props.w, next.props.text).h
    if (Math.abs(h - next.props.h) > 0.01) return { ...next, props: { ...next.props, h } }
  }

  override onResize(shape: IconShape, info: TLResizeInfo<IconShape>) {
    const resized = resizeBox(shape, info)
    // The width is the pictogram's size; the height follows from it and the label.
    const w = Math.max(16, resized.props.w)
    return { ...resized, props: { ...resized.props, w, h: iconLayout(w, shape.props.text).h } }
  }

  override component(shape: IconShape) {
    const theme = useDefaultColorTheme()
    const isEditing = useValue('cb-icon editing', () => this.editor.getEditingShapeId() === shape.id, [this.editor, shape.id])
    const layout = iconLayout(shape.props.w, shape.props.text)
    const kit = useValue('cb pictogram drawings', () => $pictograms.get(), [])
    useEffect(() => {
      if (!kit) loadPictograms().catch((e: unknown) => console.warn('[circleboard] pictograms not loaded', e))
    }, [kit])
    const label = kit?.pictogramById(shape.props.icon)?.label ?? 'Pictogram'
    return (
      <HTMLContainer style={{ width: shape.props.w, height: layout.h, pointerEvents: isEditing ? 'all' : 'none' }}>
        <svg width={shape.props.w} height={layout.h} role="img" aria-label={shape.props.text ? `${label}: ${shape.props.text}` : label} style={{ overflow: 'visible' }}>
          <IconSvg shape={shape} theme={theme} paths={kit ? kit.pictogramPaths(shape.props.icon) : null} />
        </svg>
        {isEditing && (
          <input
            aria-label={`Label for the ${label.toLowerCase()} pictogram`}
            placeholder="Label"
            autoFocus
            maxLength={200}
            value={shape.props.text}
            onChange={(e: ChangeEvent<HTMLInputElement>) =>
              this.editor.updateShape<IconShape>({ id: shape.id, type: 'cb-icon', props: { text: e.target.value } })
            }
            onPointerDown={stopEventPropagation}
            onKeyDown={(e) => {
              if (e.key === 'Escape' || e.key === 'Enter') this.editor.complete()
              e.stopPropagation()
            }}
            style={{
              position: 'absolute',
              left: -shape.props.w * 0.3,
              width: shape.props.w * 1.6,
              top: shape.props.w + 4,
              fontSize: Math.max(14, layout.fontSize),
              fontFamily: DRAW_FONT,
              textAlign: 'center',
              padding: '2px 6px',
              border: '2px solid #3b82f6',
              borderRadius: 6,
              background: '#fff',
              boxSizing: 'border-box',
            }}
          />
        )}
      </HTMLContainer>
    )
  }

  // An export waits for the drawings (loaded at most once; an error says the file could not load).
  override async toSvg(shape: IconShape) {
    const kit = await loadPictograms()
    return <IconSvg shape={shape} theme={getDefaultColorTheme({ isDarkMode: false })} paths={kit.pictogramPaths(shape.props.icon)} />
  }

  override indicator(shape: IconShape) {
    return <rect width={shape.props.w} height={iconLayout(shape.props.w, shape.props.text).h} />
  }
}
