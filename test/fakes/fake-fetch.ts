// A scripted fetch: each call takes the next reply from the script and records the request.
// `'hang'` never answers until the request's signal aborts; `'refuse'` fails like a refused connection.

export type FakeReply =
  { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> } | 'hang' | 'refuse';

export interface RecordedRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface FakeFetch {
  readonly fetch: typeof globalThis.fetch;
  readonly requests: RecordedRequest[];
}

export function fakeFetch(
  script: readonly FakeReply[],
  fallback: FakeReply = { status: 200, body: { name: 'auth_tokens/fallback' } },
): FakeFetch {
  const requests: RecordedRequest[] = [];
  let call = 0;
  const fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    requests.push({ url: String(input), method: init?.method ?? 'GET', headers, body: String(init?.body ?? '') });
    const reply = script[call++] ?? fallback;
    if (reply === 'refuse') {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
      });
    }
    if (reply === 'hang') {
      return new Promise<Response>((_resolve, reject) => {
        const signal = init?.signal;
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
    return new Response(text, {
      status: reply.status,
      headers: { 'content-type': 'application/json', ...reply.headers },
    });
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}
