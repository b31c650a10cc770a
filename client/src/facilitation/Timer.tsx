/**
 * The shared countdown as everyone sees it: in the bar (small) and in projector mode (large). It is
 * computed from the relay's timer state and the relay's clock, so every screen agrees and a late
 * joiner or a reload shows the right time at once.
 */
import { useEffect, useRef, useState } from 'react'
import { timerRemainingMs } from '@circleboard/shared'
import { useFacilitation, useTick } from './hooks'
import { useValue } from 'tldraw'
import { $chimeMuted, formatRemaining, isChimeMuted, justEnded, playChime, setChimeMuted } from './timer'

const PULSE_MS = 6000

export function TimerDisplay({ size = 'bar' }: { size?: 'bar' | 'big' }) {
  const { handle, state } = useFacilitation()
  const timer = state.timer
  useTick(timer.status === 'running')
  const remaining = timerRemainingMs(timer, handle.relayNow())
  const muted = useValue('cb chime muted', () => $chimeMuted.get(), [])
  const [pulse, setPulse] = useState(false)
  const prev = useRef<number | null>(null)
  const pulseTimer = useRef<ReturnType<typeof setTimeout> | null>(null)

  // After every render: did the countdown reach zero since the last one?
  useEffect(() => {
    if (justEnded(prev.current, timer, handle.relayNow())) {
      if (!isChimeMuted()) playChime()
      setPulse(true)
      if (pulseTimer.current) clearTimeout(pulseTimer.current)
      pulseTimer.current = setTimeout(() => setPulse(false), PULSE_MS)
      prev.current = 0
      return
    }
    prev.current = timer.status === 'running' ? remaining : null
  })
  useEffect(() => () => void (pulseTimer.current && clearTimeout(pulseTimer.current)), [])

  if (timer.status === 'idle') return null
  const ended = timer.status === 'running' && remaining === 0
  const seconds = Math.ceil(remaining / 1000)
  const text = formatRemaining(remaining)
  return (
    <div
      className={`cb-timer cb-timer-${size}${pulse ? ' cb-timer-pulse' : ''}${ended ? ' cb-timer-ended' : ''}${timer.status === 'paused' ? ' cb-timer-paused' : ''}`}
      data-testid={size === 'big' ? 'projector-timer' : 'timer'}
      data-seconds={seconds}
      data-status={timer.status}
    >
      <span className="cb-timer-time" role="timer" aria-label={`Timer: ${text}${timer.status === 'paused' ? ', paused' : ended ? ', time is up' : ' left'}`}>
        {text}
      </span>
      {timer.status === 'paused' && <span className="cb-timer-note">paused</span>}
      {ended && size === 'big' && <span className="cb-timer-note">Time’s up</span>}
      {size === 'bar' && (
        <button
          className="cb-timer-mute"
          aria-pressed={muted}
          title={muted ? 'The end-of-timer chime is off on this device' : 'A chime sounds on this device when the timer ends'}
          aria-label={muted ? 'Turn the timer chime on' : 'Mute the timer chime on this device'}
          data-testid="timer-mute"
          onClick={() => setChimeMuted(!muted)}
        >
          <BellIcon muted={muted} />
        </button>
      )}
    </div>
  )
}

/** Drawn, not an emoji: projector and kiosk browsers often have no emoji font. */
function BellIcon({ muted }: { muted: boolean }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M8 1.8a4.2 4.2 0 0 0-4.2 4.2v2.6L2.5 11h11l-1.3-2.4V6A4.2 4.2 0 0 0 8 1.8Z" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
      <path d="M6.4 12.6a1.7 1.7 0 0 0 3.2 0" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
      {muted && <path d="M2.2 2.2l11.6 11.6" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />}
    </svg>
  )
}

/**
 * The chime switch where the bar has no room for the bell (phones): in the Tools sheet, while a
 * timer is set.
 */
export function ChimeToggle() {
  const { state } = useFacilitation()
  const muted = useValue('cb chime muted', () => $chimeMuted.get(), [])
  if (state.timer.status === 'idle') return null
  return (
    <button className="bar-chime" aria-pressed={muted} onClick={() => setChimeMuted(!muted)} data-testid="chime-toggle">
      {muted ? 'Timer chime: off' : 'Timer chime: on'}
    </button>
  )
}
