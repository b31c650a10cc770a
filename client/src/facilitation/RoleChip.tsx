import { useValue } from 'tldraw'
import { useFacilitation } from './hooks'
import type { FacilitationClient } from './FacilitationClient'

/**
 * This person's role, quietly: a small chip for facilitators; for someone who asked to facilitate
 * and was refused by the relay, a chip that says so (the reason in its tooltip).
 */
export function RoleChip() {
  const { handle, role } = useFacilitation()
  const refused = useValue('cb welcome notice', () => (handle as Partial<FacilitationClient>).$welcomeNotice?.get() ?? null, [handle])
  if (role === 'facilitator') {
    return (
      <span className="role-chip" data-testid="role-chip" data-role="facilitator" title="You facilitate this board: the Facilitate menu has the session controls.">
        Facilitator
      </span>
    )
  }
  if (refused && role === 'participant') {
    return (
      <span className="role-chip role-chip-warn" data-testid="role-chip" data-role="participant" title={refused}>
        Participant
      </span>
    )
  }
  return null
}
