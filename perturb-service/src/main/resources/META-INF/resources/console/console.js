// The FER Perturb web console: plain JavaScript, no build step. Reads perturb-service (same origin) and,
// from the browser, inference-, saliency- and trainer-service at the URLs of ./config.json.
'use strict';

const POLL_MS = 2000;
const LIST_REFRESH_MS = 10000;
const EMOTION_COLOURS = {
  angry: '#d62728', disgust: '#8c564b', fear: '#9467bd', happy: '#2ca02c',
  sad: '#1f77b4', surprise: '#ff7f0e', neutral: '#7f7f7f'
};

const state = {
  config: null,
  selectedExperiment: null,
  selectedDataset: null,
  pollTimer: null,
  streams: new Map(), // jobId → EventSource of the trainer's progress
  live: new Map(),    // jobId → newest progress from the stream
  experiments: [],
  servedModels: [],
  aliasTargets: [],   // [{alias, name, version}]: which version each alias names, from GET /v2/models
  defaultModel: null  // {name, version, aliases} of the model requests without a model get
};

const $ = (selector) => document.querySelector(selector);

// ---- bearer token ---------------------------------------------------------------------------------
// Where the services ask for tokens (fer.auth.enabled), a user pastes one; it lives in this tab's sessionStorage
// only and goes with every call as Authorization: Bearer. Without one the console calls as before.

const TOKEN_KEY = 'fer.console.token';
const token = () => sessionStorage.getItem(TOKEN_KEY);

/** fetch with the pasted token; a 401 or 403 is also said in the banner, with the service's own sentence. */
async function api(url, options = {}) {
  const headers = new Headers(options.headers || {});
  if (token()) headers.set('Authorization', 'Bearer ' + token());
  const response = await fetch(url, { ...options, headers });
  if (response.status === 401 || response.status === 403) {
    const reason = await failure(response.clone());
    refused(`${response.status === 401 ? 'Not signed in' : 'Not allowed'}: ${reason}`
      + (token() ? '' : ' Paste a bearer token above.'));
  }
  return response;
}

function refused(message) {
  const banner = $('#auth-status');
  banner.textContent = 'A call was refused. ' + message;
  banner.hidden = false;
}

/** An image the services serve: a plain src without a token, else fetched with it (an <img> sends no header). */
async function showImage(img, url, onMissing) {
  if (!token()) {
    img.onerror = onMissing;
    img.src = url;
    return;
  }
  try {
    const response = await api(url);
    if (!response.ok) { onMissing(); return; }
    img.src = URL.createObjectURL(await response.blob());
  } catch (unreachable) {
    onMissing();
  }
}

function setUpToken() {
  const input = $('#token');
  const forget = $('#token-forget');
  forget.hidden = !token();
  $('#token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!input.value.trim()) return;
    sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    input.value = '';
    forget.hidden = false;
    $('#auth-status').hidden = true;
    refreshAll();
  });
  forget.addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    forget.hidden = true;
    refreshAll();
  });
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'className') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const percent = (x) => (x === null || x === undefined ? '–' : (100 * x).toFixed(1) + '%');
const signed = (x) => (x === null || x === undefined ? '–' : (x >= 0 ? '+' : '') + (100 * x).toFixed(1));
const number = (x, digits) => (x === null || x === undefined ? '–' : Number(x).toFixed(digits));

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.round(seconds);
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
}

/** The service's JSON error sentence, or the status line. */
async function failure(response) {
  try {
    const body = await response.json();
    if (body && body.error) return body.error;
  } catch (notJson) { /* fall through */ }
  return 'HTTP ' + response.status;
}

