// What a video frame (realtimeInput.video, https://ai.google.dev/api/live) shows, read from its
// header alone: width, height and format of a JPEG (its SOFn segment) or PNG (its IHDR chunk). No
// pixel is decoded, so any size costs the same few reads, and no input can throw. One reader for both
// sides: the emulator says what the frames it received show, and talk labels a picture it sends.

export type ImageFormat = 'JPEG' | 'PNG';

export interface ImageHeader {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
}

/** One received frame: its size and, when its header was readable and matched its mimeType, what it shows. */
export interface FrameInfo {
  readonly bytes: number;
  readonly image?: ImageHeader;
  /** Why the frame counts as unreadable (absent when `image` is set). */
  readonly problem?: string;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MIME_FORMATS: Readonly<Record<string, ImageFormat>> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG' };

/** SOF0–SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not. */
const isStartOfFrame = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
/** Markers with no length field: TEM, RST0–RST7, SOI. */
const standsAlone = (marker: number): boolean => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);

function jpeg(data: Buffer): ImageHeader | undefined {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 1 < data.length) {
    if (data[at] !== 0xff) return undefined;
    const marker = data[at + 1]!;
    // 0xFF fill bytes may pad before a marker.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (standsAlone(marker)) {
      at += 2;
      continue;
    }
    // Scan data or the end of the image before any frame header: no size to read.
    if (marker === 0xda || marker === 0xd9 || at + 4 > data.length) return undefined;
    const length = data.readUInt16BE(at + 2);
    if (length < 2) return undefined;
    if (isStartOfFrame(marker)) {
      if (length < 7 || at + 9 > data.length) return undefined;
      const height = data.readUInt16BE(at + 5);
      const width = data.readUInt16BE(at + 7);
      // Height 0 defers to a later DNL segment; the emulator does not read that far.
      return width > 0 && height > 0 ? { format: 'JPEG', width, height } : undefined;
    }
    at += 2 + length;
  }
  return undefined;
}

function png(data: Buffer): ImageHeader | undefined {
  if (data.length < 24 || !data.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  if (data.readUInt32BE(8) < 8 || data.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  // The PNG specification bounds both to 1 … 2^31 − 1.
  const valid = (n: number): boolean => n > 0 && n <= 0x7fffffff;
  return valid(width) && valid(height) ? { format: 'PNG', width, height } : undefined;
}

/** The header of a JPEG or PNG image, whatever it claims to be; undefined for anything else. */
export function readImageHeader(data: Buffer): ImageHeader | undefined {
  return jpeg(data) ?? png(data);
}

/** A frame as the emulator counts it: readable when its bytes are the JPEG or PNG its mimeType names. */
export function readFrame(data: Buffer, mimeType: string): FrameInfo {
  const type = mimeType.split(';')[0]!.trim().toLowerCase();
  const claimed = MIME_FORMATS[type];
  const image = readImageHeader(data);
  const bytes = data.length;
  if (claimed === undefined)
    return { bytes, problem: `mimeType ${JSON.stringify(mimeType.slice(0, 64))} is not JPEG or PNG` };
  if (image === undefined) return { bytes, problem: `${type} bytes without a readable ${claimed} header` };
  if (image.format !== claimed) return { bytes, problem: `${type} bytes that are a ${image.format}` };
  return { bytes, image };
}

/** The name a frame's size goes by in the admin API and the answer: "640×480 JPEG" (× is U+00D7). */
export const sizeName = (image: ImageHeader): string => `${image.width}×${image.height} ${image.format}`;
