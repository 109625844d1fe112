// A Live voice app: copy it. It asks for the microphone first and fetches a token only once it has
// one (a denied microphone spends no token), opens a Live session with the token, streams the
// microphone and plays the spoken reply. While the session is open you can type to it too, and send
// it the camera or the screen (vision.mjs).

// The SDK's browser build (@google/genai/dist/web), served next to this page by `gemtoken serve`.
import { GoogleGenAI, Modality } from './genai.mjs';
import { setUpVision } from './vision.mjs';

const DEFAULT_MODEL = 'gemini-3.8-live'; // used when the token does not lock a model
const MIC_RATE = 16000; // the Live API takes 16-bit PCM, 16 kHz, mono
const REPLY_RATE = 24000; // and answers with 16-bit PCM, 24 kHz, mono

// What happened so far, for you in the console and for gemtoken's browser test.
const report = (window.gemtokenReport = {
  state: 'idle',
  sentChunks: 0,
  replyBytes: 0,
  playedSeconds: 0,
  turns: 0,
  transcript: '',
  textsSent: 0,
});
const vision = setUpVision(report);
const show = (state, detail = '', problem = false) => {
  report.state = state;
  const status = document.querySelector('#status');
  status.textContent = detail ? `${state}: ${detail}` : state;
  status.classList.toggle('problem', problem);
};

document.querySelector('#start').addEventListener('click', (event) => {
  event.target.disabled = true;
  start().catch((error) => {
    report.error = String(error?.message ?? error);
    show('error', report.error, true);
  });
});

async function start() {
  // Both audio contexts now, inside the click: a context made later, after the awaits below, may
  // start suspended (autoplay rules), and the reply would not be heard.
  const speaker = new AudioContext({ sampleRate: REPLY_RATE });
  const mic = new AudioContext({ sampleRate: MIC_RATE });
  let stream;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    stream?.getTracks().forEach((track) => track.stop());
    void speaker.close();
    void mic.close();
  };
  // 1. The microphone first: a token is short-lived and (by default) single-use, so none is fetched
  //    before the page can talk. Denied (or no microphone): stop here, nothing spent.
  show('asking for the microphone');
  if (!navigator.mediaDevices?.getUserMedia) {
    // Browsers offer no microphone to a page that is not a secure context (plain http anywhere but
    // localhost): there is nothing to ask, and "not allowed" would send the person to the wrong setting.
    release();
    report.microphone = 'insecure';
    const why =
      'the microphone needs a secure page, so no token was fetched: open this page over https or at http://localhost';
    show('no microphone', `${why}.`, true);
    return;
  }
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true } });
  } catch (error) {
    release();
    report.microphone = error.name;
    const why = error.name === 'NotFoundError' ? 'no microphone was found' : 'the microphone was not allowed';
    show('no microphone', `${why}, so no token was fetched. Allow it, then press Start again.`, true);
    document.querySelector('#start').disabled = false;
    return;
  }
  report.microphone = 'allowed';
  try {
    // 2. A token from this page's own server, now that it can be used. The server decides its
    //    limits (uses, lifetime, model).
    show('fetching a token');
    const response = await fetch('/token', { method: 'POST' });
    const token = await response.json();
    if (!response.ok) throw new Error(`POST /token answered ${response.status}: ${token.error}`);
    report.token = { apiVersion: token.apiVersion, model: token.model, wsUrl: token.wsUrl };
    await talk(token, stream, speaker, mic, release);
  } catch (error) {
    release();
    throw error;
  }
}

