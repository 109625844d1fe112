// --model → bidiGenerateContentSetup.model, normalised like the SDK's tModel (protocol.md §1.7):
// `models/` is added unless the name already starts with `models/` or `tunedModels/`; names with
// `..`, `?` or `&` are refused (they would escape the resource path). We also refuse empty names and
// whitespace, which the SDK lets through and the server would only reject later.

import { UsageError } from '../errors.js';

export function normalizeModel(name: string): string {
  if (name.trim() === '') throw new UsageError('--model must not be empty', 'e.g. --model gemini-3.8-live');
  if (/\s/.test(name)) throw new UsageError(`--model '${name}' contains whitespace`);
  if (name.includes('..') || name.includes('?') || name.includes('&')) {
    throw new UsageError(`--model '${name}' is not a valid model name ('..', '?' and '&' are not allowed)`, 'e.g. --model gemini-3.8-live');
  }
  if (name === 'models/' || name === 'tunedModels/') throw new UsageError(`--model '${name}' names no model`);
  return name.startsWith('models/') || name.startsWith('tunedModels/') ? name : `models/${name}`;
}
