// The README's non-shell blocks checked against the real program: the mint JSON example against a
// real reply, the GitHub Actions step run as Actions would run its `run:` line, and the library
// example run verbatim as an ES module importing the built package.

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { ROOT, type RunResult } from './cli.js';
import type { Block } from './readme-blocks.js';
import { actionsSteps, shapeMismatches, stepOutputReferences } from './readme-data.js';

export async function checkJsonBlock(block: Block, mint: (args: string[]) => Promise<RunResult>): Promise<void> {
  const example = JSON.parse(block.body) as Record<string, unknown>;
  // The example shows a model-locked token; ask for the same lock so `model` is there to compare.
  const model = typeof example.model === 'string' ? ['--model', example.model.replace(/^models\//, '')] : [];
  // …and the same kind of lock: `fields` is what --lock-set-only makes of a model-only setup.
  const locked = example.locked as { mode?: string } | undefined;
  if (locked?.mode === 'fields') model.push('--lock-set-only');
  const result = await mint(['mint', '--output', 'json', ...model]);
  expect(result.code, result.stderr).toBe(0);
  const real = JSON.parse(result.stdout) as unknown;
  expect(
    shapeMismatches(example, real),
    `${block.file}:${block.line} vs gemtoken mint --output json ${model.join(' ')}`,
  ).toEqual([]);
}

/** Runs the snippet's `gemtoken` step with `bash -e` as Actions does, its env mapped onto the emulator. */
export async function checkActionsBlock(
  block: Block,
  options: { baseUrl: string; apiKey: string; dir: string; env: Record<string, string> },
): Promise<void> {
  const steps = actionsSteps(block.body);
  const mintStep = steps.find((s) => s.run?.startsWith('gemtoken '));
  expect(mintStep, `${block.file}:${block.line}: a step that runs gemtoken`).toBeDefined();
  // Secrets are the reader's: the only one the step reads is the API key, here the emulator's.
  const secrets = Object.fromEntries(
    Object.entries(mintStep!.env).map(([name, value]) => [
      name,
      value.includes('secrets.GEMINI_API_KEY') ? options.apiKey : value,
    ]),
  );
  expect(Object.keys(secrets)).toEqual(['GEMINI_API_KEY']);
  const outputFile = path.join(options.dir, 'github_output');
  writeFileSync(outputFile, '');
  const env = {
    ...options.env,
    ...secrets,
    GEMTOKEN_BASE_URL: options.baseUrl,
    GITHUB_OUTPUT: outputFile,
    GITHUB_ACTIONS: 'true',
  };
  const result = await run('bash', ['-e', '-c', mintStep!.run!], { cwd: options.dir, env });
  expect(result.code, `${mintStep!.run}\n${result.stderr}`).toBe(0);
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  expect(outputs.token).toMatch(/^auth_tokens\/\S+$/);
  // The mask comes before anything else, so no log line can show the token unmasked.
  expect(result.stdout.split('\n')[0]).toBe(`::add-mask::${outputs.token}`);
  expect(result.stdout + result.stderr).not.toContain(options.apiKey);
  // What the other steps read must be what this step wrote.
  for (const ref of stepOutputReferences(block.body)) {
    expect(ref.id, `${block.file}:${block.line}: steps.${ref.id}`).toBe(mintStep!.id);
    expect(Object.keys(outputs), `${block.file}:${block.line}: steps.${ref.id}.outputs.${ref.name}`).toContain(
      ref.name,
    );
  }
}

/** The ```ts block verbatim as an .mjs file, with `gemtoken` resolving to this repo's built package. */
export async function checkLibraryBlock(
  block: Block,
  options: { dir: string; env: Record<string, string> },
): Promise<void> {
  mkdirSync(path.join(options.dir, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, path.join(options.dir, 'node_modules', 'gemtoken'));
  const file = path.join(options.dir, 'readme-library.mjs');
  writeFileSync(file, block.body);
  const result = await run(process.execPath, [file], { cwd: options.dir, env: options.env });
  expect(result.code, `${block.file}:${block.line}\n${result.stderr}`).toBe(0);
  expect(result.stdout).toMatch(/^auth_tokens\/\S+ \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\n$/);
}

/**
 * The ```ts block that uses `gemtoken/testing`: a vitest file, run verbatim by vitest itself in a
 * sandbox where `gemtoken` is this repo's built package; every test in it must pass.
 */
export async function checkTestingBlock(
  block: Block,
  options: { dir: string; env: Record<string, string> },
): Promise<void> {
  mkdirSync(path.join(options.dir, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, path.join(options.dir, 'node_modules', 'gemtoken'));
  symlinkSync(path.join(ROOT, 'node_modules', 'vitest'), path.join(options.dir, 'node_modules', 'vitest'));
  writeFileSync(path.join(options.dir, 'readme-testing.test.mjs'), block.body);
  const vitest = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
  const result = await run(process.execPath, [vitest, 'run', '--root', '.', '--reporter', 'verbose'], {
    cwd: options.dir,
    env: options.env,
  });
  expect(result.code, `${block.file}:${block.line}\n${result.stdout}\n${result.stderr}`).toBe(0);
  // eslint-disable-next-line no-control-regex -- vitest colours its summary
  expect(result.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toMatch(/Tests\s+2 passed \(2\)/);
}

function run(
  program: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
