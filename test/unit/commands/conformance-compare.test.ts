// The conformance report, pure: rows from expectations and observations, the verdict, the profile
// file a run writes and reads, and the rendering (table and JSON).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRows, report, verdict, type Expectation } from '../../../src/commands/conformance/compare.js';
import { parseOnly, planRun, spendOf } from '../../../src/commands/conformance/plan.js';
import { reportJson, reportTable } from '../../../src/commands/conformance/render.js';
import type { Observation } from '../../../src/commands/conformance/probe.js';
import { profileQuirks } from '../../../src/emulator/quirks.js';
import { profileDocument, readProfileFile } from '../../../src/emulator/profile-file.js';

const EXPECT: Expectation[] = [
  { behaviour: 'resume-costs-use', documented: 'off', emulator: 'on' },
  { behaviour: 'mask:index', documented: 'refused', emulator: 'refused' },
  { behaviour: 'resume-loses-context', documented: 'off', emulator: 'off' },
];

describe('compareRows / verdict', () => {
  it('matches observed values against the profile; a behaviour not observed is listed, not judged', () => {
    const rows = compareRows(
      EXPECT,
      new Map<string, Observation>([
        ['resume-costs-use', { value: 'on', evidence: 'close 1011 "Token has been used too many times"' }],
        ['mask:index', { value: 'refused', evidence: 'HTTP 400' }],
      ]),
      new Map([['resume-loses-context', 'not probed: needs a model']]),
    );
    expect(rows.map((r) => [r.behaviour, r.observed, r.match])).toEqual([
      ['resume-costs-use', 'on', true],
      ['mask:index', 'refused', true],
      ['resume-loses-context', 'not probed', undefined],
    ]);
    expect(rows[2]!.evidence).toBe('not probed: needs a model');
    expect(verdict(rows)).toBe(0);
  });

  it('a differing value and an inconclusive probe both fail the verdict, and are named', () => {
    const rows = compareRows(
      EXPECT,
      new Map<string, Observation>([
        ['resume-costs-use', { value: 'off', evidence: 'setupComplete' }],
        ['mask:index', { evidence: 'inconclusive: HTTP 404' }],
      ]),
    );
    const result = report('observed', rows);
    expect(result.exitCode).toBe(1);
    expect(result.differing).toEqual(['resume-costs-use', 'mask:index']);
    expect(rows[1]!.observed).toBe('inconclusive');
  });

  it('property: any mix of observed values gives 0 exactly when every probed row matches', () => {
    const value = fc.option(fc.constantFrom('on', 'off', 'accepted', 'refused'), { nil: undefined });
    const probed = fc.option(value, { nil: null }); // null: not probed
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('on', 'off', 'accepted', 'refused'), probed), { maxLength: 15 }),
        (cases) => {
          const expectations = cases.map(([emulator], i) => ({ behaviour: `b${i}`, documented: 'unknown', emulator }));
          const observed = new Map<string, Observation>(
            cases.flatMap(([, seen], i) => (seen === null ? [] : [[`b${i}`, { value: seen, evidence: '' }] as const])),
          );
          const rows = compareRows(expectations, observed);
          const allMatch = cases.every(([emulator, seen]) => seen === null || seen === emulator);
          expect(verdict(rows)).toBe(allMatch ? 0 : 1);
          expect(report('p', rows).differing.length === 0).toBe(allMatch);
        },
      ),
    );
  });
});

describe('planRun', () => {
  it('expects what the profile says, the documented column from the docs, masks from the emulator rule', () => {
    const plan = planRun(profileQuirks('observed'), undefined);
    const row = (name: string) => plan.expectations.find((e) => e.behaviour === name);
    expect(row('resume-costs-use')).toEqual({ behaviour: 'resume-costs-use', documented: 'off', emulator: 'on' });
    expect(row('full-lock-ignores-client')).toMatchObject({ documented: 'on', emulator: 'on' });
    expect(row('mask:index')).toMatchObject({ documented: 'refused', emulator: 'refused' });
    expect(row('mask:nested')).toMatchObject({ documented: 'unknown', emulator: 'accepted' });
    expect(plan.reasons.get('resume-loses-context')).toMatch(/^not probed/);
    expect(plan.probes.map((p) => p.name)).not.toContain('resume-loses-context');
    expect(row('token:uses')).toMatchObject({ documented: 'refused', emulator: 'refused' });
    expect(row('token:bogus')).toMatchObject({ documented: 'refused', emulator: 'refused' });
    expect(plan.probes).toHaveLength(16);
  });

  it('--only narrows the rows and the probes; an unknown name is a usage error', () => {
    const plan = planRun(profileQuirks('documented'), parseOnly('indented-frames, mask:index'));
    expect(plan.expectations.map((e) => [e.behaviour, e.emulator])).toEqual([
      ['indented-frames', 'off'],
      ['mask:index', 'refused'],
    ]);
    expect(() => parseOnly('indented-frame')).toThrow(/unknown behaviour "indented-frame"/);
    expect(() => parseOnly(',')).toThrow(/--only/);
  });

  it('the spend: the lifetime probe dominates the Live time', () => {
    const plan = planRun(profileQuirks('observed'), undefined);
    expect(spendOf(plan.probes, { waitMs: 30_000, lifetimeWaitMs: 660_000 })).toEqual({
      mints: 15,
      sessions: 13,
      liveSeconds: 660 + 12 * 10,
    });
  });
});

describe('profile files', () => {
  it('round-trips what a run writes; quirks left out keep the observed default', () => {
    const text = profileDocument({ 'indented-frames': false }, { 'indented-frames': 'setupComplete as "{}"' });
    const profile = readProfileFile(JSON.parse(text), 'p.json');
    expect(profile.quirks).toEqual({ ...profileQuirks('observed'), 'indented-frames': false });
    expect(profile.evidence).toEqual({ 'indented-frames': 'setupComplete as "{}"' });
  });

  it.each([
    [[], /not a profile/],
    [{ format: 'x' }, /"format" must be/],
    [{ format: 'gemtoken-profile/1', quirks: { nope: true } }, /unknown quirk "nope"/],
    [{ format: 'gemtoken-profile/1', quirks: { 'indented-frames': 'yes' } }, /must be true or false/],
  ])('refuses %j', (value, message) => {
    expect(() => readProfileFile(value, 'p.json')).toThrow(message);
  });
});

describe('render', () => {
  const rows = compareRows(EXPECT, new Map([['resume-costs-use', { value: 'off', evidence: 'setupComplete' }]]));
  it('a table with a verdict line naming what differs', () => {
    const lines = reportTable(report('observed', rows));
    expect(lines[0]).toMatch(/^behaviour\s+documented\s+emulator\s+observed\s+match\s+evidence$/);
    expect(lines[1]).toMatch(/^resume-costs-use\s+off\s+on\s+off\s+DIFFERS\s+setupComplete$/);
    expect(lines.at(-1)).toBe('1 of 1 probed behaviours differ from the observed profile: resume-costs-use');
  });
  it('one JSON document', () => {
    const doc = JSON.parse(reportJson(report('observed', rows)));
    expect(doc).toMatchObject({ profile: 'observed', ok: false, differing: ['resume-costs-use'] });
    expect(doc.rows[1]).toEqual({
      behaviour: 'mask:index',
      documented: 'refused',
      emulator: 'refused',
      observed: 'not probed',
      match: null,
      evidence: 'not probed',
    });
  });
});
