/**
 * Finding a pictogram by what people call it: "home" finds the house, "money" the coins, "tea"
 * the cup. Best matches first: the name, then the start of a name or one of our words, then any
 * of our words or Tabler's tags containing the query.
 */
import { PICTOGRAMS, type Pictogram } from './catalog'
import { PICTOGRAM_DATA } from './data'

const norm = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

interface Indexed {
  p: Pictogram
  name: string
  words: string[]
  tags: string[]
}

const INDEX: Indexed[] = PICTOGRAMS.map((p) => ({
  p,
  name: norm(p.label),
  words: [norm(p.id.replace(/-/g, ' ')), ...p.words.map(norm)],
  tags: (PICTOGRAM_DATA[p.tabler]?.tags ?? []).map(norm),
}))

/** Pictograms matching `query`, best first; every pictogram (catalogue order) for an empty query. */
export function searchPictograms(query: string): Pictogram[] {
  const q = norm(query).slice(0, 60)
  if (!q) return [...PICTOGRAMS]
  const scored: { p: Pictogram; score: number; order: number }[] = []
  INDEX.forEach((e, order) => {
    let score = 0
    if (e.name === q || e.words.includes(q)) score = 100
    else if (e.name.startsWith(q)) score = 80
    else if (e.words.some((w) => w.startsWith(q))) score = 60
    else if (e.name.includes(q) || e.words.some((w) => w.includes(q))) score = 40
    else if (e.tags.some((t) => t === q)) score = 30
    else if (q.length >= 3 && e.tags.some((t) => t.startsWith(q))) score = 20
    if (score) scored.push({ p: e.p, score, order })
  })
  return scored.sort((a, b) => b.score - a.score || a.order - b.order).map((s) => s.p)
}
