// Pure parsers for device listings: ALSA's `arecord -L` / `aplay -L` (a NAME line, then indented
// description lines) and macOS's `system_profiler SPAudioDataType -json`. `talk --input-device`
// takes a NAME from the ALSA list; `default` is what talk records from when none is given.

import { parseJson } from '../../parse/json.js';

export interface AudioDevice {
  readonly name: string;
  /** Description lines joined with " — "; empty when ALSA gives none (e.g. user-defined PCMs). */
  readonly description: string;
  readonly isDefault: boolean;
}

export const ALSA_DEFAULT_DEVICE = 'default';

export function parseAlsaDeviceList(text: string): AudioDevice[] {
  const devices: { name: string; lines: string[] }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '') continue;
    if (/^\s/.test(raw)) devices.at(-1)?.lines.push(raw.trim());
    else devices.push({ name: raw.trim(), lines: [] });
  }
  return devices.map(({ name, lines }) => ({
    name,
    description: lines.join(' — '),
    isDefault: name === ALSA_DEFAULT_DEVICE,
  }));
}

export interface DeviceSides {
  readonly capture: AudioDevice[];
  readonly playback: AudioDevice[];
}

interface MacAudioItem {
  readonly _name?: unknown;
  readonly coreaudio_device_input?: unknown;
  readonly coreaudio_device_output?: unknown;
  readonly coreaudio_default_audio_input_device?: unknown;
  readonly coreaudio_default_audio_output_device?: unknown;
  readonly coreaudio_device_manufacturer?: unknown;
  readonly coreaudio_device_transport?: unknown;
  readonly coreaudio_device_srate?: unknown;
}

/** Returns undefined when the text is not system_profiler's audio JSON. */
export function parseMacAudioProfile(json: string): DeviceSides | undefined {
  let items: MacAudioItem[];
  try {
    const result = parseJson(json);
    if (!result.ok) return undefined;
    const parsed = result.value as { SPAudioDataType?: { _items?: MacAudioItem[] }[] };
    if (!Array.isArray(parsed.SPAudioDataType)) return undefined;
    items = parsed.SPAudioDataType.flatMap((group) => (Array.isArray(group._items) ? group._items : []));
  } catch {
    return undefined;
  }
  const capture: AudioDevice[] = [];
  const playback: AudioDevice[] = [];
  for (const item of items) {
    if (typeof item._name !== 'string') continue;
    const description = macDescription(item);
    if (Number(item.coreaudio_device_input) > 0)
      capture.push({
        name: item._name,
        description,
        isDefault: item.coreaudio_default_audio_input_device === 'spaudio_yes',
      });
    if (Number(item.coreaudio_device_output) > 0)
      playback.push({
        name: item._name,
        description,
        isDefault: item.coreaudio_default_audio_output_device === 'spaudio_yes',
      });
  }
  return { capture, playback };
}

function macDescription(item: MacAudioItem): string {
  const parts: string[] = [];
  if (typeof item.coreaudio_device_manufacturer === 'string') parts.push(item.coreaudio_device_manufacturer);
  if (typeof item.coreaudio_device_transport === 'string')
    parts.push(item.coreaudio_device_transport.replace(/^coreaudio_device_type_/, ''));
  if (typeof item.coreaudio_device_srate === 'number') parts.push(`${item.coreaudio_device_srate} Hz`);
  return parts.join(', ');
}
