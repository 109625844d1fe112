// Placeholder definition: replaced by the full emulator command.
import { Command } from 'commander';
import type { Invoke } from './host.js';

export function emulatorCommand(invoke: Invoke): Command {
  return new Command('emulator').description('emulator (not implemented yet)').action(() =>
    invoke(async () => {
      throw new Error('emulator is not implemented yet');
    }),
  );
}
