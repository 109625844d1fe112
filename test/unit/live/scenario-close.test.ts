// The emulator's --scenario refusal (1007 "scenario NAME: turn N …") is told apart before any other
// reading of the reason: it quotes the user's text, which may read like a token or deadline close.
// talk gives up on it (no resume, no fresh token) with the scenario's hint, not a setup hint.
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import { closeError } from '../../../src/live/wire/close-errors.js';
import { classifyClose, isScenarioClose } from '../../../src/live/wire/close-kind.js';

const ctx = { apiVersion: 'v1alpha', model: 'gemini-3.8-live' };
const MISMATCH = 'scenario weather.yaml: turn 0 expected text "weather", got text "is my token expired?"';
const TOOL_WAIT = 'scenario tools.yaml: turn 2 got no toolResponse to get_time within 30 s';

describe('a --scenario close', () => {
  it('is recognised by its code and reason only', () => {
    expect(isScenarioClose(1007, MISMATCH)).toBe(true);
    expect(isScenarioClose(1007, TOOL_WAIT)).toBe(true);
    expect(isScenarioClose(1011, MISMATCH)).toBe(false);
    expect(isScenarioClose(1007, 'Request contains an invalid argument.')).toBe(false);
  });

  it('is never resumed, whatever the quoted text reads like', () => {
    expect(classifyClose(1007, MISMATCH)).toBe('fatal');
    expect(
      classifyClose(1007, 'scenario a.json: turn 1 expected anything, got text "Deadline expired before operation"'),
    ).toBe('fatal');
  });

  it('names the scenario and gives its hint (exit 4), not a hint about --modality', () => {
    for (const reason of [MISMATCH, TOOL_WAIT]) {
      const error = closeError(1007, reason, ctx);
      expect(error.exitCode).toBe(ExitCode.rejected);
      expect(error.message).toBe(`the emulator's scenario refused the session: close 1007 "${reason}"`);
      expect(error.hint).toMatch(/scenario file's turn/);
      expect(error.hint).not.toMatch(/--modality/);
    }
  });
});
