// The playback probe child on its own (dist/playback-probe.cjs): talk starts it
// before every session with the speaker on, so it must answer like the check it replaced
// (`gemtoken doctor --probe-playback`) while loading only the speaker adapter: no ES-module CLI,
// no commander, none of gemtoken's command chunks.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { alsaAvailable, createAlsaSandbox, type AlsaSandbox } from '../helpers/alsa.js';

const PROBE = path.join(ROOT, 'dist', 'playback-probe.cjs');
const skip = alsaAvailable();
const boxes: AlsaSandbox[] = [];
afterAll(() => boxes.forEach((box) => box.cleanup()));

function probe(
  home: string,
  args: readonly string[] = [],
  require?: string,
  file = PROBE,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      ...(require ? { NODE_OPTIONS: `--require ${require}` } : {}),
    };
    const child = spawn(process.execPath, [file, '--probe-playback', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout }));
  });
}

describe.skipIf(skip !== undefined)('dist/playback-probe.cjs', () => {
  const sandbox = (): AlsaSandbox => {
    const box = createAlsaSandbox(Buffer.alloc(0));
    boxes.push(box);
    return box;
  };

  it('opens the default device, plays a little silence, and says ok', async () => {
    const box = sandbox();
    const result = await probe(box.home);
    expect(result).toEqual({ code: 0, signal: null, stdout: '{"kind":"ok"}\n' });
    expect(box.played().length).toBeGreaterThan(0);
  });

  it('names the device it could not open (--probe-device)', async () => {
    const result = await probe(sandbox().home, ['--probe-device', 'nosuchdevice']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      kind: 'device',
      message: expect.stringMatching(/^cannot open the audio output device 'nosuchdevice': /),
    });
  });

  it('is the one that dies when the addon aborts: no usable device', async () => {
    const home = path.join(sandbox().home, 'no-sound-card');
    mkdirSync(home);
    writeFileSync(path.join(home, '.asoundrc'), 'pcm.!default { type hw card 99 }\n');
    expect(await probe(home)).toMatchObject({ code: null, signal: 'SIGABRT' });
  });

  it('loads the speaker adapter and nothing of the CLI', async () => {
    const box = sandbox();
    const list = path.join(box.home, 'loaded.json');
    const hook = path.join(box.home, 'list-modules.cjs');
    writeFileSync(
      hook,
      `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))));\n`,
    );
    expect((await probe(box.home, [], hook)).stdout).toBe('{"kind":"ok"}\n');
    const ours = (JSON.parse(readFileSync(list, 'utf8')) as string[]).filter(
      (file) => file.startsWith(ROOT) && !file.includes(`${path.sep}node_modules${path.sep}`),
    );
    expect(ours).toEqual([PROBE]);
    const source = readFileSync(PROBE, 'utf8');
    expect(source).not.toMatch(/commander|chunks\/|import\(/);
  });
});

it('without the speaker package: an addon outcome that says it is not installed', async () => {
  // A copy of the probe where no node_modules is above it: require('speaker') finds nothing.
  const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-probe-'));
  try {
    const copy = path.join(dir, 'playback-probe.cjs');
    copyFileSync(PROBE, copy);
    const result = await probe(dir, [], undefined, copy);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      kind: 'addon',
      message: 'cannot play audio: the optional `speaker` package is not installed',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
