// What one doctor check reports: the doctor's commands produce these and terminal/check-list.ts
// draws them, so the types sit here, below both, and the renderer need not reach up into a command.

/** Which exit code a failure maps to: audio (and ffmpeg, for video) → 6, other local setup → 2, the API host → 5. */
export type CheckKind = 'local' | 'audio' | 'network';

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
