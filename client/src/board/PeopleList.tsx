import { useValue, type Editor } from 'tldraw'
import { usePopover } from '../plan/popover'
import type { Person } from './presence'

/** One person, however many tabs or devices they have the board open in. */
export interface PersonEntry {
  /** The person's id (the same in all their tabs); tldraw follows people by it. */
  id: string
  name: string
  color: string
  isMe: boolean
  /** Only watching (every tab of theirs is a view-only link). */
  viewOnly: boolean
  /** The relay says one of their connections facilitates. */
  facilitator: boolean
  tabs: number
}

const MAX_NAME = 40
const SAFE_COLOR = /^#[0-9a-f]{3,8}$/i
const FALLBACK_COLOR = '#5f6b7a'

/**
 * Awareness states grouped by person: one person with two tabs is one entry. Names and colours
 * come from other people's browsers: bounded, and a colour that is not a plain hex code (it goes
 * into a style) is replaced.
 */
export function groupPeople(people: Person[]): PersonEntry[] {
  const byId = new Map<string, PersonEntry>()
  for (const p of people) {
    const entry = byId.get(p.id)
    if (entry) {
      entry.tabs++
      entry.isMe ||= p.isMe
      entry.viewOnly &&= p.viewOnly
      entry.facilitator ||= p.role === 'facilitator'
      // Your own tab's name wins: it is the one you just chose.
      if (p.isMe) entry.name = p.name.slice(0, MAX_NAME)
      continue
    }
    byId.set(p.id, {
      id: p.id,
      name: p.name.slice(0, MAX_NAME).trim() || 'Someone',
      color: SAFE_COLOR.test(p.color) ? p.color : FALLBACK_COLOR,
      isMe: p.isMe,
      viewOnly: p.viewOnly,
      facilitator: p.role === 'facilitator',
      tabs: 1,
    })
  }
  return [...byId.values()].sort((a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name))
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  // One letter for one word: two wide capitals ("MO") do not fit a 28 px circle.
  const letters = words.length > 1 ? [words[0], words[words.length - 1]].map((w) => [...w][0]) : [...(words[0] ?? '?')].slice(0, 1)
  return letters.join('').toUpperCase()
}

function label(p: PersonEntry): string {
  return `${p.name}${p.isMe ? ' (you)' : ''}${p.viewOnly ? ' (watching)' : ''}${p.facilitator ? ' · facilitator' : ''}`
}

/**
 * Who is in the board: an avatar group of fixed width in the bar ("+N" for the rest), and on tap
 * the full list, where you can follow anyone's view or change your own name.
 */
export function PeopleList({ people, onEditMe, editor }: { people: Person[]; onEditMe(): void; editor: Editor | null }) {
  const entries = groupPeople(people)
  const { open, setOpen, root, button, popover } = usePopover()
  const following = useValue('cb following', () => editor?.getInstanceState().followingUserId ?? null, [editor])
  const names = entries.map(label).join(', ')
  // The bar always has room for three avatars; a fourth person and more become "+N".
  const shown = entries.length > 3 ? entries.slice(0, 2) : entries
  const more = entries.length - shown.length

  return (
    <div className="people" ref={root} data-testid="people">
      <button
        ref={button}
        className="people-button"
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen(!open)}
        title={names}
        data-testid="people-button"
      >
        {shown.map((p) => (
          <span key={p.id} className={`avatar${p.id === following ? ' avatar-followed' : ''}`} style={{ background: p.color }} aria-hidden>
            {initials(p.name)}
          </span>
        ))}
        {more > 0 && (
          <span className="avatar avatar-more" aria-hidden data-testid="people-more">
            +{more}
          </span>
        )}
        <span className="sr-only">
          {entries.length} {entries.length === 1 ? 'person' : 'people'} here: {names}
        </span>
      </button>
      {open && (
        <div className="popover people-popover" ref={popover} role="dialog" aria-label="People in this board">
          <ul className="people-list">
            {entries.map((p) => (
              <li key={p.id} className="person" data-testid="person" data-name={p.name}>
                <span className="avatar" style={{ background: p.color }} aria-hidden>
                  {initials(p.name)}
                </span>
                <span className="person-name" data-facilitator={p.facilitator || undefined}>
                  {p.name}
                  {p.isMe ? ' (you)' : ''}
                  {p.viewOnly ? ' (watching)' : ''}
                  {p.facilitator && <span className="role-chip role-chip-small" data-testid="person-facilitator">Facilitator</span>}
                  {p.tabs > 1 && <span className="muted small"> · {p.tabs} tabs</span>}
                </span>
                {p.isMe ? (
                  <button
                    className="link-button"
                    onClick={() => {
                      setOpen(false)
                      onEditMe()
                    }}
                    data-testid="edit-my-name"
                  >
                    Change name
                  </button>
                ) : following === p.id ? (
                  <button onClick={() => editor?.stopFollowingUser()} data-testid="stop-following">
                    Stop following
                  </button>
                ) : (
                  <button
                    disabled={!editor}
                    onClick={() => {
                      editor?.startFollowingUser(p.id)
                      setOpen(false)
                    }}
                    data-testid="follow"
                    aria-label={`Follow ${p.name}’s view`}
                  >
                    Follow
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  )
}
