// Circleboard's custom tldraw shapes. Register with `shapeUtils={customShapeUtils}` on <Tldraw> and
// `[...defaultShapeUtils, ...customShapeUtils]` in createTLStore.
import { ActionShapeUtil } from './ActionShapeUtil'
import { IconShapeUtil } from './IconShapeUtil'
import { ZoneShapeUtil } from './ZoneShapeUtil'

export { ActionShapeUtil, nextStatus } from './ActionShapeUtil'
export { ZoneShapeUtil, safeColor } from './ZoneShapeUtil'
export { IconShapeUtil } from './IconShapeUtil'
export { pictogramPaths } from '@circleboard/shared'
export * from './props'

export const customShapeUtils = [ZoneShapeUtil, ActionShapeUtil, IconShapeUtil]
