/**
 * The shared countdown as everyone sees it: in the bar (small) and in projector mode (large). It is
 * computed from the relay's timer state and the relay's clock, so every screen agrees and a late
 * joiner or a reload shows the right time at once.
 */
import { useEffect, useRef, useState } from 'react'
import { timerRemainingMs } from '@circleboard/shared'
import { useFacilitation, useTick } from './hooks'
import { formatRemaining, isChimeMuted, justEnded, playChime, setChimeMuted } from './timer'

const PULSE_MS = 6000

export function TimerDisplay({ size = 'bar' }: { size?: 'bar' | 'big' }) {
  const { handle, state } = useFacilitation()
  const timer = state.timer
  useTick(timer.status === 'running')
  const remaining = timerRemainingMs(timer, handle.relayNow())
  const [muted, setMuted] = useState(isChimeMuted)
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
          onClick={() => {
            setChimeMuted(!muted)
            setMuted(!muted)
          }}
        >
          {muted ? '🔕' : '🔔'}
        </button>
      )}
    </div>
  )
}
