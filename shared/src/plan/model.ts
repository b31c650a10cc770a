/**
 * The plan: what a board says, as structured, versioned JSON (see docs/plan-format.md).
 *
 * One section per template instance on the board. The plan is what facilitators email and follow
 * up at the review, and what other tools read, so the format is public and versioned:
 * - `version` goes up only for changes an older reader would misread; new optional fields do not
 *   need a new version (readers drop fields they do not know).
 * - A reader meeting a newer version refuses it with a clear message instead of guessing.
 */
import { z } from 'zod'
import { ACTION_STATUSES, isIsoDate } from './actions'

export const PLAN_FORMAT = 'circleboard-plan' as const
export const PLAN_VERSION = 1 as const

/** Generous caps so a hostile file cannot make a renderer produce gigabytes. */
const MAX_TEXT = 20_000
const MAX_LIST = 10_000
export const MAX_PARTICIPANTS = 200
export const MAX_NAME = 120

const text = z.string().max(MAX_TEXT)
const shapeId = z.string().max(200).optional()
/** Dots the item got in a dot vote (written on the note by the relay after the reveal). Optional. */
const votes = z.number().int().min(0).max(1_000_000).optional()
const isoDate = z.string().refine(isIsoDate, { message: 'expected a date written YYYY-MM-DD' })
const list = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_LIST)

/** Something a participant wrote (a sticky, a text, a labelled shape), with the shape it came from. */
export const PlanItemSchema = z.object({ text, shapeId, votes })
/** An item someone offers (treasure chest, share/swap/give); `offeredBy` comes from `@name` in the text. */
export const OfferSchema = z.object({ text, offeredBy: text.optional(), shapeId, votes })
/** Who does what by when. `when` is as written; `dueDate` is the ISO date it was understood as. */
export const PlanActionSchema = z.object({
  what: text,
  who: text,
  when: text,
  dueDate: isoDate.optional(),
  status: z.enum(ACTION_STATUSES),
  shapeId,
  votes,
})
/** PATH enrol: a person to bring on the journey and who will ask them. */
export const EnrolEntrySchema = z.object({ person: text, asks: text, shapeId, votes })
/** A zone read as prose (dream, goal, now): the items joined by newlines, and the items themselves. */
export const TextBlockSchema = z.object({ text: z.string().max(MAX_TEXT * 10), items: list(PlanItemSchema) })
/** A silos bridge: an arrow from one silo (or the person band) to another, with its label. */
export const BridgeSchema = z.object({
  from: text,
  to: text,
  label: text,
  /** Zone ids of the ends, so an import can rebuild the arrow even when two silos share a name. */
  fromZoneId: text.optional(),
  toZoneId: text.optional(),
  shapeId,
})

const sectionBase = {
  /** Distinguishes two instances of the same template on one board. */
  instanceId: z.string().min(1).max(200),
  /** Heading for the section, e.g. 'PATH'. */
  title: text,
}

export const PathSectionSchema = z.object({
  template: z.literal('path'),
  ...sectionBase,
  dream: TextBlockSchema,
  goal: TextBlockSchema,
  now: TextBlockSchema,
  enrol: list(EnrolEntrySchema),
  gettingStronger: list(PlanItemSchema),
  actions: z.object({
    threeMonths: list(PlanActionSchema),
    oneMonth: list(PlanActionSchema),
    firstStep: list(PlanActionSchema),
  }),
})

export const KeyEntrySchema = z.object({
  /** The key's zone id in the template ('meaning', 'freedom', ...). */
  key: z.string().min(1).max(200),
  label: text,
  working: list(PlanItemSchema),
  notWorking: list(PlanItemSchema),
  nextSteps: list(PlanActionSchema),
})
export const SevenKeysSectionSchema = z.object({
  template: z.literal('7keys'),
  ...sectionBase,
  person: list(PlanItemSchema),
  keys: z.array(KeyEntrySchema).max(50),
})

export const CommunitySectionSchema = z.object({
  template: z.literal('community'),
  ...sectionBase,
  person: list(PlanItemSchema),
  assets: z.object({ my: list(PlanItemSchema), our: list(PlanItemSchema), the: list(PlanItemSchema) }),
  bumpingSpaces: list(PlanItemSchema),
  treasure: z.object({
    peopleIKnow: list(OfferSchema),
    passions: list(OfferSchema),
    skills: list(OfferSchema),
    wantToLearn: list(OfferSchema),
  }),
  shareSwapGive: list(OfferSchema),
  connections: list(PlanActionSchema),
})

