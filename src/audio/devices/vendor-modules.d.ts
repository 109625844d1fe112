// `mic` ships no types; this is the part of mic@2.1.2's API (lib/mic.js) that mic-input.ts uses.
declare module 'mic' {
  import type { Readable } from 'node:stream';
  interface MicOptions {
    rate?: string;
    channels?: string;
    bitwidth?: string;
    encoding?: 'signed-integer' | 'unsigned-integer';
    endian?: 'little' | 'big';
    device?: string;
    fileType?: string;
    debug?: boolean;
    exitOnSilence?: number;
  }
  interface MicInstance {
    start(): void;
    stop(): void;
    getAudioStream(): Readable;
  }
  function mic(options?: MicOptions): MicInstance;
  export = mic;
}
