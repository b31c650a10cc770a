/**
 * The summary of a version saved on this device: the same shared summarizeVersion the relay uses,
 * so a local version reads like one kept on the relay.
 */
import { summarizeVersion, type Plan, type VersionSummary } from '@circleboard/shared'
import { localIsoDate } from '../plan/fileNames'

export function versionSummary(plan: Plan, shapes: number, previous: Plan | null, now = new Date()): VersionSummary {
  try {
    return summarizeVersion(plan, shapes, previous, localIsoDate(now))
  } catch {
    // A summary is a courtesy: without the comparison the totals stand alone.
    return summarizeVersion(plan, shapes, null, localIsoDate(now))
  }
}
