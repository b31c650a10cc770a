/**
 * What versions need of the plan (its extraction from the board, its validation and the summary of
 * what changed), loaded with import() when a version is saved on this device or a version's plan is
 * read, so the plan schema (zod) and the comparison stay out of the board's first load (issue 13,
 * item 6). Callers: BoardVersions.ts, localVersions.ts.
 */
export { currentPlan } from '../plan/boardActions'
export { parsePlan } from '@circleboard/shared'
export { versionSummary } from './summary'
