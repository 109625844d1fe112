// Upgrades the upstream refused, on replay: read from their cassette (open + refused), and met in
// recording order among the sessions of the same route (a refusal has no setup to match by); so is a
// session recorded without any client message.
import { describe, expect, it } from 'vitest';
import { EmulatorOptionError } from '../../../src/emulator/durations.js';
import type { CassetteLine } from '../../../src/emulator/record/cassette.js';
import { liveCassette, refusedUpgrade, type LiveCassette } from '../../../src/emulator/replay/load.js';
import { UpgradeOrder } from '../../../src/emulator/replay/upgrade-order.js';

const ROUTE = '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent';
const open = (route = ROUTE): CassetteLine => ({
  t: 0,
  dir: 'client',
  kind: 'open',
  path: `/${route}?key=<redacted>`,
  headers: {},
});
const refusedLines = (status: unknown, route = ROUTE): CassetteLine[] => [
  open(route),
  {
    t: 4,
    dir: 'server',
    kind: 'refused',
    status,
    headers: { 'content-type': 'application/json', 'retry-after': '2', bad: 7 },
    body: { error: { code: status } },
  },
];
const session = (order: number, route = ROUTE): LiveCassette =>
  liveCassette(
    `live-${order}.ndjson`,
    [open(route), { t: 1, dir: 'client', kind: 'frame', json: { setup: { model: 'm' } } }],
    order,
  );

describe('refusedUpgrade', () => {
  it('reads status, string headers and body; the route drops the query and doubled slashes', () => {
    expect(refusedUpgrade('live-0001.ndjson', refusedLines(429), 0)).toEqual({
      file: 'live-0001.ndjson',
      order: 0,
      route: ROUTE,
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '2' },
      body: '{"error":{"code":429}}',
    });
    expect(refusedUpgrade('live-0002.ndjson', [open()], 1)).toBeUndefined();
  });

  it.each([[101], [200], ['429'], [600]])(
    'a status of %j is not a refusal: the cassette is refused at load',
    (status) => {
      expect(() => refusedUpgrade('live-0001.ndjson', refusedLines(status), 0)).toThrow(EmulatorOptionError);
    },
  );
});

describe('UpgradeOrder', () => {
  it('refuses an upgrade when a refusal comes before the next session of its route, counting accepted upgrades still without a setup', () => {
    // Recorded: session 0, refusal 1, session 2, refusal 3 (all on one route), and one refusal elsewhere.
    const sessions = [session(0), session(2)];
    const refusals = [
      refusedUpgrade('r1', refusedLines(429), 1)!,
      refusedUpgrade('r3', refusedLines(503), 3)!,
      refusedUpgrade('r4', refusedLines(403, '/ws/other'), 4)!,
    ];
    const used = new Set<LiveCassette>();
    const order = new UpgradeOrder(sessions, refusals, used);
    expect(order.next(ROUTE)).toBeUndefined(); // takes session 0 (its setup is still to come)
    expect(order.next(ROUTE)?.file).toBe('r1'); // the refusal recorded next
    expect(order.next(ROUTE)).toBeUndefined(); // session 2
    expect(order.next(ROUTE)?.file).toBe('r3');
    expect(order.next(ROUTE)).toBeUndefined(); // nothing left: accepted, and its setup will fail loudly
    expect(order.next('/ws/other')?.file).toBe('r4');
  });

  it('a session recorded without client messages (the upstream closed first) is met at the upgrade, in order, like a refusal', () => {
    const setupless = liveCassette(
      'live-1.ndjson',
      [open(), { t: 2, dir: 'server', kind: 'close', code: 1008, reason: 'no key' }],
      1,
    );
    expect([setupless.setupless, setupless.client, setupless.server.map((s) => [s.after, s.delayMs])]).toEqual([
      true,
      [],
      [[0, 2]],
    ]);
    const sessions = [session(0), session(2)];
    expect(sessions.map((s) => s.setupless)).toEqual([false, false]);
    const order = new UpgradeOrder(sessions, [setupless], new Set());
    expect(order.next(ROUTE)).toBeUndefined();
    expect(order.next(ROUTE)).toBe(setupless);
    expect(order.next(ROUTE)).toBeUndefined();
  });

  it('a session whose setup picked its cassette no longer counts as pending', () => {
    const sessions = [session(0), session(2)];
    const used = new Set<LiveCassette>();
    const order = new UpgradeOrder(sessions, [refusedUpgrade('r1', refusedLines(429), 1)!], used);
    expect(order.next(ROUTE)).toBeUndefined();
    used.add(sessions[0]!);
    order.settled(ROUTE);
    expect(order.next(ROUTE)?.file).toBe('r1');
  });
});
