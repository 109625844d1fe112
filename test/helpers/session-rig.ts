// The SessionRunner on fakes, shared by the runner's component tests: a FakeTransport the test plays the
// server on, a FakeClock, the events it reports and the AbortController behind Ctrl-C. A test file adds
// only the ports and settings its cases are about (input, playback, video, tools, a token supply).
import { definedProps } from '../../src/defined-props.js';
import type { TalkEvent } from '../../src/live/session/events.js';
import { SessionRunner, type SessionRunnerDeps } from '../../src/live/session/session-runner.js';
import { SESSION_DEFAULTS, type TalkSessionConfig } from '../../src/live/session/session-types.js';
import { FakeClock, flushPromises } from '../fakes/fake-clock.js';
import { FakeTransport, type FakeConnection } from '../fakes/fake-transport.js';

/**
 * A session's settings: audio, transcribed, compressed, no speaker, input from a file, an unbounded
 * backlog and the default timings; `over` and `setup` change any of them.
 */
export const sessionConfig = (
  over: Partial<TalkSessionConfig> = {},
  setup: Partial<TalkSessionConfig['setup']> = {},
): TalkSessionConfig => ({
  setup: {
    model: 'gemini-3.8-live',
    modality: 'audio',
    transcription: true,
    compress: true,
    pushToTalk: false,
    ...setup,
  },
  apiVersion: 'v1alpha',
  echo: 'headphones',
  speaker: false,
  liveInput: false,
  backlogLimitBytes: Number.POSITIVE_INFINITY,
  once: false,
  ...SESSION_DEFAULTS,
  ...over,
});

/** The ports a test adds to the rig's own (transport, clock, signal, onEvent); an undefined one is left out. */
type ExtraDeps = Partial<Omit<SessionRunnerDeps, 'transport' | 'clock' | 'signal' | 'onEvent'>>;

export interface SessionRigOptions {
  readonly deps?: ExtraDeps;
  readonly session?: Partial<TalkSessionConfig>;
  readonly setup?: Partial<TalkSessionConfig['setup']>;
  /** The first connect's token (default `auth_tokens/t`). */
  readonly token?: string;
  /** The typed question (--text). */
  readonly text?: string;
  /** A clock the test built first, for a port that needs it before the runner exists. */
  readonly clock?: FakeClock;
}

export type SessionRig = ReturnType<typeof sessionRig>;

/** A started runner: `done` settles with undefined when run() ends well, or with the error it threw. */
export function sessionRig(options: SessionRigOptions = {}) {
  const clock = options.clock ?? new FakeClock();
  const transport = new FakeTransport();
  const events: TalkEvent[] = [];
  const controller = new AbortController();
  const runner = new SessionRunner(
    {
      transport,
      clock,
      signal: controller.signal,
      onEvent: (e) => events.push(e),
      ...definedProps(options.deps ?? {}),
    },
    {
      baseUrl: 'http://127.0.0.1:1',
      token: options.token ?? 'auth_tokens/t',
      connectTimeoutMs: 5000,
      session: sessionConfig(options.session, options.setup),
      ...definedProps({ text: options.text }),
    },
  );
  const done = runner.run().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { clock, transport, events, controller, runner, done };
}

/** The `n`th connection once the server has accepted it (setupComplete) and the runner has taken that in. */
export async function connected(rig: { readonly transport: FakeTransport }, n = 0): Promise<FakeConnection> {
  const connection = await rig.transport.nth(n);
  connection.accept();
  await flushPromises();
  return connection;
}

/** `n` bytes of PCM that differ by `seed`, so where each byte went can be checked. */
export const pcm = (n: number, seed: number): Buffer =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + seed) % 256));

/** Feeds numbered PCM into `input` and keeps every byte fed, in order, to compare with what was sent. */
export function audioFeed(input: { push(pcm: Buffer): void }) {
  const fed: Buffer[] = [];
  const feed = (n: number, seed: number): void => {
    const b = pcm(n, seed);
    fed.push(b);
    input.push(b);
  };
  return { fed, feed };
}

/** A server message carrying model audio (24 kHz PCM). */
export const modelAudioMessage = (audio: Buffer) => ({
  serverContent: {
    modelTurn: { parts: [{ inlineData: { mimeType: 'audio/pcm;rate=24000', data: audio.toString('base64') } }] },
  },
});
