// On Linux `mic` runs `arecord` without `-t raw`, so the stream starts with a 44-byte WAV header
// (sizes left as placeholders because stdout cannot seek). Strip it, or the first frame sent to
// the model is 22 samples of header noise. Streams that do not start with RIFF pass through.

export class CaptureHeaderStripper {
  private head: Buffer | undefined = Buffer.alloc(0);

  push(bytes: Buffer): Buffer {
    if (!this.head) return bytes;
    const data = Buffer.concat([this.head, bytes]);
    if (data.length < 4) return this.keep(data);
    if (data.toString('latin1', 0, 4) !== 'RIFF') return this.done(data);
    let offset = 12;
    while (offset + 8 <= data.length) {
      const id = data.toString('latin1', offset, offset + 4);
      if (id === 'data') return this.done(data.subarray(offset + 8));
      offset += 8 + data.readUInt32LE(offset + 4);
    }
    // A header larger than this is not one arecord/sox would write; give up and pass audio on.
    return data.length > 4096 ? this.done(data) : this.keep(data);
  }

  private keep(data: Buffer): Buffer {
    this.head = data;
    return Buffer.alloc(0);
  }

  private done(rest: Buffer): Buffer {
    this.head = undefined;
    return rest;
  }
}
