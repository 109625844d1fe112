// The exact fix for each doctor finding on this platform. Pure: the platform and
// /etc/os-release text come from the caller. Audio package commands come from the audio module's
// install hints so `talk` and `doctor` always recommend the same thing.

import { describeInstall, linuxFamily, type LinuxFamily } from '../../audio/system/install-hints.js';

export interface Fixes {
  readonly node: string;
  readonly apiKey: string;
  readonly microphone: string;
  readonly speaker: string;
  readonly ffmpeg: string;
  /** Capture opened but delivered only digital silence. */
  readonly silentCapture: string;
  readonly captureDevice: string;
  readonly playbackDevice: string;
  readonly online: (baseUrl: string) => string;
}

const NODE_LINUX: Record<LinuxFamily, string> = {
  debian: 'curl -fsSL https://deb.nodesource.com/setup_lts.x | sudo -E bash - && sudo apt-get install -y nodejs',
  fedora: 'sudo dnf install nodejs',
  arch: 'sudo pacman -S nodejs',
  unknown: 'install Node.js 20 or newer from https://nodejs.org (or: nvm install --lts)',
};

export function fixesFor(platform: NodeJS.Platform, osRelease?: string): Fixes {
  const install = describeInstall(platform, osRelease);
  const online = (baseUrl: string): string => `check the network or proxy: curl -sI ${baseUrl}`;
  if (platform === 'darwin') {
    return {
      node: 'brew install node',
      apiKey: 'export GEMINI_API_KEY=<your key>   (or give talk a token: --token / GEMTOKEN_TOKEN)',
      microphone: install.microphone,
      speaker: install.speaker,
      ffmpeg: install.ffmpeg,
      // Terminals that never asked for the microphone get all-zero audio (waveterm #1086).
      silentCapture:
        'allow this terminal in System Settings → Privacy & Security → Microphone (if it is not listed: tccutil reset Microphone, then run once from Terminal.app)',
      captureDevice: 'choose an input in System Settings → Sound → Input, then: rec -n stat trim 0 1',
      playbackDevice: 'choose an output in System Settings → Sound → Output',
      online,
    };
  }
  if (platform === 'win32') {
    return {
      node: 'winget install OpenJS.NodeJS.LTS',
      apiKey: '$env:GEMINI_API_KEY = "<your key>"   (or give talk a token: --token / GEMTOKEN_TOKEN)',
      microphone: install.microphone,
      speaker: install.speaker,
      ffmpeg: install.ffmpeg,
      silentCapture:
        'allow microphone access in Settings → Privacy & security → Microphone, and unmute the input in Settings → System → Sound',
      captureDevice: 'choose a default input in Settings → System → Sound → Input',
      playbackDevice: 'choose a default output in Settings → System → Sound → Output',
      online,
    };
  }
  return {
    node: NODE_LINUX[linuxFamily(osRelease)],
    apiKey: 'export GEMINI_API_KEY=<your key>   (or give talk a token: --token / GEMTOKEN_TOKEN)',
    microphone: install.microphone,
    speaker: install.speaker,
    ffmpeg: install.ffmpeg,
    silentCapture:
      'unmute the input: amixer sset Capture 80% cap (PulseAudio/PipeWire: pactl set-source-mute @DEFAULT_SOURCE@ 0)',
    // Not "see gemtoken devices": with no card it lists only `null`, and `default` is what failed.
    captureDevice:
      '`arecord -l` lists the sound cards: if none, connect or enable one (a VM or container needs one passed through); if there are, pass one to talk --input-device NAME (names: gemtoken devices); meanwhile talk --input question.wav or --text "…" needs no microphone',
    playbackDevice:
      '`aplay -l` lists the sound cards: if none, connect or enable one (a VM or container needs one passed through); if there are, pass one to talk --output-device NAME (names: gemtoken devices); meanwhile talk --no-speaker (--output reply.wav records the reply)',
    online,
  };
}
