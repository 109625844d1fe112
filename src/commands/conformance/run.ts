// `gemtoken conformance`: resolve the flags and the key, say what the probes will spend and ask,
// run them (the lifetime probe beside the others, which run one after another so a key's
// concurrent-session limit is never the thing measured), then print the report.

import path from 'node:path';
import type { Context } from '../../context.js';
import { resolveApiVersion, resolveBaseUrl } from '../../config.js';
import { ExitCode, GemtokenError, UsageError } from '../../errors.js';
import { fileWriteError } from '../../file-error.js';
import { writeText } from '../../file-streams.js';
import { DEFAULT_MODEL, modelCapabilities, modelId, normalizeModel } from '../../model.js';
import { formatHumanDuration, requirePositiveDuration } from '../../token/duration.js';
import { checkKey, MINT_KEY_FLAGS, missingKeyHint, resolveApiKey } from '../../token/api-key.js';
import { profileDocument } from '../../emulator/profile-file.js';
import type { QuirkName } from '../../emulator/quirks.js';
import { canPrompt, promptConfirm, promptSecret } from '../../terminal/prompt.js';
import { createUi, type Ui } from '../../terminal/ui.js';
import { readFlags, type FlagKind } from '../host.js';
import { contextTextIo } from '../text-io.js';
import { compareRows, report, type Report } from './compare.js';
import { parseOnly, planRun, spendOf, type Plan } from './plan.js';
import type { Observation, Probe } from './probe.js';
import type { ProbeIo } from './probe-io.js';
import { loadProfile } from '../profile-flag.js';
import { reportJson, reportTable } from './render.js';
import { wireProbeIo } from './wire-io.js';

/** Every `gemtoken conformance` flag (command.ts declares them); readFlags() reads them. */
export const CONFORMANCE_FLAGS = {
  apiKeyFile: 'string',
  apiKeyStdin: 'boolean',
  apiKey: 'string',
  baseUrl: 'string',
  apiVersion: 'string',
  model: 'string',
  only: 'string',
  json: 'boolean',
  yes: 'boolean',
  timeout: 'string',
  lifetimeWait: 'string',
  profile: 'string',
  writeProfile: 'string',
} as const satisfies Readonly<Record<string, FlagKind>>;

export async function runConformance(ctx: Context, raw: Record<string, unknown>): Promise<number> {
  const flags = readFlags(raw, CONFORMANCE_FLAGS);
  if (flags.apiKey !== undefined) ctx.secrets.add(flags.apiKey.trim());
  const ui = createUi(ctx);
  const io = contextTextIo(ctx);
  const baseUrl = resolveBaseUrl(flags.baseUrl, ctx.env);
  const apiVersion = resolveApiVersion(flags.apiVersion);
  const model = modelId(normalizeModel(flags.model ?? DEFAULT_MODEL));
  const waitMs = requirePositiveDuration('--timeout', flags.timeout ?? '30s');
  const lifetimeWaitMs = requirePositiveDuration('--lifetime-wait', flags.lifetimeWait ?? '11m');
  const profile = await loadProfile(flags.profile, io);
  const plan = planRun(profile.quirks, parseOnly(flags.only));
  if (plan.probes.length === 0)
    throw new UsageError(`--only names no behaviour a probe can decide (${[...plan.reasons.keys()].join(', ')})`);
  if (modelCapabilities(model)?.audioOnly !== true && plan.probes.some((p) => p.name === 'full-lock-default-text'))
    ui.warn(
      `--model ${model} is not known to answer in audio only: on a model that accepts TEXT, full-lock-default-text reads "off" whatever the service does`,
    );

  const resolved = await resolveApiKey(flags, ctx.env, io, MINT_KEY_FLAGS);
  if (resolved) ctx.secrets.add(resolved.key);
  resolved?.warnings.forEach((line) => ui.warn(line));
  resolved?.notices.forEach((line) => ui.info(line));

  const spend = spendOf(plan.probes, { waitMs, lifetimeWaitMs });
  ui.info(
    `gemtoken conformance will probe ${baseUrl} (${apiVersion}, ${model}): ${count(plan.probes.length, 'probe')}, ` +
      `${count(spend.mints, 'token')} minted, ${count(spend.sessions, 'Live session')}, up to ${formatHumanDuration(spend.liveSeconds * 1000)} of Live time` +
      (plan.probes.some((p) => p.name === 'lifetime-deadline-1011')
        ? ` (most of it one session held to its lifetime's end, up to --lifetime-wait ${formatHumanDuration(lifetimeWaitMs)})`
        : ''),
  );
  if (!(await confirmed(ctx, flags.yes === true))) {
    ui.info('cancelled: nothing was sent');
    return ExitCode.interrupted;
  }
  const key = resolved ?? (await askForKey(ctx));
  const probeIo = wireProbeIo(ctx, {
    baseUrl,
    apiVersion,
    apiKey: key.key,
    keySource: key.source,
    model,
    waitMs,
    lifetimeWaitMs,
  });
  const observed = await runProbes(plan, probeIo, ui, ctx);
  const result = report(profile.name, compareRows(plan.expectations, observed, plan.reasons));
  // The file first: a report printed and then a failed write would read as a finished run (exit 2 then).
  if (flags.writeProfile !== undefined) await writeProfile(ctx, ui, flags.writeProfile, result);
  if (flags.json) ui.data(reportJson(result));
  else reportTable(result).forEach((line) => ui.data(line));
  return result.exitCode;
}

