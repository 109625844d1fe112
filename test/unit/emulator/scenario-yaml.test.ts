// --scenario in YAML: the same value as the JSON file gives (one schema, one set of path errors),
// which parser a file gets, and one line naming the line and column for a YAML syntax error.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioJsonText, scenarioYamlText } from '../../../src/emulator/export/format.js';
import { loadScenario } from '../../../src/emulator/scenario/load.js';
import { isYaml, parseYaml } from '../../../src/emulator/scenario/load.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-yaml-'));
const file = (name: string, text: string): string => {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};
const SCENARIO = {
  description: 'both formats',
  connection: { lifetimeMs: 600000, goAwayLeadMs: 50000 },
  turns: [
    {
      expect: { text: 'weather' },
      model: { toolCall: { name: 'get_weather', args: { city: 'Paris' } }, reply: 'It is sunny: 21 °C.' },
    },
    { expect: 'anything', model: { reply: 'yes', goAwayAfterMs: 500, interruptAfterMs: 1200 } },
    { expect: { audioMs: [300, 5000] }, model: { reply: 'Goodbye.', close: { code: 1000, reason: 'done' } } },
  ],
};
const YAML_TEXT = `description: both formats
connection: { lifetimeMs: 600000, goAwayLeadMs: 50000 }
turns:
  - expect: { text: weather }
    model:
      toolCall: { name: get_weather, args: { city: Paris } }
      reply: "It is sunny: 21 °C."
  - expect: anything
    model: { reply: yes, goAwayAfterMs: 500, interruptAfterMs: 1200 }   # YAML 1.2: yes is a string
  - expect: { audioMs: [300, 5000] }
    model:
      reply: Goodbye.
      close: { code: 1000, reason: done }
`;

describe('YAML scenarios', () => {
  it('load into the same scenario as the JSON file, whatever the extension says', async () => {
    const json = await loadScenario(file('s.json', JSON.stringify(SCENARIO)));
    for (const name of ['s.yaml', 's.yml', 's.scenario'])
      expect({ ...(await loadScenario(file(name, YAML_TEXT))), name: 's.json' }).toEqual(json);
    // What --export-scenario prints, in either format, reads back as the same value.
    expect(await parseYaml(await scenarioYamlText(SCENARIO), 'x')).toEqual(SCENARIO);
    expect(JSON.parse(scenarioJsonText(SCENARIO))).toEqual(SCENARIO);
  });

  it('go by the extension, else by the first character', () => {
    expect([
      isYaml('a.yaml', '{}'),
      isYaml('a.YML', ''),
      isYaml('a.json', 'turns: []'),
      isYaml('a', '  {"turns": []}'),
      isYaml('a', 'turns: []'),
    ]).toEqual([true, true, false, false, true]);
  });

  it.each([
    [
      'turns:\n  - expect: anything\n    model: {reply: "hi"\n',
      'not YAML: line 4, column 1: Flow map in block collection must be sufficiently indented and end with a }',
    ],
    ['turns: []\nturns: []\n', 'not YAML: line 2, column 1: Map keys must be unique'],
    ['turns:\n  - model: *nowhere\n', 'not YAML: line 2, column 12: an alias names no anchor above it'],
  ])('%j → one line naming the line and column', async (text, message) => {
    const error = await loadScenario(file('bad.yaml', text)).then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(error).toContain(`--scenario bad.yaml: ${message}`);
    expect(error).not.toContain('\n');
  });

  it('an alias bomb is refused, not expanded', async () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefghij'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(', ')}]`),
      'turns: [*j]',
    ].join('\n');
    const error = await loadScenario(file('bomb.yaml', bomb)).then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(error).toMatch(/^--scenario bomb\.yaml: not YAML: .*alias/i);
  });

  it('the schema errors name the same path as for JSON', async () => {
    const error = await loadScenario(file('path.yaml', 'turns:\n  - model: { toolCall: { name: 7 } }\n')).then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(error).toBe('--scenario path.yaml: turns[0].model.toolCall.name: expected a string');
  });
});