async function getJson(url) {
  const response = await api(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(await failure(response));
  return response.json();
}

// ---- services -------------------------------------------------------------------------------------

async function showServices() {
  const services = [
    ['perturb', ''], ['trainer', state.config.trainerUrl],
    ['inference', state.config.inferenceUrl], ['saliency', state.config.saliencyUrl]
  ];
  const list = $('#services');
  list.replaceChildren(...services.map(([name]) => el('li', { 'data-service': name }, name)));
  for (const [name, base] of services) {
    const item = list.querySelector(`[data-service="${name}"]`);
    try {
      const response = await fetch(base + '/q/health/ready', { cache: 'no-store' });
      item.className = response.ok ? 'up' : 'starting';
      item.title = response.ok ? 'ready' : 'live but not ready (HTTP ' + response.status + ')';
    } catch (unreachable) {
      item.className = 'down';
      item.title = 'not reachable at ' + (base || location.origin);
    }
  }
}

// ---- datasets -------------------------------------------------------------------------------------

async function loadDatasets() {
  let datasets;
  try {
    datasets = await getJson('/datasets');
  } catch (e) {
    $('#datasets-empty').hidden = false;
    $('#datasets-empty').textContent = 'Datasets could not be listed: ' + e.message;
    return;
  }
  $('#datasets-empty').hidden = datasets.length > 0;
  const rows = datasets.map((d) => el('tr', {
    className: d.datasetId === state.selectedDataset ? 'selected' : null,
    onclick: () => selectDataset(d.datasetId)
  },
  el('td', null, el('code', null, d.datasetId)), el('td', null, d.variant || 'original'), el('td', null, d.images),
  el('td', null, (d.counts || {}).Training ?? '–'), el('td', null, (d.counts || {}).PublicTest ?? '–'),
  el('td', null, (d.counts || {}).PrivateTest ?? '–')));
  $('#dataset-list tbody').replaceChildren(...rows);
  if (!state.selectedDataset && datasets.length > 0) {
    const original = datasets.find((d) => !d.variant || d.variant === 'original') || datasets[0];
    selectDataset(original.datasetId);
  }
}

function selectDataset(id) {
  state.selectedDataset = id;
  const figure = $('#distribution');
  figure.hidden = false;
  showImage(figure.querySelector('img'), `/datasets/${encodeURIComponent(id)}/distribution.png`, () => {});
  figure.querySelector('figcaption').textContent = 'Class distribution of ' + id;
  for (const row of document.querySelectorAll('#dataset-list tbody tr')) {
    row.classList.toggle('selected', row.querySelector('code').textContent === id);
  }
}

// ---- experiments ----------------------------------------------------------------------------------

async function loadExperiments() {
  try {
    state.experiments = await getJson('/experiments');
  } catch (e) {
    $('#experiments-empty').hidden = false;
    $('#experiments-empty').textContent = 'Experiments could not be listed: ' + e.message;
    return;
  }
  $('#experiments-empty').hidden = state.experiments.length > 0;
  $('#experiment-list tbody').replaceChildren(...state.experiments.map((x) => el('tr', {
    className: x.id === state.selectedExperiment ? 'selected' : null,
    onclick: () => selectExperiment(x.id)
  },
  el('td', null, el('code', null, x.id)), el('td', null, x.spec.datasetId), el('td', null, x.spec.architectures.join(', ')),
  el('td', null, (x.spec.clusterCounts || [x.spec.clusters]).join(', ')),
  el('td', null, el('span', { className: 'state ' + x.state }, x.state)),
  el('td', null, new Date(x.createdAt).toLocaleString()))));
  fillModelPickers();
  if (!state.selectedExperiment && state.experiments.length > 0) selectExperiment(state.experiments[0].id);
}

function selectExperiment(id) {
  state.selectedExperiment = id;
  closeStreams();
  for (const row of document.querySelectorAll('#experiment-list tbody tr')) {
    row.classList.toggle('selected', row.querySelector('code').textContent === id);
  }
  pollExperiment();
}

async function pollExperiment() {
  clearTimeout(state.pollTimer);
  const id = state.selectedExperiment;
  let experiment;
  try {
    experiment = await getJson('/experiments/' + encodeURIComponent(id));
  } catch (e) {
    $('#experiment-error').hidden = false;
    $('#experiment-error').textContent = 'Could not read the experiment: ' + e.message;
    state.pollTimer = setTimeout(pollExperiment, POLL_MS * 2);
    return;
  }
  if (id !== state.selectedExperiment) return;
  showExperiment(experiment);
  if (experiment.state === 'succeeded' || experiment.state === 'failed') {
    closeStreams();
    loadExperiments();
  } else {
    followRunningJobs(experiment.jobs);
    state.pollTimer = setTimeout(pollExperiment, POLL_MS);
  }
}

/**
 * The trainer's server-sent events move the numbers between polls; polling alone still works without them (and
 * with a token, which an EventSource cannot send).
 */
function followRunningJobs(jobs) {
  if (!state.config.trainerUrl || typeof EventSource === 'undefined' || token()) return;
  for (const job of jobs) {
    const running = job.state === 'running' || job.state === 'queued';
    if (running && !state.streams.has(job.jobId)) {
      const source = new EventSource(`${state.config.trainerUrl}/jobs/${encodeURIComponent(job.jobId)}/events`);
      source.onmessage = (message) => {
        const progress = JSON.parse(message.data);
        state.live.set(job.jobId, progress);
        updateJobRow(job.jobId, progress);
      };
      source.onerror = () => { source.close(); }; // the trainer is unreachable or sends no CORS: keep polling
      state.streams.set(job.jobId, source);
    } else if (!running && state.streams.has(job.jobId)) {
      state.streams.get(job.jobId).close();
      state.streams.delete(job.jobId);
    }
  }
}

function closeStreams() {
  for (const source of state.streams.values()) source.close();
  state.streams.clear();
  state.live.clear();
}

function showExperiment(x) {
  $('#experiment-detail').hidden = false;
  $('#experiment-id').textContent = x.id;
  const badge = $('#experiment-state');
  badge.textContent = x.state;
  badge.className = 'state ' + x.state;
  const report = $('#report-link');
  report.hidden = x.state !== 'succeeded';
  report.href = `/experiments/${encodeURIComponent(x.id)}/report`;
  report.onclick = token() ? openWithToken : null;
  $('#experiment-error').hidden = !x.error;
  $('#experiment-error').textContent = x.error || '';
  $('#jobs tbody').replaceChildren(...x.jobs.map(jobRow));
  showResults(x.table);
  showFigures(x);
}

function jobRow(job) {
  return el('tr', { 'data-job': job.jobId },
    el('td', null, job.role), el('td', null, job.architecture), el('td', null, job.clusters ?? ''),
    el('td', { className: 'job-state' }, el('span', { className: 'state ' + job.state }, job.state)),
    el('td', { className: 'job-progress' }, progressBar(job)),
    el('td', { className: 'job-accuracy' }, percent(job.validationAccuracy)),
    el('td', { className: 'job-speed' }, number(job.imagesPerSecond, 0)),
    el('td', { className: 'job-eta' }, job.state === 'succeeded' ? 'done' : duration(job.etaSeconds)),
    el('td', null, job.modelId ? el('code', null, job.modelId + (job.version ? ' v' + job.version : '')) : '–'));
}

function progressBar(p) {
  const epochs = p.epochs || 0;
  let done = p.epoch || 0;
  if (p.step && p.steps && p.epoch) done = p.epoch - 1 + p.step / p.steps; // mid-epoch, from the stream
  if (p.state === 'succeeded') done = epochs;
  const fraction = epochs > 0 ? Math.min(1, done / epochs) : 0;
  const label = epochs > 0 ? `epoch ${p.epoch || 0} / ${epochs}` : p.state;
  return el('div', { className: 'bar', title: label },
    el('div', { className: 'fill', style: `width: ${(100 * fraction).toFixed(1)}%` }), el('span', null, label));
}

function updateJobRow(jobId, progress) {
  const row = document.querySelector(`#jobs tr[data-job="${CSS.escape(jobId)}"]`);
  if (!row) return;
  row.querySelector('.job-progress').replaceChildren(progressBar(progress));
  row.querySelector('.job-state').replaceChildren(el('span', { className: 'state ' + progress.state }, progress.state));
  if (progress.validationAccuracy != null) row.querySelector('.job-accuracy').textContent = percent(progress.validationAccuracy);
  if (progress.imagesPerSecond != null) row.querySelector('.job-speed').textContent = number(progress.imagesPerSecond, 0);
  if (progress.etaSeconds != null) row.querySelector('.job-eta').textContent = duration(progress.etaSeconds);
}

function showResults(table) {
  const summary = table ? (table.summary || []) : [];
  $('#results').hidden = summary.length === 0;
  if (summary.length === 0) return;
  $('#results-table tbody').replaceChildren(...summary.map((s) => el('tr', null,
    el('td', null, s.architecture),
    el('td', null, s.variant + (s.clusters ? ' (n = ' + s.clusters + ')' : '')),
    el('td', null, String(s.seeds)),
    el('td', null, spread(s.clean && s.clean.accuracy)), el('td', null, spread(s.clean && s.clean.balancedAccuracy)),
    el('td', null, spread(s.clean && s.clean.macroF1, false)),
    el('td', null, spread(s.cleanTta && s.cleanTta.accuracy)), el('td', null, spread(s.occluded && s.occluded.accuracy)))));
  const comparisons = table.comparisons || [];
  $('#comparisons').hidden = comparisons.length === 0;
  $('#comparisons-table tbody').replaceChildren(...comparisons.map((c) => el('tr', null,
    el('td', null, c.architecture), el('td', null, String(c.clusters)), el('td', null, String(c.seed)),
    el('td', null, c.against), el('td', null, c.testSet),
    el('td', { className: !c.significant ? null : c.difference > 0 ? 'gain' : 'loss' }, signed(c.difference)),
    el('td', null, '[' + signed(c.low) + ', ' + signed(c.high) + ']'),
    el('td', null, c.mcNemarP.toPrecision(3)),
    el('td', { className: 'significance' }, c.significant ? '' : 'not significant'))));
  const deltas = table.deltas || [];
  const classes = deltas.length > 0 ? Object.keys(deltas[0].perClassRecall) : [];
  $('#deltas-table thead').replaceChildren(el('tr', null, el('th', null, 'architecture'), el('th', null, 'n'),
    el('th', null, 'test set'), el('th', null, 'accuracy'), el('th', null, 'balanced'), el('th', null, 'macro-F1'),
    classes.map((c) => el('th', null, c))));
  $('#deltas-table tbody').replaceChildren(...deltas.map((d) => el('tr', null,
    el('td', null, d.architecture), el('td', null, d.clusters), el('td', null, d.testSet),
    deltaCell(d.accuracy), deltaCell(d.balancedAccuracy), deltaCell(d.macroF1),
    classes.map((c) => deltaCell(d.perClassRecall[c])))));
}

/** "61.2 ± 1.3 %" over seeds, or the one value of a single run; macro-F1 as a fraction. */
function spread(s, asPercent = true) {
  if (!s || s.mean == null) return '–';
  const show = (v) => asPercent ? (100 * v).toFixed(1) : v.toFixed(3);
  return s.runs > 1 ? show(s.mean) + ' ± ' + show(s.standardDeviation) + (asPercent ? ' %' : '')
    : (asPercent ? percent(s.mean) : show(s.mean));
}

function deltaCell(x) {
  return el('td', { className: x > 0 ? 'gain' : x < 0 ? 'loss' : null }, signed(x));
}

/** Figures appear once the experiment has computed them; a 404 simply hides the figure. */
function showFigures(x) {
  const holder = $('#experiment-figures');
  if (holder.dataset.experiment === x.id + x.state) return;
  holder.dataset.experiment = x.id + x.state;
  const dataset = encodeURIComponent(x.spec.datasetId);
  const figures = [
    [`/datasets/${dataset}/clusters.png`, 'Cluster map and the regions each perturbed copy removes'],
    [`/datasets/${dataset}/elbow?format=png`, 'Elbow: k-means inertia for k = 1…8'],
    [`/datasets/${dataset}/distribution.png`, 'Class distribution of ' + x.spec.datasetId]
  ];
  holder.replaceChildren(...figures.map(([src, caption]) => {
    const figure = el('figure', null, el('img', { alt: caption }), el('figcaption', null, caption));
    showImage(figure.querySelector('img'), src, () => { figure.hidden = true; });
    return figure;
  }));
}

/** The report, fetched with the token and opened as a page of its own (a plain link would send none). */
async function openWithToken(event) {
  event.preventDefault();
  const response = await api(event.currentTarget.href);
  if (!response.ok) return;
  window.open(URL.createObjectURL(new Blob([await response.text()], { type: 'text/html' })), '_blank', 'noopener');
}

// ---- models ---------------------------------------------------------------------------------------

async function loadServedModels() {
  try {
    const body = await getJson(state.config.inferenceUrl + '/v2/models');
    const models = body.models || [];
    state.servedModels = models.map((m) => m.name);
    state.aliasTargets = ['production', 'staging', 'latest'].flatMap((alias) => models
      .filter((m) => (m.aliases || []).includes(alias)).map((m) => ({ alias, name: m.name, version: m.version })));
    state.defaultModel = models.find((m) => m.isDefault) || null;
  } catch (unreachable) {
    state.servedModels = [];
    state.aliasTargets = [];
    state.defaultModel = null;
  }
  showAliasTargets();
  fillModelPickers();
}

/** Which version each alias names, and which one requests without a model get. */
function showAliasTargets() {
  const line = $('#served-aliases');
  if (!line) return;
  const targets = state.aliasTargets.map((t) => `${t.alias} → ${t.name} v${t.version}`);
  const served = state.defaultModel ? `served by default: ${state.defaultModel.name} v${state.defaultModel.version}`
    : 'no model is served by default yet';
  line.textContent = [served, ...targets].join(' · ');
}

/** Defaults: the newest succeeded experiment's baseline and perturbed models; any served model can be picked. */
function fillModelPickers() {
  const newest = state.experiments.find((x) => x.state === 'succeeded');
  const modelOf = (role) => newest && (newest.jobs.find((j) => j.role === role && j.modelId) || {}).modelId;
  const fromExperiments = state.experiments.flatMap((x) => x.jobs.filter((j) => j.modelId && j.state === 'succeeded')
    .map((j) => j.modelId));
  const all = [...new Set([...fromExperiments, ...state.servedModels])];
  fillPicker($('#predict-model'), all, null, true,
    state.aliasTargets.map((t) => ({ value: t.alias, label: `${t.alias} (${t.name} v${t.version})` })));
  fillPicker($('#baseline-model'), all, modelOf('baseline') || all[1] || all[0]);
  fillPicker($('#perturbed-model'), all, modelOf('perturbed') || all[0]);
}

function fillPicker(select, models, preferred, keepDefault, aliases = []) {
  const chosen = select.dataset.touched ? select.value : (preferred || select.value);
  const options = [...aliases.map((a) => el('option', { value: a.value }, a.label)),
    ...models.map((m) => el('option', { value: m }, m))];
  const served = state.defaultModel ? ` (${state.defaultModel.name} v${state.defaultModel.version})` : '';
  if (keepDefault) options.unshift(el('option', { value: '' }, 'served model' + served));
  if (!keepDefault && models.length === 0) options.push(el('option', { value: '' }, 'no model yet'));
  select.replaceChildren(...options);
  if (chosen && (models.includes(chosen) || aliases.some((a) => a.value === chosen))) select.value = chosen;
}

// ---- photo ----------------------------------------------------------------------------------------

function setUpDropZone() {
  const zone = $('#drop-zone');
  const input = $('#photo-input');
  input.addEventListener('change', () => { if (input.files[0]) analyse(input.files[0]); });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    if (e.dataTransfer.files[0]) analyse(e.dataTransfer.files[0]);
  });
  for (const id of ['#predict-model', '#baseline-model', '#perturbed-model']) {
    $(id).addEventListener('change', () => {
      $(id).dataset.touched = 'true';
      if (state.photo) analyse(state.photo);
    });
  }
}

