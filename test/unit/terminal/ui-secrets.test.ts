// The terminal sinks: stderr loses every secret (keys and tokens), stdout every key in
// any form, while a token the user asked for stays on stdout; only the emulator's ready line, which is
// there to hand out its keys, keeps them.
import { describe, expect, it } from 'vitest';
import type { Context } from '../../../src/context.js';
import { REDACTED, SecretRegistry } from '../../../src/redact.js';
import { createUi } from '../../../src/terminal/ui.js';

const KEY = 'AIzaSyCanary-9f3e2d1c0b7a6958473625140q';
const TOKEN = `auth_tokens/${'ab12'.repeat(16)}`;

function recorder(): { ctx: Context; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const secrets = new SecretRegistry();
  secrets.add(KEY);
  secrets.addToken(TOKEN);
  const ctx = {
    env: {},
    isTTY: { stdin: false, stdout: false, stderr: false },
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    secrets,
    verbose: false,
  } as unknown as Context;
  return { ctx, out, err };
}

describe('Ui and the secret registry', () => {
  it('stdout keeps the token asked for and loses the key in any form', () => {
    const { ctx, out } = recorder();
    const ui = createUi(ctx);
    ui.data(TOKEN);
    ui.data(`model said ${Buffer.from(`x${KEY}`).toString('base64')} and ${KEY.toLowerCase()}`);
    ui.dataRaw([...KEY].join(' '));
    expect(out[0]).toBe(`${TOKEN}\n`);
    expect(out[1]).toMatch(new RegExp(`^model said \\S*\\[REDACTED\\]\\S* and \\[REDACTED\\]\\n$`));
    expect(out[2]).toBe(REDACTED);
  });

  it('stderr loses the key and the token', () => {
    const { ctx, err } = recorder();
    createUi(ctx).warn(`${KEY.toUpperCase()} ${TOKEN}`);
    expect(err.join('')).not.toMatch(/AIZA|ab12ab12/i);
  });

  it("a person's export line shows the one key it is for, and scrubs the rest of the line", () => {
    const { ctx, err } = recorder();
    createUi(ctx).infoShowingKey(`  ${TOKEN} export GEMINI_API_KEY=`, KEY);
    expect(err).toEqual([`  ${REDACTED} export GEMINI_API_KEY=${KEY}\n`]);
  });

  it('the emulator ready line keeps the keys it hands out', () => {
    const { ctx, out } = recorder();
    createUi(ctx).dataWithKeys(JSON.stringify({ apiKeys: [KEY] }));
    expect(out).toEqual([`{"apiKeys":["${KEY}"]}\n`]);
  });
});
