// Placeholder definition: replaced by the full talk command.
import { Command } from 'commander';
import type { Invoke } from './host.js';

export function talkCommand(invoke: Invoke): Command {
  return new Command('talk').description('talk (not implemented yet)').action(() =>
    invoke(async () => {
      throw new Error('talk is not implemented yet');
    }),
  );
}