function status(text, isError) {
  const line = $('#photo-status');
  line.textContent = text;
  line.classList.toggle('error', Boolean(isError));
}

async function analyse(file, facesMode) {
  state.photo = file;
  const image = $('#photo-image');
  if (image.dataset.url) URL.revokeObjectURL(image.dataset.url);
  image.dataset.url = URL.createObjectURL(file);
  image.src = image.dataset.url;
  await image.decode().catch(() => {});
  $('#photo-result').hidden = false;
  $('#stage').querySelectorAll('.face-box').forEach((b) => b.remove());
  $('#faces').replaceChildren();
  status('Looking for faces…');
  const model = $('#predict-model').value;
  const url = `${state.config.inferenceUrl}/predict?faces=${facesMode || 'auto'}` + (model ? '&model=' + encodeURIComponent(model) : '');
  let prediction;
  try {
    const response = await api(url, { method: 'POST', body: file,
      headers: { 'Content-Type': file.type || 'application/octet-stream' } });
    if (!response.ok) {
      status('inference-service refused the photo: ' + await failure(response), true);
      return;
    }
    prediction = await response.json();
  } catch (unreachable) {
    status(`inference-service is not reachable at ${state.config.inferenceUrl} (is it running, and does it allow `
      + `this origin through CORS?)`, true);
    return;
  }
  showPrediction(prediction, image, file);
}

