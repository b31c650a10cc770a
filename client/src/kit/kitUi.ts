/**
 * The toolbar's "Pictograms" button: not a tool of its own (nothing to draw with), it opens and
 * closes the pictogram panel. Shortcut: Shift+K (K alone is tldraw's laser).
 */
import type { TLUiOverrides } from 'tldraw'
import { pictogramPanel } from './kitState'

export const PICTOGRAMS_TOOL_ID = 'cb-pictograms'

export const pictogramUiOverrides: TLUiOverrides = {
  tools(_editor, tools) {
    tools[PICTOGRAMS_TOOL_ID] = {
      id: PICTOGRAMS_TOOL_ID,
      label: 'cb.tool.pictograms' as never,
      icon: 'geo-heart',
      kbd: 'shift+k',
      onSelect() {
        pictogramPanel.toggle()
      },
    }
    return tools
  },
  translations: { en: { 'cb.tool.pictograms': 'Pictograms' } },
}
