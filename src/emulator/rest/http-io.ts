// Small HTTP helpers: bounded body reading and JSON replies (always application/json, which the
// SDK needs to surface the google.rpc.Status body as ApiError.message).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { RpcError } from './rpc-status.js';
import { parseJson } from '../../parse/json.js';

/**
 * `scrub`: the emulator's registry (core.secrets.redactKeys: its keys and the keys a recording
 * learned, every form; tokens stay, minting them is the point). Every answer passes it, header values
 * included: an error may quote what a client sent.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
  scrub: (text: string) => string = (text) => text,
): void {
  if (res.headersSent || res.destroyed) return;
  const text = `${scrub(JSON.stringify(body))}\n`;
  res.writeHead(status, {
    ...Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, scrub(value)])),
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function tooLarge(limit: number): RpcError {
  return new RpcError(413, `Request payload size exceeds the limit: ${limit} bytes.`, [], { connection: 'close' });
}

/** Reads the whole body, or rejects with 413 once it exceeds `limit` (the rest is drained, unused). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
      failed = true;
    });
  });
}

/**
 * Deepest nesting a body may have, checked as it is parsed. Ours, not the service's (UNCONFIRMED):
 * the checks and the admin listing walk a setup recursively, so a 5,000-deep body would mint a token
 * that later breaks GET /emulator/tokens (500) and every session opened with it (1011). No real setup is near this.
 */
export const MAX_BODY_DEPTH = 64;

/** Parses a JSON body; an empty body is `{}` (what the SDK sends for an empty config anyway). */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const text = (await readBody(req, limit)).toString('utf8');
  if (text.trim() === '') return {};
  // Depth-checked before any check walks it; the 400 names a position, never the body's text.
  const parsed = parseJson(text, { maxDepth: MAX_BODY_DEPTH });
  if (!parsed.ok) throw new RpcError(400, `Invalid JSON payload received. The body is ${parsed.problem.message}.`);
  return parsed.value;
}
