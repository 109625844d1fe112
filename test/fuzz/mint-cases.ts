// mint against one hostile HTTP peer whose next reply a case sets: shared by the mint properties.

import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll } from 'vitest';
import { CANARY_KEY, hostileHttp, type HostilePeer } from '../security/hostile.js';
import { start, type Stopped } from '../security/stop-once.js';
import { replyPlanArb, writeReply, type ReplyPlan } from './http-replies.js';
import { exitWithin } from './watch.js';

export const mintCase = fc.record({ reply: replyPlanArb, output: fc.constantFrom('json', 'name', 'env', 'github') });
export type MintCase = typeof mintCase extends fc.Arbitrary<infer T> ? T : never;

/** A peer for the file's tests (closed after them) and a runner that answers mint with the case's reply. */
export function mintPeer(): (value: MintCase, githubOutput: string) => Promise<Stopped> {
  let plan: ReplyPlan | undefined;
  let peer: HostilePeer | undefined;
  beforeAll(async () => {
    peer = await hostileHttp((_req, res) => void writeReply(res.socket!, plan!));
  });
  afterAll(() => peer?.close());
  return async ({ reply, output }, githubOutput) => {
    plan = reply;
    writeFileSync(githubOutput, '');
    const run = start(['mint', '--base-url', peer!.baseUrl, '--retries', '0', '--timeout', '2s', '--output', output], {
      env: { GEMINI_API_KEY: CANARY_KEY, GITHUB_OUTPUT: githubOutput },
      stdin: 'ignore',
    });
    return exitWithin(run, 15_000);
  };
}
