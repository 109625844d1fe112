// The playback queue's cap. The service sends faster than real time; a server that floods (20× real
// time in the security suite) must not grow the queue without bound. Beyond the cap the OLDEST queued audio
// goes: the listener is behind anyway, and the newest is what the model is saying now.

/** Most audio queued ahead of the device. */
export const MAX_QUEUED_MS = 10_000;

/** Removes up to `bytes` (rounded down to whole s16 samples) from the front of `queue`; returns how many went. */
export function dropOldest(queue: Buffer[], bytes: number): number {
  let excess = bytes - (bytes % 2);
  let dropped = 0;
  while (excess > 0 && queue.length > 0) {
    const head = queue[0]!;
    const take = Math.min(head.length, excess);
    if (take === head.length) queue.shift();
    else queue[0] = head.subarray(take);
    dropped += take;
    excess -= take;
  }
  return dropped;
}