function showPrediction(prediction, image, file) {
  const faces = prediction.faces || [];
  const where = `${prediction.model} v${prediction.version}, ${number(prediction.latencyMs, 0)} ms`;
  if (faces.length === 0) {
    status((prediction.message || 'No face found.') + ' (' + where + ') ', false);
    $('#photo-status').append(el('button', { type: 'button', onclick: () => analyse(file, 'none') },
      'Classify the whole image as one face'));
    return;
  }
  status(`${faces.length} face${faces.length > 1 ? 's' : ''} found by ${where}.`);
  const width = image.naturalWidth;
  const height = image.naturalHeight;
  faces.forEach((face, i) => {
    const [x, y, w, h] = face.box;
    const colour = EMOTION_COLOURS[face.emotion] || '#e377c2';
    const box = el('div', {
      className: 'face-box', 'data-face': i, 'data-emotion': face.emotion,
      style: `left:${100 * x / width}%;top:${100 * y / height}%;width:${100 * w / width}%;height:${100 * h / height}%;`
        + `border-color:${colour}`
    }, el('span', { className: 'face-label', style: `background:${colour}` },
      `${i + 1}. ${face.emotion} ${percent(face.probabilities[face.emotion])}`));
    $('#stage').append(box);
    $('#faces').append(faceCard(face, i, colour, image));
  });
}

