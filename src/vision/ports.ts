// The video port: what the session sees of --image, --video, --camera and --screen. Frames are whole
// JPEG or PNG images; the session sends each one as realtimeInput.video (live/wire/client-message.ts).

/** The image formats the service takes as video frames (realtimeInput.video). */
export type VideoMime = 'image/jpeg' | 'image/png';

export interface VideoFrame {
  readonly image: Buffer;
  readonly mimeType: VideoMime;
}

export interface VideoInputSink {
  /** A frame at its time (the source paces them); the session may still drop it for a slow socket. */
  frame(frame: VideoFrame): void;
  /** A finite source (a file) has no more frames; a camera or a screen never ends by itself. */
  end(): void;
  error(error: Error): void;
}

/** A source of frames: a video file, a camera or the screen, through an ffmpeg child. */
export interface VideoInput {
  /** For the status line, e.g. `camera /dev/video0` or `screen :0`. */
  readonly label: string;
  /** Whether it is a live device (camera, screen) whose sending a key can switch off. */
  readonly live: boolean;
  /** Frames the source itself dropped (over the size cap, or the oldest of a device's queue). */
  readonly dropped?: number;
  start(sink: VideoInputSink): Promise<void>;
  /** Stops delivering and ends the ffmpeg child. Idempotent. */
  stop(): Promise<void>;
}
