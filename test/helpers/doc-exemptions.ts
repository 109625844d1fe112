// The only command lines of README.md and docs/*.md that test/e2e/readme.test.ts does not run, per
// page and keyed by the command (its trailing comment aside). Each says why and where it IS covered.
// A key that matches no line of its page fails that test, so no exemption outlives its line.

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