async function talk(token, stream, speaker, mic, release) {
  // 3. The Live session, opened with the token in place of an API key. The SDK derives the
  //    WebSocket URL from baseUrl; token.wsUrl names the same endpoint for clients without the SDK.
  show('connecting');
  const ai = new GoogleGenAI({
    apiKey: token.name,
    httpOptions: { apiVersion: token.apiVersion, baseUrl: httpBaseOf(token.wsUrl) },
  });
  let replying = false;
  let turn; // the element of the reply being transcribed
  let open = true;
  // The session is over: nothing more is sent, the microphone, the camera and the audio are
  // released, and Start can begin a new session (with a new token: a spent one cannot).
  const ended = () => {
    open = false;
    stopPlayback(); // also so that the next session's reply is not queued after this one's
    release();
    vision.detach();
    document.querySelector('#say').hidden = true;
    document.querySelector('#start').disabled = false;
  };
  const session = await ai.live.connect({
    model: token.model ?? DEFAULT_MODEL,
    config: { responseModalities: [Modality.AUDIO], outputAudioTranscription: {} },
    callbacks: {
      onmessage: (message) => {
        const content = message.serverContent;
        for (const part of content?.modelTurn?.parts ?? []) {
          if (!part.inlineData?.data) continue;
          replying = true;
          play(speaker, part.inlineData.data);
        }
        if (content?.outputTranscription?.text) {
          report.transcript += content.outputTranscription.text;
          turn ??= newTurn('gemini');
          turn.append(content.outputTranscription.text);
        }
        if (content?.interrupted) stopPlayback();
        if (content?.turnComplete) {
          report.turns += 1;
          replying = false;
          turn = undefined;
          show('listening', `${report.turns} ${report.turns === 1 ? 'reply' : 'replies'}`);
        }
      },
      onerror: (event) => show('error', (report.error = `socket error: ${event.message ?? event.type}`), true),
      onclose: (event) => {
        ended();
        show('closed', `${event.code} ${event.reason}`);
      },
    },
  });
  if (!open) return; // closed while it opened: onclose said why

  // 4. The microphone into the session, as 16 kHz PCM. Half duplex: while the reply plays the
  //    microphone is not sent, so laptop speakers do not answer themselves (a headset makes full
  //    duplex safe). ScriptProcessorNode keeps this to one file; an AudioWorklet is the production choice.
  const processor = mic.createScriptProcessor(2048, 1, 1);
  processor.onaudioprocess = (event) => {
    if (!open || replying || playing.size > 0) return;
    const data = toBase64Pcm(event.inputBuffer.getChannelData(0));
    session.sendRealtimeInput({ audio: { data, mimeType: `audio/pcm;rate=${MIC_RATE}` } });
    report.sentChunks += 1;
  };
  mic.createMediaStreamSource(stream).connect(processor);
  processor.connect(mic.destination);
  show('listening', 'say something');

  // 5. Typed text is a turn too; the camera and the screen go to the same session.
  const form = document.querySelector('#say');
  form.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault(); // the page's CSP (form-action 'none') allows no navigation
    const text = form.elements.text.value.trim();
    if (text === '' || !open) return;
    session.sendRealtimeInput({ text });
    report.textsSent += 1;
    newTurn('you').append(text);
    form.reset();
  });
  vision.attach(session);
}

// Each reply in its own block under the transcript, its text growing as it arrives.
function newTurn(speaker) {
  const block = document.createElement('article');
  block.className = `turn ${speaker}`;
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = speaker;
  const text = document.createTextNode('');
  block.append(who, text);
  document.querySelector('#transcript').append(block);
  return { append: (more) => (text.data += more) };
}

// The reply arrives as base64 PCM chunks: each becomes an AudioBuffer, scheduled right after the last.
let playAt = 0;
const playing = new Set();
function play(speaker, base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const samples = new Int16Array(bytes.buffer, 0, bytes.length >> 1);
  const buffer = speaker.createBuffer(1, samples.length, REPLY_RATE);
  const channel = buffer.getChannelData(0);
  for (let i = 0; i < samples.length; i++) channel[i] = samples[i] / 32768;
  const source = speaker.createBufferSource();
  source.buffer = buffer;
  source.connect(speaker.destination);
  playAt = Math.max(playAt, speaker.currentTime);
  source.start(playAt);
  playAt += buffer.duration;
  playing.add(source);
  source.onended = () => {
    playing.delete(source);
    report.playedSeconds += buffer.duration;
  };
  report.replyBytes += bytes.length;
}

// The user spoke over the reply (barge-in): the rest of it is dropped.
function stopPlayback() {
  for (const source of playing) {
    source.onended = null;
    source.stop();
  }
  playing.clear();
  playAt = 0;
}

function toBase64Pcm(floats) {
  const pcm = new Int16Array(floats.length);
  for (let i = 0; i < floats.length; i++) pcm[i] = Math.max(-32768, Math.min(32767, Math.round(floats[i] * 32767)));
  let binary = '';
  for (const byte of new Uint8Array(pcm.buffer)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

// wss://host/ws/… → https://host (the SDK adds the /ws/… path itself).
function httpBaseOf(wsUrl) {
  const url = new URL(wsUrl);
  return `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}`;
}
