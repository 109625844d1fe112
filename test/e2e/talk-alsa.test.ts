// `gemtoken talk` with the real `mic` (arecord, paced to real time) and the real `speaker` addon on
// real ALSA, without a sound card (test/helpers/alsa.ts): spoken input → emulator turn
// → reply audio in the playback file; barge-in; goAway/resume with every captured frame delivered.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { alsaAvailable, createAlsaSandbox, type AlsaSandbox } from '../helpers/alsa.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { expectNoProcessLeft } from '../helpers/processes.js';
import { silence16k, tone16k } from '../helpers/live-client.js';
import { emulatorSessions, events, talkUntilThenInterrupt } from './talk-helpers.js';

const skip = alsaAvailable();

const sandboxes: AlsaSandbox[] = [];
afterEach(async () => {
  for (const box of sandboxes.splice(0)) {
    // arecord is gone when talk exits; the pacing `pv` behind it drains its pipe at real time first.
    await expectNoProcessLeft(box.home);
    box.cleanup();
  }
});

function sandbox(capture: Buffer): AlsaSandbox {
  const box = createAlsaSandbox(capture);
  sandboxes.push(box);
  return box;
}

const peak = (pcm: Buffer): number => {
  let max = 0;
  for (let i = 0; i + 1 < pcm.length; i += 2) max = Math.max(max, Math.abs(pcm.readInt16LE(i)));
  return max;
};

describe.skipIf(skip !== undefined)('gemtoken talk on real ALSA', () => {
  let emu: EmulatorHandle;
  let lifetimeEmu: EmulatorHandle;

  beforeAll(async () => {
    [emu, lifetimeEmu] = await Promise.all([spawnEmulator(), spawnEmulator(['--connection-lifetime', '3s'])]);
  });
  afterAll(async () => {
    await Promise.all([emu.stop(), lifetimeEmu.stop()]);
  });

  const env = (box: AlsaSandbox, target: EmulatorHandle) => ({
    ...box.env,
    GEMTOKEN_BASE_URL: target.baseUrl,
    GEMINI_API_KEY: target.apiKeys[0]!,
  });

  it('microphone speech → model turn → reply audio on the speaker; no capture process left', async () => {
    const box = sandbox(Buffer.concat([silence16k(300), tone16k(800), silence16k(4000)]));
    const result = await runCli(['talk', '--echo', 'headphones', '--once', '--events'], {
      env: env(box, emu),
      timeoutMs: 30_000,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const log = events(result.stdout);
    const turn = log.find((e) => e.type === 'turn')!;
    expect(turn).toMatchObject({ interrupted: false });
    const played = box.played();
    // Everything the model said reached the device (the file plugin may pad with silence).
    expect(played.length).toBeGreaterThanOrEqual(turn.audioBytes as number);
    expect(peak(played)).toBeGreaterThan(1000);
    const closed = log.at(-1)!;
    expect(closed).toMatchObject({ type: 'closed', code: 1000, droppedFrames: 0 });
    const conversation = (await emulatorSessions(emu)).conversations.at(-1)!;
    expect(conversation.audioBytesIn).toBe(closed.audioBytesSent);
  });

  it('barge-in: speech over the reply interrupts it and playback is flushed', async () => {
    // Reply to the first burst starts ~0.5 s after it ends; the second burst lands inside it.
    const box = sandbox(Buffer.concat([tone16k(800), silence16k(1300), tone16k(700), silence16k(6000)]));
    const result = await runCli(['talk', '--echo', 'headphones', '--once', '--events'], {
      env: env(box, emu),
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(0);
    const log = events(result.stdout);
    const interrupted = log.find((e) => e.type === 'interrupted');
    expect(interrupted).toBeDefined();
    expect(typeof interrupted!.heardMs).toBe('number');
    const turns = log.filter((e) => e.type === 'turn');
    expect(turns[0]).toMatchObject({ interrupted: true });
    expect(turns.at(-1)).toMatchObject({ interrupted: false });
    expect(peak(box.played())).toBeGreaterThan(1000);
  });

  it('half-duplex (default): mic frames captured while the reply plays are not sent', async () => {
    const box = sandbox(Buffer.concat([tone16k(800), silence16k(1300), tone16k(700), silence16k(6000)]));
    const result = await runCli(['talk', '--once', '--events'], { env: env(box, emu), timeoutMs: 30_000 });
    expect(result.code).toBe(0);
    const log = events(result.stdout);
    expect(log[0]).toMatchObject({ type: 'setup', echo: 'half-duplex' });
    // The second burst falls inside the reply: gated, so no barge-in.
    expect(log.some((e) => e.type === 'interrupted')).toBe(false);
    expect(log.at(-1)!.gatedFrames as number).toBeGreaterThan(0);
  });

  it('goAway/resume with the microphone: every captured frame sent reaches the emulator once', async () => {
    const box = sandbox(Buffer.concat([silence16k(500), tone16k(600), silence16k(20_000)]));
    const { code, stdout, stderr } = await talkUntilThenInterrupt(
      ['--echo', 'headphones', '--events'],
      env(box, lifetimeEmu),
      (out) => (out.match(/"type":"resumed"/g) ?? []).length >= 2,
    );
    expect(code).toBe(130);
    expect(stderr).toBe('gemtoken: interrupted\n');
    const log = events(stdout);
    const closed = log.at(-1)!;
    expect(closed).toMatchObject({ type: 'closed', code: 1000, by: 'client', droppedFrames: 0 });
    const { conversations, sessions } = await emulatorSessions(lifetimeEmu);
    const conversation = conversations.at(-1)!;
    expect(conversation.sessions).toBeGreaterThanOrEqual(3);
    expect(conversation.audioBytesIn).toBe(closed.audioBytesSent);
    expect(
      sessions
        .filter((s) => s.conversationId === conversation.id)
        .every((s) => s.closeCode === 1000 && s.closedBy === 'client'),
    ).toBe(true);
  });
});