const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

async function confirmed(ctx: Context, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!canPrompt(ctx))
    throw new UsageError('conformance spends tokens and Live time: confirm with --yes', 'pass --yes to run unattended');
  return promptConfirm(ctx, 'Run the probes?');
}

async function askForKey(ctx: Context): Promise<{ key: string; source: string }> {
  if (!canPrompt(ctx))
    throw new UsageError('no API key: set GEMINI_API_KEY', 'or use --api-key-file <path> or --api-key-stdin');
  const hint = missingKeyHint(MINT_KEY_FLAGS);
  const key = checkKey(await promptSecret(ctx, 'Gemini API key:', hint), 'the prompt', hint);
  ctx.secrets.add(key);
  return { key, source: 'the prompt' };
}

async function runProbes(plan: Plan, io: ProbeIo, ui: Ui, ctx: Context): Promise<Map<string, Observation>> {
  const observed = new Map<string, Observation>();
  const one = async (probe: Probe): Promise<void> => {
    const found = await probe.run(io);
    // Evidence is built from close reasons and server messages: scrubbed anyway, as every line is.
    observed.set(probe.name, { ...found, evidence: ctx.secrets.redact(found.evidence) });
    ui.info(`${probe.name}: ${found.value ?? 'inconclusive'}`);
  };
  const slow = plan.probes.filter((probe) => probe.name === 'lifetime-deadline-1011');
  const rest = plan.probes.filter((probe) => !slow.includes(probe));
  const inOrder = async (): Promise<void> => {
    for (const probe of rest) await one(probe);
  };
  await Promise.all([...slow.map(one), inOrder()]);
  return observed;
}

async function writeProfile(ctx: Context, ui: Ui, file: string, result: Report): Promise<void> {
  const quirks: Partial<Record<QuirkName, boolean>> = {};
  const evidence: Partial<Record<QuirkName, string>> = {};
  for (const row of result.rows) {
    if (row.behaviour.startsWith('mask:') || (row.observed !== 'on' && row.observed !== 'off')) continue;
    quirks[row.behaviour as QuirkName] = row.observed === 'on';
    evidence[row.behaviour as QuirkName] = row.evidence;
  }
  try {
    await writeText(path.resolve(ctx.cwd, file), profileDocument(quirks, evidence), ctx.signal, {
      onWaiting: () => ui.info(`waiting for a reader on --write-profile ${file} (a FIFO)`),
    });
  } catch (error) {
    if (error instanceof GemtokenError) throw error;
    throw fileWriteError('--write-profile', file, error);
  }
}
