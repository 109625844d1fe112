// An old socket whose close handshake the server never finishes (the
// `live:slowclose` fault holds the answer for 30 s) must not make the server see two sockets of one
// session (quirk `one-socket-per-session`, on by default). talk gives the handshake a short bound, drops the
// socket, and only then resumes: no refusal, nothing lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { baseEnv, emulatorSessions, events, sha256, wavFixture } from './talk-helpers.js';

let emu: EmulatorHandle;
beforeAll(
  async () =>
    (emu = await spawnEmulator([
      '--connection-lifetime',
      '6s',
      '--go-away-lead',
      '4s',
      '--fault',
      'live:slowclose',
      '--log',
      'json',
    ])),
);
afterAll(() => emu.stop());

describe('talk against a server slow to finish the close handshake', () => {
  it('drops the old socket after its bound and resumes without a one-socket-per-session refusal', async () => {
    const { file, pcm } = wavFixture('slow-close.wav', [
      ['tone', 600],
      ['silence', 4900],
    ]);
    const result = await runCli(['talk', '--input', file, '--no-speaker', '--events'], {
      env: baseEnv(emu, { GEMINI_API_KEY: emu.apiKeys[0]! }),
      timeoutMs: 40_000,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const log = events(result.stdout);
    expect(log.filter((e) => e.type === 'resumed').length).toBeGreaterThanOrEqual(1);
    expect(log.at(-1)).toMatchObject({ type: 'closed', code: 1000, audioBytesSent: pcm.length });
    const { conversations, sessions } = await emulatorSessions(emu);
    expect(conversations).toHaveLength(1);
    expect(conversations[0]!.inputSha256).toBe(sha256(pcm));
    // The first session carried the fault, and talk ended it (after goAway, its turn done): the
    // close the server held. No resume was refused for a second open socket.
    expect(emu.log()).toContain('"fault":"slowclose"');
    expect(sessions[0]).toMatchObject({ conversationId: conversations[0]!.id, closedBy: 'client' });
    expect(emu.log()).not.toContain('one-socket-per-session');
    expect(sessions.filter((s) => s.closeReason === 'Internal error encountered.')).toEqual([]);
  }, 60_000);
});
