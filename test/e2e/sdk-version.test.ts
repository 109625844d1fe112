// Which @google/genai the SDK peer tests run with: 2.x from package.json, or 3.x when .ci/node24.sh
// points GEMTOKEN_GENAI_DIR at its own install. Pinned here so the second run cannot quietly
// test 2.x again.
import { describe, expect, it } from 'vitest';
import { sdkMajor } from '../helpers/sdk.js';

describe('@google/genai under test', () => {
  it('is the major the run asked for', () => {
    const expected = process.env.GEMTOKEN_GENAI_DIR ? 3 : 2;
    expect(sdkMajor()).toBe(expected);
  });
});
