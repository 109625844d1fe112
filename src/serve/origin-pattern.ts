// `--allow-origin` values: an exact origin (`https://app.example.com`) or a pattern whose host starts
// with `*.` (`https://*.example.com`): one or more whole DNS labels in place of the `*`, the scheme
// and the port exactly as written (none written: none in the Origin either). The `*` stands only
// for whole leading labels and must be followed by at least two (`https://*.com` would admit every
// site under a TLD). Anything else is refused with exit 2: a pattern that silently never matched
// (as `*` did before, taken literally) left a page refused with nothing saying why.

import { UsageError } from '../errors.js';
import { normalizeOrigin } from './origin.js';

export type OriginRule = { readonly exact: string } | { readonly prefix: string; readonly suffix: string };

/** One DNS label as browsers serialize hosts in an Origin (lower case, punycode). */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const HINT =
  'an origin is scheme://host[:port] with no path, e.g. https://app.example.com, or https://*.example.com for its subdomains';

function refuse(text: string, why = 'is not an origin'): never {
  throw new UsageError(`--allow-origin '${text}' ${why}`, HINT);
}

export function parseOriginRule(value: unknown): OriginRule {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text.includes('*')) {
    const normalized = normalizeOrigin(text);
    if (normalized === undefined || normalized !== text.replace(/\/$/, '')) refuse(String(value));
    return { exact: normalized };
  }
  const match = /^(https?):\/\/\*\.([^:/?#]+)(:\d{1,5})?\/?$/.exec(text);
  const rest = match?.[2] ?? '';
  if (!match || rest.includes('*'))
    refuse(
      String(value),
      'is not an origin pattern: the * stands for whole leading labels, as in https://*.example.com',
    );
  const labels = rest.split('.');
  if (!labels.every((label) => LABEL.test(label)))
    refuse(String(value), 'is not an origin pattern: the host after *. must be lower-case DNS labels');
  // A numeric last label makes a host an IPv4 address to browsers (WHATWG URL): no names under it.
  if (/^(?:\d+|0x[0-9a-f]*)$/.test(labels.at(-1)!))
    refuse(String(value), 'is not an origin pattern: the host after *. must be a domain name, not an address');
  if (labels.length < 2) refuse(String(value), 'matches a whole top-level domain: name at least two labels after *.');
  const port = match[3];
  // The port as an Origin carries it: none for the scheme's default, else the number itself.
  const sample = normalizeOrigin(`${match[1]}://x.${rest}${port ?? ''}`);
  if (sample === undefined || (port !== undefined && !sample.endsWith(port)))
    refuse(String(value), "is not an origin pattern: its port is the scheme's default or out of range");
  return { prefix: `${match[1]}://`, suffix: `.${rest}${port ?? ''}` };
}

/** Whether `origin` (the Origin header as sent) matches `rule`. */
export function matchesOrigin(rule: OriginRule, origin: string): boolean {
  if ('exact' in rule) return origin === rule.exact;
  if (!origin.startsWith(rule.prefix) || !origin.endsWith(rule.suffix)) return false;
  const labels = origin.slice(rule.prefix.length, origin.length - rule.suffix.length);
  return labels !== '' && labels.split('.').every((label) => LABEL.test(label));
}

/** The matcher the handler asks: any rule matches. */
export function originMatcher(values: readonly unknown[]): (origin: string) => boolean {
  const rules = values.map(parseOriginRule);
  const exact = new Set(rules.flatMap((rule) => ('exact' in rule ? [rule.exact] : [])));
  const patterns = rules.filter((rule) => !('exact' in rule));
  return (origin) => exact.has(origin) || patterns.some((rule) => matchesOrigin(rule, origin));
}
