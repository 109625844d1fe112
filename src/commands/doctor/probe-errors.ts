// Sorting network failures into what the doctor reports. Pure.

/** One line for a failed fetch: the timeout reason, or undici's `cause` code (ECONNREFUSED, ENOTFOUND…). */
export function describeFetchError(error: unknown, signal: AbortSignal): string {
  if (signal.aborted && signal.reason instanceof Error) return signal.reason.message;
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (cause?.message)
    return cause.code && !cause.message.includes(cause.code) ? `${cause.code}: ${cause.message}` : cause.message;
  if (cause?.code) return cause.code;
  return error instanceof Error ? error.message : String(error);
}
