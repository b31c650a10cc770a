import { useEffect, useState } from 'react'
import { useValue } from 'tldraw'
import type { FacilitationState, Role } from '@circleboard/shared'
import { useFacilitationHandle, type FacilitationHandle } from './api'

export function useFacilitation(): { handle: FacilitationHandle; role: Role; state: FacilitationState; live: boolean } {
  const handle = useFacilitationHandle()
  const role = useValue('cb fac role', () => handle.$role.get(), [handle])
  const state = useValue('cb fac state', () => handle.$state.get(), [handle])
  const live = useValue('cb fac live', () => handle.$live.get(), [handle])
  return { handle, role, state, live }
}

/** Re-renders every `ms` while `active` (a running countdown). */
export function useTick(active: boolean, ms = 250): void {
  const [, setN] = useState(0)
  useEffect(() => {
    if (!active) return
    const t = setInterval(() => setN((n) => n + 1), ms)
    return () => clearInterval(t)
  }, [active, ms])
}
