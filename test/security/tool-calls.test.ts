// Handlers under control, against a hostile Live server that sends what it likes.
// A toolCall of 2,000 calls runs at most 8 handlers at once; calls of undeclared names
// (`../../etc/passwd`, `-c`, a name carrying escape sequences) run nothing and are answered
// {"error":"unknown function"}; what reaches the terminal carries no control sequence; and a
// handler's setsid grandchild ends with the session.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { CANARY_KEY, expectNoCanary, hostileWs, type HostilePeer } from './hostile.js';

let peer: HostilePeer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

const TITLE = '\u001b]0;pwned\u0007';
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
const UNDECLARED = ['../../etc/passwd', '-c', `get_time${TITLE}\u202e`, 'GET_TIME'];

interface Answer {
  readonly id: string;
  readonly name: string;
  readonly response: Record<string, unknown>;
}

/**
 * setupComplete; after the user's text, one toolCall of `calls`; once all are answered (or at once, or
 * once `ready()` holds: a handler is known to be running), one model turn.
 */
function toolCallScript(
  calls: readonly { id: string; name: string }[],
  answers: Answer[],
  waitForAnswers: boolean,
  ready?: () => boolean,
) {
  return (socket: WebSocket): void => {
    const turn = (): void => {
      socket.send(JSON.stringify({ serverContent: { outputTranscription: { text: 'done' } } }));
      socket.send(JSON.stringify({ serverContent: { generationComplete: true } }));
      socket.send(JSON.stringify({ serverContent: { turnComplete: true } }));
    };
    let asked = false;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Record<string, { functionResponses?: Answer[] }>;
      if ('setup' in message) return socket.send(JSON.stringify({ setupComplete: {} }));
      if (message.toolResponse) {
        answers.push(...(message.toolResponse.functionResponses ?? []));
        if (waitForAnswers && answers.length === calls.length) turn();
        return;
      }
      if (asked) return;
      asked = true;
      socket.send(JSON.stringify({ toolCall: { functionCalls: calls.map((c) => ({ ...c, args: {} })) } }));
      if (waitForAnswers) return;
      if (!ready) return turn();
      // Polled, not slept on: the turn (and so the session's end) waits until the condition holds.
      const poll = setInterval(() => {
        if (!ready()) return;
        clearInterval(poll);
        turn();
      }, 20);
      socket.on('close', () => clearInterval(poll));
    });
  };
}

function workDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-tool-calls-'));
  writeFileSync(path.join(dir, 'tools.json'), JSON.stringify([{ name: 'get_time' }]));
  return dir;
}

function handler(dir: string, body: string): string {
  writeFileSync(path.join(dir, 'handler.sh'), `#!/bin/sh\n${body}\n`);
  chmodSync(path.join(dir, 'handler.sh'), 0o755);
  return './handler.sh';
}

const talk = (dir: string, baseUrl: string, extra: string[], timeoutMs = 90_000) =>
  runCli(
    [
      'talk',
      '--token',
      'auth_tokens/abc',
      '--base-url',
      baseUrl,
      '--text',
      'hi',
      '--no-speaker',
      '--once',
      '--connect-timeout',
      '5s',
      '--tools',
      'tools.json',
      ...extra,
    ],
    {
      env: { GEMINI_API_KEY: CANARY_KEY },
      cwd: dir,
      timeoutMs,
    },
  );

describe('talk --tool-command against a hostile server', () => {
  it('2,000 calls and undeclared names: at most 8 handlers at once, undeclared names run nothing, the terminal stays clean', async () => {
    const dir = workDir();
    mkdirSync(path.join(dir, 'running'));
    // Each handler counts the handlers running beside it (a lower bound of the true concurrency).
    const command = handler(
      dir,
      ': > running/$$; set -- running/*; echo $# >> counts; echo "$GEMTOKEN_TOOL_NAME" >> names; rm -f running/$$; echo \'{"ok":true}\'',
    );
    const calls = [
      ...Array.from({ length: 2000 }, (_, i) => ({ id: `c${i}`, name: 'get_time' })),
      ...UNDECLARED.map((name, i) => ({ id: `u${i}`, name })),
    ];
    const answers: Answer[] = [];
    peer = await hostileWs(toolCallScript(calls, answers, true));
    const result = await talk(dir, peer.baseUrl, ['--tool-command', command]);
    expect(result.code, result.stderr).toBe(0);
    expect(hasStackTrace(result)).toBe(false);
    const counts = readFileSync(path.join(dir, 'counts'), 'utf8').trim().split('\n').map(Number);
    expect(counts).toHaveLength(2000);
    expect(Math.max(...counts)).toBeLessThanOrEqual(8);
    expect(new Set(readFileSync(path.join(dir, 'names'), 'utf8').trim().split('\n'))).toEqual(new Set(['get_time']));
    expect(answers).toHaveLength(calls.length);
    for (const [i, name] of UNDECLARED.entries())
      expect(answers.find((a) => a.id === `u${i}`)).toEqual({
        id: `u${i}`,
        name,
        response: { error: 'unknown function' },
      });
    expect(answers.filter((a) => a.id.startsWith('c')).every((a) => a.response.ok === true)).toBe(true);
    expect(result.stdout).not.toMatch(RAW_CONTROL);
    expect(result.stderr).not.toMatch(RAW_CONTROL);
    // The escape-laden name is shown without its sequence (and without the bidi override).
    expect(result.stdout).toMatch(/^\[tool get_time\(\{\}\) → \{"error":"unknown function"\} \d+ ms\]$/m);
    expect(result.stderr).toMatch(
      /^warning: the model called "\.\.\/\.\.\/etc\/passwd", which the session does not declare: answered \{"error":"unknown function"\}$/m,
    );
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  }, 120_000);

  it('the session ends while a handler runs: its setsid grandchild ends too', async () => {
    const dir = workDir();
    const command = handler(dir, "setsid sh -c 'echo $$ > daemon.pid; exec sleep 60' > /dev/null 2>&1 & sleep 60");
    // The session ends only once the grandchild has started (under load the handler could be ended
    // before it forked, and there would be nothing to check).
    peer = await hostileWs(
      toolCallScript([{ id: 'c1', name: 'get_time' }], [], false, () => existsSync(path.join(dir, 'daemon.pid'))),
    );
    const result = await talk(dir, peer.baseUrl, ['--tool-command', command, '--events'], 30_000);
    expect(result.code, result.stderr).toBe(0);
    const pid = Number(readFileSync(path.join(dir, 'daemon.pid'), 'utf8'));
    await expect.poll(() => running(pid), { timeout: 5000 }).toBe(false);
  });

  it('--tool-command without --tools: exit 2 before anything is sent', async () => {
    peer = await hostileWs(() => undefined);
    const result = await runCli(
      [
        'talk',
        '--token',
        'auth_tokens/abc',
        '--base-url',
        peer.baseUrl,
        '--text',
        'hi',
        '--no-speaker',
        '--tool-command',
        'true',
      ],
      { env: { GEMINI_API_KEY: CANARY_KEY } },
    );
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      'gemtoken: --tool-command needs --tools: only the functions declared there run the command',
    );
    expect(peer.requests).toEqual([]);
  });
});

function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!);
  } catch {
    return false;
  }
}
