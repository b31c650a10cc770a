/**
 * The plan, recomputed from the store as the board changes — local edits and everyone else's, since
 * the store follows the shared doc — at most every 250 ms (a sticky dragged across zones would
 * otherwise re-extract the whole board on every frame).
 */
import { useEffect, useState } from 'react'
import type { Editor } from 'tldraw'
import type { Plan } from '@circleboard/shared'
import { currentPlan } from './boardActions'
import { throttle } from './throttle'

export const PLAN_RECOMPUTE_MS = 250

export function useLivePlan(editor: Editor | null, boardName: string, enabled: boolean): Plan | null {
  const [plan, setPlan] = useState<Plan | null>(null)
  useEffect(() => {
    if (!editor || !enabled) return
    const compute = throttle(() => {
      try {
        setPlan(currentPlan(editor, boardName))
      } catch (e) {
        // Extraction never throws on junk records; if it does anyway, keep the last good plan.
        console.warn('[circleboard] could not read the plan from the board', e)
      }
    }, PLAN_RECOMPUTE_MS)
    compute()
    const stop = editor.store.listen(compute, { scope: 'document' })
    return () => {
      stop()
      compute.cancel()
    }
  }, [editor, boardName, enabled])
  return enabled ? plan : null
}
