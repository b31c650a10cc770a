/**
 * The relay's clock as seen from this device. A shared countdown must read the same on every
 * screen, and device clocks are often minutes off (tablets without network time, projectors). So
 * we ask the relay for its time now and then and keep the offset NTP-style: the relay read its
 * clock somewhere between our send and our receive, best guess the midpoint, and the error is at
 * most half the round trip; so the sample with the shortest round trip is the one to trust.
 */

export interface ClockSample {
  /** Relay time minus device time, ms. */
  offset: number
  /** Round trip of the probe, ms (the offset is right to within half of it). */
  rtt: number
  /** Device time the answer arrived. */
  at: number
}

/** One probe: sent at `sentAt`, the relay said `relayNow`, the answer came at `receivedAt` (device ms). */
export function clockSample(sentAt: number, relayNow: number, receivedAt: number): ClockSample | null {
  const rtt = receivedAt - sentAt
  // A negative round trip means the device clock jumped while waiting: the sample says nothing.
  if (!Number.isFinite(rtt) || rtt < 0 || !Number.isFinite(relayNow)) return null
  return { offset: relayNow - (sentAt + rtt / 2), rtt, at: receivedAt }
}

/** The offset to use: the sample with the smallest round trip (the newest of equals). */
export function bestOffset(samples: readonly ClockSample[]): number | null {
  let best: ClockSample | null = null
  for (const s of samples) if (!best || s.rtt < best.rtt || (s.rtt === best.rtt && s.at > best.at)) best = s
  return best ? best.offset : null
}

/** Keeps the newest `max` samples (an old one may predate a device clock change). */
export function addSample(samples: readonly ClockSample[], sample: ClockSample, max = 8): ClockSample[] {
  return [...samples, sample].slice(-max)
}