/** A bar per emotion of {emotion: share}, largest first. */
function shareBars(shares, colour) {
  const sorted = Object.entries(shares).sort((a, b) => b[1] - a[1]);
  return el('ul', { className: 'probabilities' }, sorted.map(([emotion, p]) => el('li', null,
    el('span', { className: 'name' }, emotion),
    el('span', { className: 'bar' }, el('span', { className: 'fill',
      style: `width:${(100 * p).toFixed(1)}%;background:${EMOTION_COLOURS[emotion] || colour}` })),
    el('span', { className: 'value' }, percent(p)))));
}

function faceCard(face, i, colour, image) {
  const crop = cropCanvas(image, face.box);
  const bars = shareBars(face.probabilities, colour);
  const saliency = el('div', { className: 'saliency' });
  const card = el('li', { className: 'face', 'data-face': i },
    el('h3', null, el('span', { className: 'swatch', style: `background:${colour}` }), `Face ${i + 1}: `,
      el('span', { className: 'emotion' }, face.emotion)),
    el('div', { className: 'face-row' }, el('figure', null, crop, el('figcaption', null, 'face')), bars), saliency);
  showSaliency(saliency, crop);
  return card;
}

function cropCanvas(image, [x, y, w, h]) {
  const canvas = el('canvas', { width: w, height: h, className: 'crop' });
  canvas.getContext('2d').drawImage(image, x, y, w, h, 0, 0, w, h);
  return canvas;
}

