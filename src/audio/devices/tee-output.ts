// Plays to several outputs at once, e.g. the speaker plus --output reply.wav. A failing output does
// not stop the others; open() fails if any output cannot open (the caller then closes what opened).

import type { AudioOutput } from '../ports.js';

export class TeeOutput implements AudioOutput {
  readonly label: string;

  constructor(private readonly outputs: readonly AudioOutput[]) {
    this.label = outputs.map((output) => output.label).join('+');
  }

  async open(): Promise<void> {
    const results = await Promise.allSettled(this.outputs.map((output) => output.open()));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) {
      await this.close();
      throw failed.reason;
    }
  }

  write(pcm: Buffer): void {
    for (const output of this.outputs) output.write(pcm);
  }

  async close(): Promise<void> {
    const results = await Promise.allSettled(this.outputs.map((output) => output.close()));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
