// One disposer stack for everything `talk` opens (docs/architecture.md): mic child, speaker, playback
// timer, socket, files, raw-mode stdin, status line. Released in reverse order in `finally`, on
// every path — normal end, error and Ctrl-C alike. A failing disposer never skips the others.

export type Disposer = () => unknown;

export class DisposerStack {
  readonly #stack: { name: string; dispose: Disposer }[] = [];
  readonly failures: { name: string; error: unknown }[] = [];

  defer(name: string, dispose: Disposer): void {
    this.#stack.push({ name, dispose });
  }

  async dispose(): Promise<void> {
    for (let entry = this.#stack.pop(); entry; entry = this.#stack.pop()) {
      try {
        await entry.dispose();
      } catch (error) {
        this.failures.push({ name: entry.name, error });
      }
    }
  }
}
