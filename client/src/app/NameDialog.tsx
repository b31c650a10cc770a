import { useState } from 'react'
import { IDENTITY_COLORS, cleanName, colorName, newIdentity, saveIdentity, type Identity } from './identity'

/** Asked once per device: the name and colour others see on your cursor. */
export function NameDialog({
  identity,
  onDone,
  onCancel,
}: {
  identity: Identity | null
  onDone(identity: Identity): void
  onCancel?: () => void
}) {
  const [name, setName] = useState(identity?.name ?? '')
  const [color, setColor] = useState<string>(identity?.color ?? IDENTITY_COLORS[Math.floor(Math.random() * IDENTITY_COLORS.length)])
  const valid = cleanName(name).length > 0
  const submit = () => {
    if (!valid) return
    const next = identity ? { ...identity, name: cleanName(name), color } : newIdentity(name, color)
    onDone(saveIdentity(next))
  }
  return (
    <div className="dialog-backdrop">
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="name-dialog-title"
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <h2 id="name-dialog-title">{identity ? 'Your name on the board' : 'Welcome to Circleboard'}</h2>
        <p>Others in the board see this name beside your cursor.</p>
        <label>
          Your name
          <input
            autoFocus
            value={name}
            maxLength={40}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Sam"
            data-testid="name-input"
          />
        </label>
        <fieldset className="colors">
          <legend>Your colour</legend>
          {IDENTITY_COLORS.map((c) => (
            <label key={c} className="color-choice" style={{ background: c }} title={colorName(c)}>
              <input type="radio" name="color" value={c} aria-label={colorName(c)} checked={c === color} onChange={() => setColor(c)} />
            </label>
          ))}
        </fieldset>
        <div className="dialog-actions">
          {onCancel && (
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          )}
          <button type="submit" className="primary-button" disabled={!valid} data-testid="name-submit">
            {identity ? 'Save' : 'Continue'}
          </button>
        </div>
      </form>
    </div>
  )
}
