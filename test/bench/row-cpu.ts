// Row 10: CPU per minute of real-time audio — `gemtoken talk --input` (the real
// binary, speaker on through ALSA's file plugin) next to a minimal SDK client doing the same job
// (peers/sdk-talk.mjs), both at the same time against the same emulator, on the same file. CPU is
// the process tree's user + system time, read by the shell's `times` builtin after the client exits.
// At the same time, not one after the other: CPU time on this shared 2-core VM moves with what else
// runs (and is higher on an idle host than a loaded one), and run one after the other the same
// code measured 1.28×, 1.58× and 1.70× in three consecutive runs; side by side, both see the same
// machine.

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as WavModule from '../../src/audio/pcm/wav.js';
import type * as QuestionModule from '../../src/commands/demo/question-audio.js';
import { startEmulatorChild } from './emulator-child.js';
import { BIN, PEERS, ROOT, benchEnv } from './paths.js';
import { mintToken } from './row-talk.js';
import type { BenchRow } from './table.js';
import { alsaHome } from './talk-session.js';

const TARGET_PERCENT = 2;

/** Runs `command` under sh and returns the CPU seconds of its whole process tree (from `times`). */
function cpuOf(command: string, env: Record<string, string>): Promise<{ cpuS: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `${command} >/dev/null 2>&1; code=$?; times; exit $code`], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      // `times`: the shell's own user/system, then its children's, as "XmY.YYYs XmY.YYYs".
      const children = out.trim().split('\n').at(-1) ?? '';
      const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
        (sum, m) => sum + Number(m[1]) * 60 + Number(m[2]),
        0,
      );
      resolve({ cpuS: seconds, code });
    });
  });
}

const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;

export async function benchCpu(audioS: number): Promise<BenchRow> {
  const dist = (file: string) => import(pathToFileURL(path.join(ROOT, 'dist', file)).href);
  const { encodeWav } = (await dist('audio/pcm/wav.js')) as typeof WavModule;
  const { questionPcm, QUESTION_RATE } = (await dist('commands/demo/question-audio.js')) as typeof QuestionModule;
  const alsa = alsaHome();
  // Each client its own HOME (ALSA file plugin → its own played.raw).
  const sdkAlsa = alsaHome();
  const emu = await startEmulatorChild();
  try {
    // The question every 6 s: a conversation, not a monologue.
    const cycle = Buffer.concat([
      questionPcm(),
      Buffer.alloc(Math.max(0, 6 * QUESTION_RATE * 2 - questionPcm().length)),
    ]);
    const pcm = Buffer.concat(Array.from({ length: Math.ceil(audioS / 6) }, () => cycle));
    const file = path.join(alsa.home, 'conversation.wav');
    writeFileSync(file, encodeWav({ sampleRate: QUESTION_RATE, channels: 1 }, pcm));
    const [talkToken, sdkToken] = [await mintToken(emu), await mintToken(emu)];
    const [talk, sdk] = await Promise.all([
      cpuOf(
        `${quote(process.execPath)} ${quote(BIN)} talk --input ${quote(file)} --token ${quote(talkToken)} --base-url ${quote(emu.baseUrl)}`,
        benchEnv({ HOME: alsa.home }),
      ),
      cpuOf(
        `${quote(process.execPath)} ${quote(path.join(PEERS, 'sdk-talk.mjs'))} ${quote(emu.baseUrl)} ${quote(sdkToken)} ${quote(file)}`,
        benchEnv({ HOME: sdkAlsa.home, NODE_PATH: path.join(ROOT, 'node_modules') }),
      ),
    ]);
    const seconds = pcm.length / (QUESTION_RATE * 2);
    const talkPercent = (talk.cpuS / seconds) * 100;
    const sdkPercent = (sdk.cpuS / seconds) * 100;
    return {
      id: '10',
      what: `talk --input (speaker on), ${Math.round(seconds)} s of real-time audio: CPU per minute of audio`,
      measured: `${talkPercent.toFixed(2)} % of one core (${(talk.cpuS * (60 / seconds)).toFixed(2)} s per minute)`,
      comparison: `minimal SDK client, same job: ${sdkPercent.toFixed(2)} % (${(sdk.cpuS * (60 / seconds)).toFixed(2)} s per minute)`,
      ratio: `${(talkPercent / sdkPercent).toFixed(2)}×`,
      target: `≤ ${TARGET_PERCENT} % and below the SDK client`,
      met: talk.code === 0 && sdk.code === 0 && talkPercent <= TARGET_PERCENT && talkPercent < sdkPercent,
      note: `exit codes: talk ${talk.code}, SDK client ${sdk.code}; both ran at the same time; CPU includes each process's start-up (and talk's playback preflight child).`,
    };
  } finally {
    await emu.stop();
    alsa.cleanup();
    sdkAlsa.cleanup();
  }
}
