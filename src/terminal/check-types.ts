// What one doctor check reports: the doctor's commands produce these and terminal/check-list.ts
// draws them, so the types sit here, below both, and the renderer need not reach up into a command.

/**
 * Which exit code a failure maps to: audio → 6, other local setup → 2, the API host → 5. `video`
 * (ffmpeg) is advisory: voice works without it, so its failure is shown with the fix but changes
 * neither the exit code nor the report's `ok`; only talk's --video, --camera and --screen need it.
 */
export type CheckKind = 'local' | 'audio' | 'network' | 'video';

/** A failed check of this kind does not stop `gemtoken talk` (voice) from working. */
export const isAdvisory = (result: { readonly kind: CheckKind }): boolean => result.kind === 'video';

/** Every check, in the order the doctor runs and prints them. */
export type CheckName =
  | 'node'
  | 'api-key'
  | 'capture-program'
  | 'speaker-addon'
  | 'capture-device'
  | 'playback-device'
  | 'ffmpeg'
  | 'api-host';

export interface CheckResult {
  readonly name: CheckName;
  readonly kind: CheckKind;
  readonly ok: boolean;
  /** One line: what was found (never a secret). */
  readonly detail: string;
  /** The command (or one-line action) that fixes a failure on this platform. */
  readonly fix?: string;
}
