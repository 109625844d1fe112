// The whole emulator (createEmulatorServer on port 0) playing a --scenario on a hand-driven clock, for
// the scenario's component tests: a fresh emulator and clock for each test, its log lines collected,
// and a client on the key path that has sent its setup.
import { afterEach, beforeEach } from 'vitest';
import { createEmulatorServer, type EmulatorServerOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { KEY_PATH, LiveTestClient } from './live-client.js';

export const SCENARIO_KEY = 'scenario-key-0123456789';

/** What a test reaches: reassigned before each test, so read its fields inside the test. */
export interface ScenarioEmulator {
  emu: RunningEmulator;
  clock: FakeClock;
  /** The emulator's log lines (JSON) so far. */
  log: string[];
}

/** Starts an emulator with `options` before each test of the file (or describe) and closes it after. */
export function scenarioEmulatorPerTest(options: Omit<EmulatorServerOptions, 'clock' | 'log'>): ScenarioEmulator {
  const state = { log: [] as string[] } as ScenarioEmulator;
  beforeEach(async () => {
    state.clock = new FakeClock();
    state.log = [];
    state.emu = await startOn(state.clock, {
      ...options,
      log: { format: 'json', write: (line) => void state.log.push(line) },
    });
  });
  afterEach(() => closeOn(state.emu, state.clock));
  return state;
}

/** An emulator on `clock` that takes SCENARIO_KEY; close it with closeOn. */
export const startOn = (clock: FakeClock, options: Omit<EmulatorServerOptions, 'clock'>): Promise<RunningEmulator> =>
  createEmulatorServer({ port: 0, apiKeys: [SCENARIO_KEY], clock, ...options });

/** Closes `emu`, running the close grace on the emulator's clock (nothing else would move it). */
export async function closeOn(emu: RunningEmulator, clock: FakeClock): Promise<void> {
  const closing = emu.close();
  clock.advance(2000);
  await closing;
}

/** A client connected with SCENARIO_KEY that has sent `setup` and seen setupComplete. */
export async function scenarioClient(emu: RunningEmulator, setup: Record<string, unknown>): Promise<LiveTestClient> {
  const client = await LiveTestClient.open(`${emu.baseUrl.replace('http', 'ws')}${KEY_PATH}?key=${SCENARIO_KEY}`);
  await client.setup(setup);
  return client;
}
