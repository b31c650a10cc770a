/**
 * The example session from DOMAIN.md (J's PATH), as a board: the template plus stickies written the
 * way a facilitator writes them (`Trial shifts at the café @Liz by March`). For demo boards and test
 * fixtures.
 */
import { fillZones } from './import'
import { indexKeys } from './indexKeys'
import { DEFAULT_PAGE_ID, makeDocument, makePage } from './records'
import { templateToShapes } from './place'

/** What J's circle wrote, zone by zone. */
export const J_PATH_STICKIES: Record<string, string[]> = {
  dream: ['A life with my own friends, my own money and my own place.'],
  goal: ['I work two days a week at the café. I go to the pub quiz on Thursdays with Sam. I have my own bank card.'],
  now: ['At home all week. No placement. Anxious in the evenings. Loves rugby and buses.'],
  enrol: ['The bus driver who chats with J (ask: Dad)', 'Café owner on the high street (ask: Liz)'],
  stronger: ['Keep Saturday rugby', 'Mum and Dad get a break every other week'],
  threeMonths: ['Trial shifts at the café @Liz by March'],
  oneMonth: ['Visit the café with Sam @Sam by 15 Jan'],
  firstStep: ['Call the café owner @Liz by Friday'],
}

/** The session date used by the example (a Tuesday), so "by Friday" means 2027-01-15. */
export const J_PATH_SESSION_DATE = '2027-01-12'

/** Records of J's PATH board: document (name, session date), page, zones, stickies. */
export function jPathBoardRecords(opts: { instanceId?: string; reviewDate?: string } = {}) {
  const instanceId = opts.instanceId ?? 'jpath'
  const zones = templateToShapes('path', { x: 0, y: 0, instanceId, parentId: DEFAULT_PAGE_ID })
  let n = 0
  const { shapes } = fillZones(
    zones,
    [
      {
        title: 'PATH',
        instanceId,
        layout: { fills: Object.fromEntries(Object.entries(J_PATH_STICKIES).map(([k, v]) => [k, v.map((text) => ({ text }))])) },
      },
    ],
    { pageId: DEFAULT_PAGE_ID, shapeId: () => `shape:j${++n}`, actionsAsNotes: true },
  )
  const all = [...zones, ...shapes]
  indexKeys(all.length).forEach((k, i) => (all[i].index = k))
  return [
    makeDocument({ name: "J's PATH", sessionDate: J_PATH_SESSION_DATE, reviewDate: opts.reviewDate ?? '2027-04-13' }),
    makePage({ id: DEFAULT_PAGE_ID }),
    ...all,
  ]
}