/** The baseline's and the perturbed model's maps for one face, side by side; a note where one cannot be had. */
async function showSaliency(holder, crop) {
  const models = [['baseline', $('#baseline-model').value], ['perturbed', $('#perturbed-model').value]];
  const blob = await new Promise((resolve) => crop.toBlob(resolve, 'image/png'));
  for (const [role, model] of models) {
    const figure = el('figure', { className: 'map', 'data-role': role }, el('figcaption', null, `${role}: ${model || 'no model'}`));
    holder.append(figure);
    if (!model) {
      figure.prepend(el('p', { className: 'note' }, 'No trained model to explain yet.'));
      continue;
    }
    try {
      const response = await api(`${state.config.saliencyUrl}/saliency?model=${encodeURIComponent(model)}`
        + '&method=gradient&format=png', { method: 'POST', body: blob, headers: { 'Content-Type': 'image/png' } });
      if (!response.ok) {
        figure.prepend(el('p', { className: 'note' }, 'saliency-service: ' + await failure(response)));
        continue;
      }
      const url = URL.createObjectURL(await response.blob());
      figure.prepend(el('img', { src: url, alt: `where the ${role} model looks` }));
    } catch (unreachable) {
      figure.prepend(el('p', { className: 'note' },
        `Saliency maps need saliency-service, which is not reachable at ${state.config.saliencyUrl}.`));
    }
  }
}

