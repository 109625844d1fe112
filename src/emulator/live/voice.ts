// The emulator's deterministic "model": reply text chosen from what was heard, spoken as a tone
// per word. Each word is 5 chunks of 40 ms at 24 kHz; tone frequencies are multiples of 25 Hz, so
// every 40 ms chunk holds whole cycles and one cached chunk per frequency repeats seamlessly.

export const OUTPUT_RATE = 24_000;
export const OUTPUT_MIME = 'audio/pcm;rate=24000';
export const CHUNK_MS = 40;
export const CHUNKS_PER_WORD = 5;
const CHUNK_SAMPLES = (OUTPUT_RATE * CHUNK_MS) / 1000;
const AMPLITUDE = 0.3 * 32767;
const MAX_ECHO_WORDS = 12;

const cache = new Map<number, string>();

/** Frequency step k (tone = 25·k Hz, 200–800 Hz) for a word: a stable hash of its letters. */
export function toneStep(word: string): number {
  let hash = 0;
  for (let i = 0; i < word.length; i++) hash = (hash * 31 + word.charCodeAt(i)) >>> 0;
  return 8 + (hash % 25);
}

/** One 40 ms chunk of s16le PCM at 24 kHz, base64. */
export function toneChunk(step: number): string {
  const hit = cache.get(step);
  if (hit) return hit;
  const pcm = Buffer.alloc(CHUNK_SAMPLES * 2);
  const cycles = (step * 25 * CHUNK_MS) / 1000;
  for (let i = 0; i < CHUNK_SAMPLES; i++) {
    pcm.writeInt16LE(Math.round(AMPLITUDE * Math.sin((2 * Math.PI * cycles * i) / CHUNK_SAMPLES)), i * 2);
  }
  const encoded = pcm.toString('base64');
  cache.set(step, encoded);
  return encoded;
}

export const CHUNK_BYTES = CHUNK_SAMPLES * 2;

export function formatSeconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/** What the emulator "heard" in an audio turn (the inputTranscription text). */
export function describeSpeech(speechMs: number): string {
  return `(${formatSeconds(speechMs)} s of speech)`;
}

export function replyToSpeech(turn: number, speechMs: number): string {
  return `Turn ${turn}. I heard ${formatSeconds(speechMs)} seconds of speech.`;
}

export function replyToText(turn: number, text: string): string {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const echo = words.slice(0, MAX_ECHO_WORDS).join(' ') + (words.length > MAX_ECHO_WORDS ? ' …' : '');
  return words.length === 0 ? `Turn ${turn}. You said nothing.` : `Turn ${turn}. You said: ${echo}`;
}

/** Reply text split into transcript fragments that concatenate back to the text. */
export function fragments(text: string): string[] {
  return text.split(/(?=\s)/).filter((f) => f !== '');
}