export const SiloSchema = z.object({
  /** The silo's zone id in the template ('silo1' ...). */
  id: z.string().min(1).max(200),
  /** The silo's name: the label of its zone on the board (renaming the zone renames the silo). */
  name: text,
  offers: list(PlanItemSchema),
  barriers: list(PlanItemSchema),
})
export const SilosSectionSchema = z.object({
  template: z.literal('silos'),
  ...sectionBase,
  silos: z.array(SiloSchema).max(50),
  person: list(PlanItemSchema),
  bridges: list(BridgeSchema),
})

/**
 * Connections (people, places, opportunities): one step of a relationship chain, the entry an arrow
 * starts or ends on. `label` is what is written on the arrow leading to this step (empty for the first).
 */
export const ChainStepSchema = z.object({
  text,
  /** The zone the entry is in ('people', 'places', 'interests', 'person'). */
  zoneId: text.optional(),
  /** What the arrow into this step says ("invites him to"); absent for the first step. */
  label: text.optional(),
  shapeId,
  /** The arrow leading to this step. */
  arrowShapeId: shapeId,
})
/** A relationship chain: entries joined by arrows, in order (the bus driver → the pub → the quiz team). */
export const ChainSchema = z.object({ steps: z.array(ChainStepSchema).min(2).max(MAX_LIST) })
export const ConnectionsSectionSchema = z.object({
  template: z.literal('connections'),
  ...sectionBase,
  person: list(PlanItemSchema),
  /** Who they know (and who those people know). */
  people: list(PlanItemSchema),
  /** Where they go (and who they bump into there). */
  places: list(PlanItemSchema),
  /** What they are interested in (and who shares it). */
  interests: list(PlanItemSchema),
  chains: list(ChainSchema),
  /** Connections to make: who introduces whom, by when. */
  toMake: list(PlanActionSchema),
})

/** TO / FOR / WITH / BY: an arrow from one quadrant to another, an initiative's intended move. */
export const MoveSchema = z.object({
  /** Quadrant names as on the board ('Doing TO' …). */
  from: text,
  to: text,
  /** The initiative that moves: the note the arrow starts on, else the arrow's label. */
  initiative: text,
  /** What the arrow says (may be empty, or the same as the initiative). */
  label: text,
  fromZoneId: text.optional(),
  toZoneId: text.optional(),
  /** The note the arrow starts on. */
  itemShapeId: shapeId,
  shapeId,
})
export const ToForWithBySectionSchema = z.object({
  template: z.literal('toForWithBy'),
  ...sectionBase,
  to: list(PlanItemSchema),
  for: list(PlanItemSchema),
  with: list(PlanItemSchema),
  by: list(PlanItemSchema),
  moves: list(MoveSchema),
})

/** Gifts of the head, heart and hands; `offeredBy` is whose gift it is (`@name`). */
export const GiftsSectionSchema = z.object({
  template: z.literal('gifts'),
  ...sectionBase,
  person: list(PlanItemSchema),
  head: list(OfferSchema),
  heart: list(OfferSchema),
  hands: list(OfferSchema),
  /** Where the gifts could be shared: actions. */
  share: list(PlanActionSchema),
})

/** From interest to action: one row per interest, read left to right. */
export const InterestRowSchema = z.object({
  /** The row's zone id prefix in the template ('row1' …). */
  row: z.string().min(1).max(200),
  interest: list(PlanItemSchema),
  /** An existing group to join (with or without support). */
  group: list(PlanItemSchema),
  /** Who could support them to go. */
  support: list(PlanItemSchema),
  /** A member with that interest or skill. */
  member: list(PlanItemSchema),
  /** A local partner, artist or volunteer who could help. */
  partner: list(PlanItemSchema),
  actions: list(PlanActionSchema),
})
export const InterestToActionSectionSchema = z.object({
  template: z.literal('interestToAction'),
  ...sectionBase,
  rows: z.array(InterestRowSchema).max(50),
})

/**
 * For templates without a bespoke section type (added later as one file in templates/): each zone
 * with its items or actions, in template order.
 */