// ---- live predictions -----------------------------------------------------------------------------
// The class mix of the newest records of inference-service's prediction log (GET /predictions/recent), which
// every replica reads from the predictions topic: empty while the log is off (fer.inference.prediction-log.enabled).

const LIVE_MIX_SIZE = 200;

async function loadLiveMix() {
  const line = $('#live-status');
  const chart = $('#live-mix');
  if (!line || !chart) return;
  try {
    const mix = await getJson(`${state.config.inferenceUrl}/predictions/recent?n=${LIVE_MIX_SIZE}`);
    const shares = Object.fromEntries(Object.entries(mix.classMix || {}).map(([e, n]) => [e, n / mix.faces]));
    chart.replaceChildren(...(mix.faces > 0 ? [shareBars(shares, '#9bbcf2')] : []));
    line.textContent = mix.records === 0
      ? (mix.logEnabled ? 'No prediction logged yet.' : 'The prediction log is off (fer.inference.prediction-log.enabled).')
      : `${mix.faces} faces in the last ${mix.records} logged predictions · mean confidence ${percent(mix.meanConfidence)}`
        + ` · ${Object.entries(mix.models).map(([m, n]) => `${m} (${n})`).join(', ')}`;
  } catch (e) {
    chart.replaceChildren();
    line.textContent = `The prediction log could not be read from inference-service: ${e.message}`;
  }
}

// ---- start ----------------------------------------------------------------------------------------

function refreshAll() {
  loadDatasets();
  loadExperiments();
  loadServedModels();
  loadLiveMix();
  showServices();
}

async function start() {
  try {
    state.config = await getJson('config.json');
  } catch (e) {
    status('The console could not read its settings (config.json): ' + e.message, true);
    return;
  }
  setUpDropZone();
  setUpToken();
  showServices();
  await Promise.all([loadDatasets(), loadExperiments(), loadServedModels(), loadLiveMix()]);
  setInterval(refreshAll, LIST_REFRESH_MS);
  document.body.dataset.ready = 'true';
}

start();
