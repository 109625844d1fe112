// Pure: `talk --modality text` on a model known to answer in audio only fails at setup on the real
// service (https://github.com/livekit/livekit/issues/4103): 1007 on the native-audio models, a refusal on
// gemini-3.8-live. Say so before any token is used or device opened; unknown models pass through.

import type { SessionSetupOptions } from '../../live/wire/setup-message.js';
import { textOnAudioOnlyModel } from '../../model.js';

export function checkTalkModality(setup: Pick<SessionSetupOptions, 'model' | 'modality' | 'transcription'>): void {
  if (setup.modality !== 'text') return;
  // talk shows output transcripts unless --no-transcription, so the text still arrives.
  const fix = setup.transcription
    ? 'drop --modality text (talk shows them by default)'
    : 'drop --modality text and --no-transcription';
  const error = textOnAudioOnlyModel(setup.model, fix);
  if (error) throw error;
}
