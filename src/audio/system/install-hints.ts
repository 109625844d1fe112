// The exact command that fixes a missing audio backend, per platform. Pure: the
// caller passes the platform and, on Linux, the text of /etc/os-release.

export type LinuxFamily = 'debian' | 'fedora' | 'arch' | 'unknown';

export interface InstallHints {
  /** Makes the capture program (arecord / rec / sox) available to `mic`. */
  readonly microphone: string;
  /** Makes the `speaker` addon loadable. */
  readonly speaker: string;
  /** Makes ffmpeg available (talk's --video, --camera and --screen). */
  readonly ffmpeg: string;
}

export function linuxFamily(osRelease: string | undefined): LinuxFamily {
  const field = (name: string): string[] =>
    (new RegExp(`^${name}=["']?([^"'\\n]*)`, 'm').exec(osRelease ?? '')?.[1] ?? '').toLowerCase().split(/\s+/);
  const ids = [...field('ID'), ...field('ID_LIKE')];
  if (ids.some((id) => id === 'debian' || id === 'ubuntu')) return 'debian';
  if (ids.some((id) => id === 'fedora' || id === 'rhel' || id === 'centos')) return 'fedora';
  if (ids.includes('arch')) return 'arch';
  return 'unknown';
}

const LINUX: Record<LinuxFamily, InstallHints> = {
  debian: {
    microphone: 'sudo apt-get install alsa-utils',
    speaker: 'sudo apt-get install libasound2-dev && npm rebuild speaker',
    ffmpeg: 'sudo apt-get install ffmpeg',
  },
  fedora: {
    microphone: 'sudo dnf install alsa-utils',
    speaker: 'sudo dnf install alsa-lib-devel && npm rebuild speaker',
    // Fedora's own ffmpeg-free package lacks some decoders; RPM Fusion's ffmpeg has them all.
    ffmpeg: 'sudo dnf install ffmpeg-free',
  },
  arch: {
    microphone: 'sudo pacman -S alsa-utils',
    speaker: 'sudo pacman -S alsa-lib && npm rebuild speaker',
    ffmpeg: 'sudo pacman -S ffmpeg',
  },
  unknown: {
    microphone:
      'install alsa-utils (Debian/Ubuntu: sudo apt-get install alsa-utils; Fedora: sudo dnf install alsa-utils)',
    speaker:
      'install the ALSA headers (Debian/Ubuntu: libasound2-dev; Fedora: alsa-lib-devel), then npm rebuild speaker',
    ffmpeg: 'install ffmpeg (Debian/Ubuntu: sudo apt-get install ffmpeg; Fedora: sudo dnf install ffmpeg-free)',
  },
};

export function describeInstall(platform: NodeJS.Platform, osRelease?: string): InstallHints {
  if (platform === 'darwin') {
    return {
      microphone: 'brew install sox',
      speaker: 'xcode-select --install && npm rebuild speaker',
      ffmpeg: 'brew install ffmpeg',
    };
  }
  if (platform === 'win32') {
    return {
      microphone: 'install SoX (https://sourceforge.net/projects/sox/) and add the folder with sox.exe to PATH',
      speaker: 'install the Visual Studio C++ build tools, then npm rebuild speaker',
      ffmpeg: 'winget install ffmpeg',
    };
  }
  return LINUX[linuxFamily(osRelease)];
}
