// google.protobuf.Duration in its JSON form: seconds with 0, 3, 6 or 9 fractional digits and an
// "s" suffix ("5s", "0.600s"), as goAway.timeLeft carries it.

export function formatWireDuration(ms: number): string {
  const totalMs = Math.max(0, Math.round(ms));
  const seconds = Math.floor(totalMs / 1000);
  const millis = totalMs % 1000;
  return millis === 0 ? `${seconds}s` : `${seconds}.${String(millis).padStart(3, '0')}s`;
}

/** How long before the end of a connection the goAway goes out: 5 s, or a fifth of short lifetimes. */
export function goAwayLeadMs(lifetimeMs: number): number {
  return Math.min(5000, Math.floor(lifetimeMs / 5));
}