export const GenericSectionSchema = z.object({
  template: z.literal('generic'),
  ...sectionBase,
  templateId: z.string().min(1).max(200),
  zones: z
    .array(
      z.object({
        zoneId: z.string().min(1).max(200),
        label: text,
        kind: z.enum(['items', 'actions']),
        items: list(PlanItemSchema),
        actions: list(PlanActionSchema),
      }),
    )
    .max(500),
})

export const PlanSectionSchema = z.discriminatedUnion('template', [
  PathSectionSchema,
  SevenKeysSectionSchema,
  CommunitySectionSchema,
  SilosSectionSchema,
  ConnectionsSectionSchema,
  ToForWithBySectionSchema,
  GiftsSectionSchema,
  InterestToActionSectionSchema,
  GenericSectionSchema,
])

export const PlanSchema = z.object({
  format: z.literal(PLAN_FORMAT),
  version: z.literal(PLAN_VERSION),
  board: z.object({
    name: text,
    exportedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), {
      message: 'expected a date-time such as 2027-01-12T10:00:00.000Z',
    }),
  }),
  sessionDate: isoDate.optional(),
  reviewDate: isoDate.optional(),
  /**
   * The people who took part, as the facilitator typed them (added after version 1 shipped; optional,
   * so older plans still read and older readers drop it).
   */
  participants: z.array(z.string().max(MAX_NAME)).max(MAX_PARTICIPANTS).optional(),
  sections: z.array(PlanSectionSchema).max(500),
  /** Items on the board outside every template zone, so nothing written is silently lost. */
  elsewhere: list(PlanItemSchema).optional(),
})

export type PlanItem = z.infer<typeof PlanItemSchema>
export type Offer = z.infer<typeof OfferSchema>
export type PlanAction = z.infer<typeof PlanActionSchema>
export type EnrolEntry = z.infer<typeof EnrolEntrySchema>
export type TextBlock = z.infer<typeof TextBlockSchema>
export type Bridge = z.infer<typeof BridgeSchema>
export type PathSection = z.infer<typeof PathSectionSchema>
export type KeyEntry = z.infer<typeof KeyEntrySchema>
export type SevenKeysSection = z.infer<typeof SevenKeysSectionSchema>
export type CommunitySection = z.infer<typeof CommunitySectionSchema>
export type Silo = z.infer<typeof SiloSchema>
export type SilosSection = z.infer<typeof SilosSectionSchema>
export type ChainStep = z.infer<typeof ChainStepSchema>
export type Chain = z.infer<typeof ChainSchema>
export type ConnectionsSection = z.infer<typeof ConnectionsSectionSchema>
export type Move = z.infer<typeof MoveSchema>
export type ToForWithBySection = z.infer<typeof ToForWithBySectionSchema>
export type GiftsSection = z.infer<typeof GiftsSectionSchema>
export type InterestRow = z.infer<typeof InterestRowSchema>
export type InterestToActionSection = z.infer<typeof InterestToActionSectionSchema>
export type GenericSection = z.infer<typeof GenericSectionSchema>
export type PlanSection = z.infer<typeof PlanSectionSchema>
export type PlanSectionTemplate = PlanSection['template']
export type Plan = z.infer<typeof PlanSchema>

export type ParsePlanResult = { ok: true; plan: Plan } | { ok: false; error: string }

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Formats a zod issue path like `sections[0].actions.oneMonth[2].status`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p)
  return out || '(top level)'
}

/**
 * Validates an untrusted value as a plan. Unknown fields are dropped; anything else wrong is
 * reported with where it is and what was expected.
 */
