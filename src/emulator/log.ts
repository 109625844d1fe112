// The emulator's request log: one line per record on stderr, text or NDJSON. Every line passes
// through redaction: the emulator's one SecretRegistry (its API and admin keys, and the keys a
// recording learns from its clients), any key/access_token query value and every `auth_tokens/…`
// token are scrubbed, so a log can be pasted into a bug report as is.

import type { SecretRegistry } from '../redact.js';
import type { EmulatorLog } from './core.js';

export type LogFormat = 'text' | 'json';

const TOKEN = /auth_tokens\/[A-Za-z0-9_\-.~%]+/g;

export interface LogSink {
  readonly format: LogFormat;
  write(line: string): void;
}

export function createLog(sink: LogSink | undefined, secrets: SecretRegistry, now: () => number): EmulatorLog {
  if (!sink) return { event: () => undefined };
  const scrub = (text: string): string => secrets.redact(text).replace(TOKEN, 'auth_tokens/[REDACTED]');
  return {
    event(record) {
      const time = new Date(now()).toISOString();
      const line = sink.format === 'json' ? JSON.stringify({ time, ...record }) : textLine(time, record);
      sink.write(`${scrub(line)}\n`);
    },
  };
}

function textLine(time: string, record: Readonly<Record<string, unknown>>): string {
  const { event, method, path, status, ms, ...rest } = record;
  const head =
    event === 'request'
      ? `${String(method)} ${String(path)} ${String(status)} ${String(ms)}ms`
      : String(event ?? 'event');
  const tail = Object.entries(rest)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [time, head, ...tail].join(' ');
}
