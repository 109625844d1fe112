// The only command lines of README.md and docs/*.md that test/e2e/readme.test.ts does not run, per
// page and keyed by the command (its trailing comment aside). Each says why and where it IS covered.
// A key that matches no line of its page fails that test, so no exemption outlives its line.
// Whole blocks that a test of their own runs verbatim (a web runtime's server) are listed by section.

import { blockSection, fileBlocks, type Block } from './readme-blocks.js';

export interface Exemption {
  readonly why: string;
  readonly coveredBy: string;
}

const INSTALL_FROM_CLONE = 'test/e2e/install-from-clone.test.ts (runs the README install block verbatim in a copy)';

export const NOT_RUN_HERE: Readonly<Record<string, Readonly<Record<string, Exemption>>>> = {
  'README.md': {
    'npm install -g --allow-scripts=speaker gemtoken': {
      why: 'gemtoken is not published on the npm registry yet (the README says so)',
      coveredBy:
        'test/e2e/package.test.ts (npm pack, then the same global install of the tarball into a temporary prefix)',
    },
    'npm ci && npm run build': {
      why: 'reinstalls node_modules and rebuilds dist/ under the running suite',
      coveredBy: INSTALL_FROM_CLONE,
    },
    'npm install -g .': {
      why: "links the checkout into the user's global npm prefix",
      coveredBy: INSTALL_FROM_CLONE,
    },
    'kill %1 %2': {
      why: 'stops the background jobs of the tour blocks before it; every block here runs in a shell of its own',
      coveredBy:
        'test/e2e/readme-tour.test.ts (pastes the tour, this line included, into one bash at a pseudo-terminal)',
    },
    'npm test': { why: 'this test is part of npm test', coveredBy: '.ci/run' },
  },
  'docs/development.md': {
    'npm ci': {
      why: 'reinstalls node_modules under the running suite',
      coveredBy: '.ci/run (runs npm ci, then npm test); ' + INSTALL_FROM_CLONE,
    },
    'npm run build': {
      why: 'rebuilding dist/ while other e2e tests run would break them; the suite built it first',
      coveredBy: 'npm test (its first step)',
    },
    'npm test': { why: 'this test is part of npm test', coveredBy: '.ci/run' },
    'npm run test:quick': {
      why: 'runs the unit and component suites, which npm test runs anyway',
      coveredBy: 'npm test',
    },
    'npm run format': {
      why: "rewrites the repository's files",
      coveredBy: 'npm run lint (prettier --check, part of npm test)',
    },
    'npm run bench': {
      why: 'minutes of load on a shared machine; not a test by design (docs/performance.md)',
      coveredBy: 'its --quick smoke run by hand; the code is typechecked by tsconfig.bench.json',
    },
    'npm run fuzz': {
      why: 'ten minutes of generated hostile input by design',
      coveredBy: 'npm test runs every property of test/fuzz with a few cases (GEMTOKEN_FUZZ_RUNS)',
    },
  },
  'docs/mint.md': {
    'gemtoken mint --interactive': {
      why: 'needs a person at a terminal',
      coveredBy: 'test/e2e/mint-interactive.test.ts (under a pty)',
    },
  },
};

export function exemption(file: string, command: string): Exemption | undefined {
  return NOT_RUN_HERE[file]?.[command];
}

const RUNTIMES = 'is a server for its runtime: the runtime starts it, with a page on another origin taking its token';

/**
 * Blocks readme.test.ts leaves alone because another test runs each of them verbatim, per page and
 * keyed by the `## ` heading of the section they are in. The test reads them with blocksCoveredBy()
 * under its own file name, so an entry and its test cannot drift apart; a key naming no section with
 * a block fails readme.test.ts.
 */
export const RUN_ELSEWHERE: Readonly<Record<string, Readonly<Record<string, Exemption>>>> = {
  'docs/web-runtimes.md': {
    'Next.js': { why: `a route handler that ${RUNTIMES}`, coveredBy: 'test/e2e/runtime-next.test.ts' },
    'Hono on Node': { why: `a Node program that ${RUNTIMES}`, coveredBy: 'test/e2e/runtime-hono.test.ts' },
    Bun: { why: `a Bun program that ${RUNTIMES}`, coveredBy: 'test/e2e/runtime-bun.test.ts' },
    Deno: { why: `a Deno program that ${RUNTIMES}`, coveredBy: 'test/e2e/runtime-deno.test.ts' },
    'Cloudflare Workers': { why: `a Worker that ${RUNTIMES}`, coveredBy: 'test/e2e/runtime-workerd.test.ts' },
    'The page': {
      why: 'runs in a browser: a page on another origin loads it to take a token and open Live',
      coveredBy: 'test/e2e/runtime-*.test.ts (every runtime test loads it in headless Chromium)',
    },
    'Rate limits across instances': {
      why: 'a Worker with a KV namespace',
      coveredBy: 'test/e2e/runtime-workerd.test.ts',
    },
  },
};

/** Why `block` is run by a test of its own, or undefined when readme.test.ts runs or checks it. */
export function runElsewhere(block: Block): Exemption | undefined {
  const section = blockSection(block);
  return section === undefined ? undefined : RUN_ELSEWHERE[block.file]?.[section];
}

/** Entries of RUN_ELSEWHERE whose section holds no block (any more), as `page: heading`. */
export function staleRunElsewhere(blocks: readonly Block[]): string[] {
  const sections = new Set(blocks.map((b) => `${b.file}\0${blockSection(b) ?? ''}`));
  return Object.entries(RUN_ELSEWHERE).flatMap(([file, entries]) =>
    Object.keys(entries)
      .filter((section) => !sections.has(`${file}\0${section}`))
      .map((section) => `${file}: ${section}`),
  );
}

/**
 * The blocks of `section` on `page`, for the test `test` (its path from the repository root) to run
 * verbatim; throws unless RUN_ELSEWHERE says that test covers them, or when the section has none.
 */
export function blocksCoveredBy(page: string, section: string, test: string): Block[] {
  const entry = RUN_ELSEWHERE[page]?.[section];
  const covers = entry?.coveredBy.split(' ')[0] ?? '';
  const pattern = new RegExp(`^${covers.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`);
  if (!pattern.test(test)) throw new Error(`${page} "${section}": not registered as covered by ${test}`);
  const found = fileBlocks(page).filter((b) => blockSection(b) === section);
  if (found.length === 0) throw new Error(`${page} "${section}": no block`);
  return found;
}