export function parsePlan(value: unknown): ParsePlanResult {
  if (!isObject(value)) return { ok: false, error: 'This is not a Circleboard plan: expected a JSON object.' }
  if (value.format !== PLAN_FORMAT) {
    if (value.format === 'circleboard-board') {
      return {
        ok: false,
        error: 'This is a Circleboard board file (.circleboard), not a plan. Open it as a board instead.',
      }
    }
    if ('tldrawFileFormatVersion' in value) {
      return { ok: false, error: 'This is a tldraw file (.tldr), not a Circleboard plan.' }
    }
    return {
      ok: false,
      error: `This is not a Circleboard plan: expected "format": "${PLAN_FORMAT}"${
        typeof value.format === 'string' ? `, found "${value.format.slice(0, 60)}"` : ''
      }.`,
    }
  }
  const version = value.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, error: 'This plan has no valid "version" number, so it cannot be read safely.' }
  }
  if (version > PLAN_VERSION) {
    return {
      ok: false,
      error: `This plan was saved by a newer Circleboard (plan format version ${version}); this one reads version ${PLAN_VERSION}. Update Circleboard to open it.`,
    }
  }
  const result = PlanSchema.safeParse(value)
  if (result.success) return { ok: true, plan: result.data }
  const issues = result.error.issues
  const shown = issues.slice(0, 5).map((i) => `${formatIssuePath(i.path)}: ${i.message}`)
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : ''
  return { ok: false, error: `This plan is not valid: ${shown.join('; ')}${more}.` }
}

/** Parses plan JSON text (e.g. a file the user picked). */
export function parsePlanText(textValue: string): ParsePlanResult {
  let value: unknown
  try {
    value = JSON.parse(textValue)
  } catch {
    return { ok: false, error: 'This file is not valid JSON, so it cannot be a Circleboard plan.' }
  }
  return parsePlan(value)
}

/** Serialises a plan as pretty JSON (the `json` export format). */
export function planToJson(plan: Plan): string {
  return JSON.stringify(plan, null, 2) + '\n'
}

/** Every action in a plan with where it sits, in plan order (used by the CSV and the UI). */
export interface PlanActionRow {
  sectionIndex: number
  section: string
  /** Human heading of the zone the action is in, e.g. 'First step' or 'Meaning: next steps'. */
  zone: string
  action: PlanAction
}

export function listPlanActions(plan: Plan): PlanActionRow[] {
  const rows: PlanActionRow[] = []
  plan.sections.forEach((s, sectionIndex) => {
    const add = (zone: string, actions: PlanAction[]) => {
      for (const action of actions) rows.push({ sectionIndex, section: s.title, zone, action })
    }
    switch (s.template) {
      case 'path':
        add(PATH_ACTION_HEADINGS.threeMonths, s.actions.threeMonths)
        add(PATH_ACTION_HEADINGS.oneMonth, s.actions.oneMonth)
        add(PATH_ACTION_HEADINGS.firstStep, s.actions.firstStep)
        break
      case '7keys':
        for (const k of s.keys) add(`${k.label}: next steps`, k.nextSteps)
        break
      case 'community':
        add('Connections to make', s.connections)
        break
      case 'silos':
        break
      case 'connections':
        add(CONNECTIONS_HEADINGS.toMake, s.toMake)
        break
      case 'toForWithBy':
        break
      case 'gifts':
        add(GIFTS_HEADINGS.share, s.share)
        break
      case 'interestToAction':
        s.rows.forEach((r, i) => add(interestRowHeading(r, i), r.actions))
        break
      case 'generic':
        for (const z of s.zones) add(z.label, z.actions)
        break
    }
  })
  return rows
}

/** Headings shared by the renderers so Markdown, CSV and HTML say the same thing. */
export const PATH_ACTION_HEADINGS = {
  threeMonths: 'Next few months',
  oneMonth: 'Next month',
  firstStep: 'First step',
} as const

export const TREASURE_HEADINGS = {
  peopleIKnow: 'People I know',
  passions: 'Passions and interests',
  skills: 'Skills and knowledge',
  wantToLearn: 'Something I want to learn or do',
} as const

export const ASSET_HEADINGS = { my: 'My community', our: 'Our community', the: 'THE community' } as const

export const CONNECTIONS_HEADINGS = {
  person: 'The person',
  people: 'People: who they know',
  places: 'Places: where they go',
  interests: 'Interests: what they care about',
  chains: 'Chains',
  toMake: 'Connections to make',
} as const

/** The four quadrants, in the order of the method (service-led, then people-led). */
export const TFWB_QUADRANTS = ['to', 'for', 'with', 'by'] as const
export const TFWB_HEADINGS = { to: 'Doing TO', for: 'Doing FOR', with: 'Doing WITH', by: 'Done BY', moves: 'Intended moves' } as const

