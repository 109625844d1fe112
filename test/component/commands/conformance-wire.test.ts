// The conformance probes' port over the wire, against an in-process emulator: a Live upgrade the
// service answers (even with a close) is evidence; one nobody answers is the network (exit 5).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../../src/context.js';
import { systemClock } from '../../../src/clock.js';
import { ExitCode } from '../../../src/errors.js';
import { SecretRegistry } from '../../../src/redact.js';
import { createEmulatorServer, type RunningEmulator } from '../../../src/emulator/index.js';
import { wireProbeIo } from '../../../src/commands/conformance/wire-io.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await createEmulatorServer({ port: 0 });
});
afterAll(() => emu.close());

const ctx = (): Context =>
  ({
    fetch: globalThis.fetch,
    clock: systemClock,
    signal: new AbortController().signal,
    secrets: new SecretRegistry(),
  }) as unknown as Context;
const io = (baseUrl: string, c = ctx()) =>
  wireProbeIo(c, {
    baseUrl,
    apiVersion: 'v1alpha',
    apiKey: emu.apiKeys[0]!,
    keySource: 'test',
    model: 'gemini-3.8-live',
    waitMs: 5_000,
    lifetimeWaitMs: 5_000,
  });

describe('wireProbeIo', () => {
  it('mints from a raw body, learns the token as a secret, and reads the frames as they came', async () => {
    const c = ctx();
    const reply = await io(emu.baseUrl, c).mint({ uses: 1 });
    expect(reply.status).toBe(200);
    expect(c.secrets.redact(`x ${reply.name!} x`)).not.toContain(reply.name!);
    const session = await io(emu.baseUrl, c).open(reply.name!);
    session.send({ setup: { model: 'models/gemini-3.8-live', generationConfig: { responseModalities: ['AUDIO'] } } });
    const first = await session.next(5_000);
    expect(first).toMatchObject({ kind: 'frame', text: '{\n  "setupComplete": {}\n}\n' });
    await session.close();
    // A second close is a no-op: a probe may close its session early and sessionProbe closes it again.
    await session.close();
    expect(await session.next(0)).toMatchObject({ kind: 'closed', code: 1000 });
  });

  it('a refused token is a close to report, not a failure', async () => {
    const session = await io(emu.baseUrl).open(`auth_tokens/${'0'.repeat(64)}`);
    expect(await session.next(5_000)).toMatchObject({ kind: 'closed' });
  });

  it('a Live endpoint nobody answers is a network error (exit 5)', async () => {
    await expect(io('http://127.0.0.1:1').open('auth_tokens/x')).rejects.toMatchObject({
      exitCode: ExitCode.network,
    });
  });

  it('a mint nobody answers is a network error; a 400 is evidence with the message', async () => {
    await expect(io('http://127.0.0.1:1').mint({ uses: 1 })).rejects.toMatchObject({ exitCode: ExitCode.network });
    expect(await io(emu.baseUrl).mint({ uses: 1, bogus: true })).toMatchObject({ status: 400 });
  });
});
