// Entry of dist/playback-probe.cjs (esbuild.config.mjs): the child that talk (before every session
// with the speaker on) and doctor start to open the playback device once, so that the `speaker`
// addon's abort on a machine without a usable device kills this child and not them
// (playback-probe.ts). It prints one PlaybackOutcome line. CommonJS holding only the speaker
// adapter: the child used to be `gemtoken doctor --probe-playback`, the whole CLI (ES-module loader,
// commander, doctor), about 85 ms of CPU per talk start against about 35 ms now.

import { OUTPUT_SAMPLE_RATE } from '../ports.js';
import { checkPlayback, PROBE_DEVICE_FLAG } from './playback-check.js';
import { SpeakerOutput } from './speaker-output.js';
import { definedProps } from '../../defined-props.js';

const args = process.argv.slice(2);
const at = args.indexOf(PROBE_DEVICE_FLAG);
const device = at >= 0 ? args[at + 1] : undefined;

const speaker = (): SpeakerOutput => new SpeakerOutput({ sampleRate: OUTPUT_SAMPLE_RATE, ...definedProps({ device }) });
void checkPlayback(speaker).then((outcome) => {
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
});