export const GIFTS_HEADINGS = {
  person: 'The person',
  head: 'Head: what I know',
  heart: 'Heart: what I care about',
  hands: 'Hands: what I can do',
  share: 'Where these gifts could go',
} as const

export const INTEREST_HEADINGS = {
  interest: 'The interest',
  group: 'A group to join',
  support: 'Who could support',
  member: 'A member with this interest or skill',
  partner: 'A partner who could help',
  actions: 'The action',
} as const

/** "Interest 2: Rugby" — a row of From interest to action, named by what is written in it. */
export function interestRowHeading(r: InterestRow, i: number): string {
  const first = r.interest.map((x) => x.text.trim()).filter(Boolean).join(', ')
  return first ? `Interest ${i + 1}: ${first.length > 80 ? `${first.slice(0, 79)}…` : first}` : `Interest ${i + 1}`
}

/** A chain as one line: `The bus driver → (invites him) the pub → the quiz team`. */
export function chainText(c: Chain): string {
  return c.steps.map((st, i) => (i === 0 ? st.text.trim() : `→ ${st.label?.trim() ? `(${st.label.trim()}) ` : ''}${st.text.trim()}`)).join(' ')
}

/** A move as one line: `Doing FOR → Doing WITH: Lunch club`. */
export function moveText(m: Move): string {
  const said = m.label.trim() && m.label.trim() !== m.initiative.trim() ? ` (${m.label.trim()})` : ''
  return `${m.from.trim() || '?'} → ${m.to.trim() || '?'}${m.initiative.trim() ? `: ${m.initiative.trim()}` : ''}${said}`
}

/**
 * Any section read as zones of items and actions (what a generic section is), for readers that
 * list what was written without knowing every section type (the client's plan outline). Bespoke
 * types added after the first four map here; chains and moves become items of a zone with no id.
 */
export function sectionAsZones(s: PlanSection): GenericSection['zones'] {
  type Z = GenericSection['zones'][number]
  const items = (zoneId: string, label: string, list: PlanItem[]): Z => ({ zoneId, label, kind: 'items', items: list, actions: [] })
  const offers = (zoneId: string, label: string, list: Offer[]): Z =>
    items(zoneId, label, list.map((o) => ({ text: o.offeredBy ? `${o.text} (${o.offeredBy})` : o.text, shapeId: o.shapeId, votes: o.votes })))
  const actions = (zoneId: string, label: string, list: PlanAction[]): Z => ({ zoneId, label, kind: 'actions', items: [], actions: list })
  switch (s.template) {
    case 'generic':
      return s.zones
    case 'connections':
      return [
        items('person', CONNECTIONS_HEADINGS.person, s.person),
        items('people', CONNECTIONS_HEADINGS.people, s.people),
        items('places', CONNECTIONS_HEADINGS.places, s.places),
        items('interests', CONNECTIONS_HEADINGS.interests, s.interests),
        items('', CONNECTIONS_HEADINGS.chains, s.chains.map((c) => ({ text: chainText(c), shapeId: c.steps[1]?.arrowShapeId }))),
        actions('toMake', CONNECTIONS_HEADINGS.toMake, s.toMake),
      ]
    case 'toForWithBy':
      return [
        ...TFWB_QUADRANTS.map((q) => items(q, TFWB_HEADINGS[q], s[q])),
        items('', TFWB_HEADINGS.moves, s.moves.map((m) => ({ text: moveText(m), shapeId: m.shapeId }))),
      ]
    case 'gifts':
      return [
        items('person', GIFTS_HEADINGS.person, s.person),
        offers('head', GIFTS_HEADINGS.head, s.head),
        offers('heart', GIFTS_HEADINGS.heart, s.heart),
        offers('hands', GIFTS_HEADINGS.hands, s.hands),
        actions('share', GIFTS_HEADINGS.share, s.share),
      ]
    case 'interestToAction':
      return s.rows.flatMap((r, i) => [
        items(`${r.row}.interest`, interestRowHeading(r, i), r.interest),
        ...(['group', 'support', 'member', 'partner'] as const).map((k) => items(`${r.row}.${k}`, `${i + 1} · ${INTEREST_HEADINGS[k]}`, r[k])),
        actions(`${r.row}.actions`, `${i + 1} · ${INTEREST_HEADINGS.actions}`, r.actions),
      ])
    default:
      return []
  }
}
