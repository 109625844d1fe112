// Which kinds of fieldMask path the service accepts, one mint each. Every body locks the model too
// and sets exactly the fields its mask covers, since a setup field outside the mask is refused on its
// own account ("contains fields that are not specified in field_mask").

import { inconclusive, mintProbe, type Probe } from './probe.js';
import { describeReply, type Message } from './probe-steps.js';

export interface MaskCase {
  readonly name: string;
  /** The path under test (the mask is `model,<path>`). */
  readonly path: string;
  /** What Google's documentation says; 'unknown' where it says nothing. */
  readonly documented: 'accepted' | 'refused' | 'unknown';
  readonly setup: Message;
}

const INSTRUCTION = { systemInstruction: { parts: [{ text: 'Answer briefly.' }] } };

export const MASK_CASES: readonly MaskCase[] = [
  { name: 'mask:top-level', path: 'systemInstruction', documented: 'accepted', setup: INSTRUCTION },
  {
    name: 'mask:generation-config',
    path: 'generationConfig.temperature',
    documented: 'accepted',
    setup: { generationConfig: { temperature: 0.5 } },
  },
  { name: 'mask:nested', path: 'systemInstruction.parts', documented: 'unknown', setup: INSTRUCTION },
  {
    name: 'mask:index',
    path: 'tools.0',
    documented: 'refused',
    setup: { tools: [{ functionDeclarations: [{ name: 'get_time', description: 'The current time.' }] }] },
  },
  { name: 'mask:snake-case', path: 'system_instruction', documented: 'unknown', setup: INSTRUCTION },
];

export const maskProbe = (mask: MaskCase): Probe =>
  mintProbe({
    name: mask.name,
    token: (io) => ({
      bidiGenerateContentSetup: { model: `models/${io.model}`, ...mask.setup },
      fieldMask: `model,${mask.path}`,
    }),
    judge: (reply) => {
      const evidence = `${mask.path}: ${describeReply(reply)}`;
      if (reply.status === 200) return { value: 'accepted', evidence };
      if (reply.status === 400) return { value: 'refused', evidence };
      return inconclusive(evidence);
    },
  });
