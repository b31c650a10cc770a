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
