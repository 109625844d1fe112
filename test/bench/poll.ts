// Waits for a condition the bench cannot be told about (an answer still streaming on a socket it
// only counts), checking every `everyMs`, for at most `limitMs`. Returns whether it came true.

export async function pollUntil(condition: () => boolean, limitMs: number, everyMs = 50): Promise<boolean> {
  const deadline = performance.now() + limitMs;
  while (!condition()) {
    if (performance.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return true;
}
