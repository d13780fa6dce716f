// The console's live camera: frames from the browser's camera go to inference-service's POST /predict, and each
// face found is drawn over the video with its emotion and a probability bar. Uses console.js's helpers ($, el,
// api, failure, percent, number, state, EMOTION_COLOURS).
'use strict';

const CAMERA_MAX_FPS = 10;       // never more frames than this a second, however fast the answers come
const CAMERA_MAX_WIDTH = 640;    // frames are scaled down to this width before they are sent
const SMOOTHING_WINDOW = 5;      // a face's label is the mean of its last this many answers
const TRACK_MIN_IOU = 0.3;       // a box overlapping a face's last box this much is the same face
const TRACK_MAX_MISSED = 3;      // a face missing from this many answers in a row is gone
const STATS_WINDOW_MS = 3000;    // frames per second over this window

const camera = { running: false, stream: null, tracks: null, answered: [], frames: 0 };

const intersectionOverUnion = ([ax, ay, aw, ah], [bx, by, bw, bh]) => {
  const w = Math.max(0, Math.min(ax + aw, bx + bw) - Math.max(ax, bx));
  const h = Math.max(0, Math.min(ay + ah, by + bh) - Math.max(ay, by));
  const overlap = w * h;
  return overlap === 0 ? 0 : overlap / (aw * ah + bw * bh - overlap);
};

/**
 * Faces followed from answer to answer: each new box joins the track whose last box it overlaps most (greedy, best
 * pairs first), and a track's emotion is the arg-max of its probabilities averaged over the last answers, so a
 * single odd frame does not flip the label.
 */
class FaceTracks {
  constructor(window = SMOOTHING_WINDOW) {
    this.window = window;
    this.tracks = [];
    this.nextId = 1;
  }

  /** Takes one answer's faces; returns the tracks seen in it, in the answer's order. */
  update(faces) {
    const pairs = [];
    faces.forEach((face, f) => this.tracks.forEach((track) => {
      const iou = intersectionOverUnion(track.box, face.box);
      if (iou >= TRACK_MIN_IOU) pairs.push({ f, track, iou });
    }));
    pairs.sort((a, b) => b.iou - a.iou);
    const matched = new Map();
    const taken = new Set();
    for (const { f, track } of pairs) {
      if (matched.has(f) || taken.has(track)) continue;
      matched.set(f, track);
      taken.add(track);
    }
    const seen = faces.map((face, f) => {
      let track = matched.get(f);
      if (!track) {
        track = { id: this.nextId++, history: [], updates: 0, missed: 0 };
        this.tracks.push(track);
      }
      track.box = face.box;
      track.missed = -1; // counted up with the others below
      track.updates++;
      track.history.push(face.probabilities);
      if (track.history.length > this.window) track.history.shift();
      track.smoothed = FaceTracks.mean(track.history);
      track.emotion = Object.entries(track.smoothed).sort((a, b) => b[1] - a[1])[0][0];
      return track;
    });
    this.tracks.forEach((t) => t.missed++);
    this.tracks = this.tracks.filter((t) => t.missed < TRACK_MAX_MISSED);
    return seen;
  }

  static mean(history) {
    const sums = {};
    for (const probabilities of history) {
      for (const [emotion, p] of Object.entries(probabilities)) sums[emotion] = (sums[emotion] || 0) + p;
    }
    for (const emotion of Object.keys(sums)) sums[emotion] /= history.length;
    return sums;
  }
}

function cameraStatus(text, isError) {
  const line = $('#camera-status');
  line.textContent = text;
  line.classList.toggle('error', Boolean(isError));
}

async function startCamera() {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    cameraStatus('This browser offers no camera to pages (it needs a secure origin: https or localhost).', true);
    return;
  }
  try {
    camera.stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
  } catch (refused) {
    cameraStatus(`No camera: ${refused.message || refused.name}. Allow this page to use the camera and try again.`, true);
    return;
  }
  const video = $('#camera-video');
  video.srcObject = camera.stream;
  await video.play();
  camera.running = true;
  camera.tracks = new FaceTracks();
  camera.answered = [];
  camera.frames = 0;
  $('#camera-stage').hidden = false;
  $('#camera-start').hidden = true;
  $('#camera-stop').hidden = false;
  cameraStatus('Sending frames to inference-service…');
  cameraLoop();
}

function stopCamera() {
  camera.running = false;
  if (camera.stream) camera.stream.getTracks().forEach((t) => t.stop());
  camera.stream = null;
  $('#camera-video').srcObject = null;
  $('#camera-start').hidden = false;
  $('#camera-stop').hidden = true;
  cameraStatus('Camera stopped.');
}

