// Placeholder definition: replaced by the full mint command.
import { Command } from 'commander';
import type { Invoke } from './host.js';

export function mintCommand(invoke: Invoke): Command {
  return new Command('mint').description('mint (not implemented yet)').action(() =>
    invoke(async () => {
      throw new Error('mint is not implemented yet');
    }),
  );
}
