// The camera or the screen into the Live session: a small preview, and once a second the current
// picture drawn to a canvas (at most 1024 px on its long side) and sent as a JPEG with
// session.sendRealtimeInput({ video }). The Live API takes JPEG or PNG frames at about 1 fps, 768×768
// recommended (https://ai.google.dev/gemini-api/docs/live-guide). The buttons work only while a
// session is open, so the camera never fetches a token of its own; when the session ends the camera
// or the screen is released.

const FRAME_EVERY_MS = 1000;
const MAX_SIDE = 1024;
const JPEG_QUALITY = 0.8;

const $ = (selector) => document.querySelector(selector);

export function setUpVision(report) {
  const vision = (report.vision = { source: 'off', framesSent: 0, frameBytes: 0, devices: [] });
  const camera = $('#camera');
  const screen = $('#screen');
  const select = $('#camera-device');
  const preview = $('#preview');
  const canvas = document.createElement('canvas');
  const media = navigator.mediaDevices;
  // Why a button cannot work here, whatever the session: shown in its tooltip and the status line.
  const why = { camera: undefined, screen: undefined };
  let session; // the open Live session, or undefined
  let stream; // what is being sent, or undefined
  let asked = 0; // counts presses and stops: an answer from the browser to an older one is dropped
  let timer;
  let encoding = false; // one frame at a time: a slow encoder drops frames, never queues them

  const say = (text, problem = false) => {
    vision.status = text;
    $('#vision-status').textContent = text;
    $('#vision-status').classList.toggle('problem', problem);
  };
  const enable = () => {
    const off = session === undefined ? 'start talking first' : undefined;
    camera.disabled = (why.camera ?? off) !== undefined;
    camera.title = why.camera ?? off ?? '';
    select.disabled = camera.disabled;
    screen.disabled = (why.screen ?? off) !== undefined;
    screen.title = why.screen ?? off ?? '';
    camera.textContent = vision.source === 'camera' ? 'Stop camera' : 'Camera';
    screen.textContent = vision.source === 'screen' ? 'Stop sharing' : 'Share screen';
  };

  // The cameras, for the <select>. Their names are empty until the page may use a camera, so the
  // list is read again once one is allowed and whenever a camera is plugged in or out.
  async function listCameras() {
    const cameras = (await media.enumerateDevices()).filter((device) => device.kind === 'videoinput');
    const chosen = select.value;
    select.replaceChildren(
      ...cameras.map((device, i) =>
        Object.assign(document.createElement('option'), {
          value: device.deviceId,
          textContent: device.label || `Camera ${i + 1}`,
        }),
      ),
    );
    if (cameras.some((device) => device.deviceId === chosen)) select.value = chosen;
    vision.devices = cameras.map((device) => device.label);
    const none = 'no camera was found';
    if (cameras.length === 0) say(none);
    else if (why.camera === none) say(''); // one was plugged in
    why.camera = cameras.length === 0 ? none : undefined;
    enable();
  }

  async function start(source) {
    stop();
    const press = asked;
    let got;
    try {
      got =
        source === 'camera'
          ? await media.getUserMedia({ video: select.value ? { deviceId: { exact: select.value } } : true })
          : await media.getDisplayMedia({ video: true });
    } catch (error) {
      if (press !== asked) return;
      vision[source] = error.name;
      const refused = error.name === 'NotAllowedError';
      if (source === 'camera' && refused) say('the camera was not allowed: talking goes on without it', true);
      else if (refused) say('screen sharing was cancelled', true);
      else say(`${source}: ${error.message || error.name}`, true);
      enable();
      return;
    }
    // Pressed again, stopped, or the session ended while the browser asked: let it go at once.
    if (press !== asked || session === undefined) return got.getTracks().forEach((track) => track.stop());
    stream = got;
    vision[source] = 'allowed';
    vision.source = source;
    const [track] = stream.getVideoTracks();
    // Ended by the browser (its own "stop sharing" button, a camera unplugged): stop sending too.
    track.addEventListener('ended', () => stop());
    preview.srcObject = stream;
    preview.hidden = false;
    await preview.play();
    say(`sending the ${source}, one frame a second: ${track.label}`);
    timer = setInterval(sendFrame, FRAME_EVERY_MS);
    enable();
    if (source === 'camera') await listCameras();
  }

  function stop() {
    asked += 1;
    clearInterval(timer);
    if (stream !== undefined) {
      stream.getTracks().forEach((track) => track.stop());
      vision.trackState = stream.getVideoTracks()[0]?.readyState;
      say(`${vision.source} stopped`);
    }
    stream = undefined;
    vision.source = 'off';
    preview.srcObject = null;
    preview.hidden = true;
    enable();
  }

  async function sendFrame() {
    const { videoWidth: width, videoHeight: height } = preview;
    if (encoding || session === undefined || width === 0) return;
    encoding = true;
    try {
      [canvas.width, canvas.height] = frameSize(width, height);
      canvas.getContext('2d').drawImage(preview, 0, 0, canvas.width, canvas.height);
      const jpeg = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
      if (jpeg === null) return;
      const data = await toBase64(jpeg);
      // Checked after the last await: the session may have closed while the frame was encoded, and a
      // send on a closing socket is an error in the browser's console.
      if (session === undefined || stream === undefined) return;
      session.sendRealtimeInput({ video: { data, mimeType: 'image/jpeg' } });
      vision.framesSent += 1;
      vision.frameBytes += jpeg.size;
      vision.frameSize = `${canvas.width}×${canvas.height}`;
    } finally {
      encoding = false;
    }
  }

  // Whatever goes wrong here is one line on the page; the voice session goes on.
  const safely = (action) => () =>
    Promise.resolve(action()).catch((error) => say(String(error?.message ?? error), true));
  camera.addEventListener(
    'click',
    safely(() => (vision.source === 'camera' ? stop() : start('camera'))),
  );
  screen.addEventListener(
    'click',
    safely(() => (vision.source === 'screen' ? stop() : start('screen'))),
  );
  select.addEventListener(
    'change',
    safely(() => vision.source === 'camera' && start('camera')),
  );
  if (!media?.getUserMedia) why.camera = 'the camera needs a secure page (https, or http on localhost)';
  if (!media?.getDisplayMedia) why.screen = 'this browser cannot share its screen';
  say(why.camera ?? why.screen ?? '');
  enable();
  if (media?.enumerateDevices) {
    media.addEventListener('devicechange', safely(listCameras));
    void safely(listCameras)();
  }

  return {
    /** Frames go to this session from now on. */
    attach(open) {
      session = open;
      enable();
    },
    /** The session ended: the camera or screen is released. */
    detach() {
      session = undefined;
      stop();
    },
  };
}

/** A picture's size scaled down (never up) to at most MAX_SIDE px on its long side, in whole pixels. */
export function frameSize(width, height) {
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}

// The JPEG's bytes as base64, a slice at a time (a whole frame at once would overflow the call stack).
async function toBase64(blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
