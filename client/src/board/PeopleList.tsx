import type { Person } from './presence'

/** Who is in the board right now, with their cursor colour. */
export function PeopleList({ people, onEditMe }: { people: Person[]; onEditMe(): void }) {
  return (
    <ul className="people" aria-label="People in this board" data-testid="people">
      {people.map((p) => (
        <li key={p.clientId} className="person" title={p.isMe ? 'You — click to change your name' : p.name}>
          {p.isMe ? (
            <button className="person-chip" onClick={onEditMe} style={{ borderColor: p.color }}>
              <span className="swatch" style={{ background: p.color }} aria-hidden />
              {p.name} (you)
            </button>
          ) : (
            <span className="person-chip" style={{ borderColor: p.color }}>
              <span className="swatch" style={{ background: p.color }} aria-hidden />
              {p.name}
              {p.viewOnly ? ' (watching)' : ''}
            </span>
          )}
        </li>
      ))}
    </ul>
  )
}