/** One frame at a time: the next goes out when the answer to this one is back, so the rate is what the service sustains. */
async function cameraLoop() {
  const video = $('#camera-video');
  const frame = document.createElement('canvas');
  while (camera.running) {
    const started = performance.now();
    if (video.videoWidth === 0) {
      await pause(100);
      continue;
    }
    const scale = Math.min(1, CAMERA_MAX_WIDTH / video.videoWidth);
    frame.width = Math.round(video.videoWidth * scale);
    frame.height = Math.round(video.videoHeight * scale);
    frame.getContext('2d').drawImage(video, 0, 0, frame.width, frame.height);
    const jpeg = await new Promise((resolve) => frame.toBlob(resolve, 'image/jpeg', 0.85));
    const model = $('#predict-model').value;
    const url = `${state.config.inferenceUrl}/predict?faces=auto` + (model ? '&model=' + encodeURIComponent(model) : '');
    let answer;
    try {
      const response = await api(url, { method: 'POST', body: jpeg, headers: { 'Content-Type': 'image/jpeg' } });
      if (!response.ok) {
        cameraStatus('inference-service refused a frame: ' + await failure(response), true);
        await pause(1000);
        continue;
      }
      answer = await response.json();
    } catch (unreachable) {
      cameraStatus(`inference-service is not reachable at ${state.config.inferenceUrl}; trying again.`, true);
      await pause(1000);
      continue;
    }
    if (!camera.running) break;
    const now = performance.now();
    const seen = camera.tracks.update(answer.faces || []);
    drawTracks(seen, frame.width, frame.height);
    showCameraStats(answer, now - started, now);
    cameraStatus(seen.length === 0 ? 'No face in view.' : `${seen.length} face${seen.length > 1 ? 's' : ''} in view.`);
    await pause(Math.max(0, 1000 / CAMERA_MAX_FPS - (performance.now() - started)));
  }
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Boxes, labels and probability bars on the canvas over the video, and the same as a list for screen readers. */
function drawTracks(tracks, frameWidth, frameHeight) {
  const video = $('#camera-video');
  const overlay = $('#camera-overlay');
  overlay.width = video.clientWidth;
  overlay.height = video.clientHeight;
  const sx = overlay.width / frameWidth;
  const sy = overlay.height / frameHeight;
  const g = overlay.getContext('2d');
  g.clearRect(0, 0, overlay.width, overlay.height);
  g.font = '14px system-ui, sans-serif';
  g.textBaseline = 'bottom';
  for (const track of tracks) {
    const [x, y, w, h] = track.box.map((v, i) => v * (i % 2 === 0 ? sx : sy));
    const colour = EMOTION_COLOURS[track.emotion] || '#e377c2';
    g.lineWidth = 3;
    g.strokeStyle = colour;
    g.strokeRect(x, y, w, h);
    const label = `${track.id}. ${track.emotion} ${percent(track.smoothed[track.emotion])}`;
    const labelWidth = g.measureText(label).width + 8;
    g.fillStyle = colour;
    g.fillRect(x, y - 20, labelWidth, 20);
    g.fillStyle = '#fff';
    g.fillText(label, x + 4, y - 3);
    // the bar: one segment per emotion, as wide as its smoothed probability
    let left = x;
    for (const [emotion, p] of Object.entries(track.smoothed).sort((a, b) => b[1] - a[1])) {
      g.fillStyle = EMOTION_COLOURS[emotion] || colour;
      g.fillRect(left, y + h + 3, w * p, 8);
      left += w * p;
    }
  }
  $('#camera-faces').replaceChildren(...tracks.map((t) => el('li', {
    'data-track': t.id, 'data-emotion': t.emotion, 'data-updates': t.updates
  }, el('span', { className: 'swatch', style: `background:${EMOTION_COLOURS[t.emotion] || '#e377c2'}` }),
  `Face ${t.id}: ${t.emotion} ${percent(t.smoothed[t.emotion])}`)));
}

function showCameraStats(answer, roundTripMs, now) {
  camera.frames++;
  camera.answered.push(now);
  while (camera.answered.length > 1 && now - camera.answered[0] > STATS_WINDOW_MS) camera.answered.shift();
  const span = (now - camera.answered[0]) / 1000;
  const fps = span > 0 ? (camera.answered.length - 1) / span : 0;
  const stats = $('#camera-stats');
  stats.dataset.frames = camera.frames;
  stats.textContent = `${number(fps, 1)} frames/s · ${number(roundTripMs, 0)} ms a frame `
    + `(inference ${number(answer.latencyMs, 0)} ms) · ${answer.model} v${answer.version}`;
}

$('#camera-start').addEventListener('click', startCamera);
$('#camera-stop').addEventListener('click', stopCamera);
