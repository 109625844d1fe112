// `require('gemtoken')`, `require('gemtoken/testing')` and `require('gemtoken/fetch')` from CommonJS (a CommonJS project, or jest
// without its ES-module mode), on the built package: esbuild.config.mjs writes dist/cjs/*.cjs and
// package.json's "exports" names them under "require". The package resolves itself by name from
// its own folder (Node's self-reference), so this is the path an installed package takes.
// Run `npm run build` first.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, scrubbedEnv } from '../helpers/cli.js';

const run = promisify(execFile);

const SCRIPT = `
const gemtoken = require('gemtoken');
const { startTestEmulator } = require('gemtoken/testing');
(async () => {
  const emu = await startTestEmulator();
  try {
    const token = await gemtoken.mintToken({ apiKey: emu.apiKey, baseUrl: emu.baseUrl, uses: 1 });
    let refused;
    try {
      await gemtoken.mintToken({ apiKey: '', baseUrl: emu.baseUrl });
    } catch (error) {
      refused = error;
    }
    console.log(JSON.stringify({
      token: token.name.startsWith('auth_tokens/'),
      usage: refused instanceof gemtoken.UsageError && refused.exitCode === gemtoken.ExitCode.usage,
      env: process.env.GEMTOKEN_BASE_URL === emu.baseUrl,
    }));
  } finally {
    await emu.stop();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

const FETCH_SCRIPT = `
const { tokenHandler } = require('gemtoken/fetch');
const { startTestEmulator } = require('gemtoken/testing');
(async () => {
  const emu = await startTestEmulator();
  try {
    const handle = tokenHandler({ apiKey: emu.apiKey, baseUrl: emu.baseUrl, path: '/token' });
    const answer = await handle(new Request('http://localhost/token', { method: 'POST' }));
    const body = await answer.json();
    console.log(JSON.stringify({ status: answer.status, token: body.name.startsWith('auth_tokens/') }));
  } finally {
    await emu.stop();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

describe('the library from CommonJS', () => {
  it("require('gemtoken/fetch') gives a tokenHandler that mints", async () => {
    const { stdout } = await run(process.execPath, ['-e', FETCH_SCRIPT], {
      cwd: ROOT,
      env: scrubbedEnv(),
      timeout: 30_000,
    });
    expect(JSON.parse(stdout.trim())).toEqual({ status: 200, token: true });
  });

  it("require('gemtoken') mints against require('gemtoken/testing')'s emulator; one set of error classes", async () => {
    const { stdout } = await run(process.execPath, ['-e', SCRIPT], { cwd: ROOT, env: scrubbedEnv(), timeout: 30_000 });
    expect(JSON.parse(stdout.trim())).toEqual({ token: true, usage: true, env: true });
  });
});
