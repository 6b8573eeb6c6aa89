// watch.html?v=ID: plays a video's HLS stream with hls.js (or the browser's own HLS), a quality
// choice, storyboard previews on a custom seek bar, and the viewer's position saved for resuming.

import { apiPath, get, put, segment } from './api.js';
import { initAuth } from './auth.js';
import { $, el, showError } from './dom.js';
import { formatBitrate, formatDuration } from './format.js';
import { cssUrl, cueAt, loadStoryboard } from './storyboard.js';

const SAVE_EVERY_MS = 10_000;
const NOT_READY_RETRY_MS = 5_000;
const KEY_STEP = 5;
const PAGE_STEP = 30;
const PROCESSING_NOTICE = 'Still processing: more of this video will be available shortly';
const PENDING_STATUSES = new Set(['uploading', 'uploaded', 'processing']);

const params = new URLSearchParams(location.search);
const videoId = params.get('v');
const requestedOffset = params.get('t');

const player = $('#player');
const errorBox = $('#error');
const notice = $('#notice');
const quality = $('#quality');
const levelLabel = $('#level');
const seek = $('#seek');
const preview = $('#preview');
const previewTime = $('.preview-time', preview);
const timeLabel = $('#time');
const playButton = $('#play');
const muteButton = $('#mute');
const volume = $('#volume');
const fullscreenButton = $('#fullscreen');

let meta = null;
let link = null;
let hls = null;
let storyboard = [];
let signedIn = false;
let started = false;
let lastSaved = null;
let saveTimer = 0;
let retryTimer = 0;
let relinks = 0;
let dragging = false;

// Metadata and stream link

async function load() {
  clearTimeout(retryTimer);
  showError(errorBox, null);
  const base = `/api/videos/${segment(videoId)}`;
  const [metaResult, linkResult] = await Promise.allSettled([
    get(base),
    get(apiPath(`${base}/stream`, { codec: 'h264', resolution: 'auto', offset: requestedOffset })),
  ]);
  if (!signedIn) {
    return;
  }

  if (metaResult.status === 'fulfilled') {
    meta = metaResult.value;
    renderDetails(meta);
  }

  if (linkResult.status === 'fulfilled') {
    setNotice(null);
    if (metaResult.status === 'rejected') {
      showError(errorBox, metaResult.reason);
    }
    play(linkResult.value);
    return;
  }

  const error = linkResult.reason;
  if (error.code === 'video-failed') {
    const reason = meta?.failure ? `${meta.failure.reason} (${meta.failure.code})` : error.detail;
    showError(errorBox, { title: 'This video cannot be played', detail: reason || 'The video could not be processed.' });
  } else if (error.code === 'video-not-ready' && meta && PENDING_STATUSES.has(meta.status)) {
    // Only a video the API lists as on its way is waited for; anything else is said once, not retried.
    setNotice('This video is still being processed. It starts playing here as soon as its first part is ready.');
    retryTimer = setTimeout(load, NOT_READY_RETRY_MS);
  } else {
    showError(errorBox, metaResult.status === 'rejected' ? metaResult.reason : error);
  }
}

function renderDetails(video) {
  document.title = `${video.title} · Netflix Local`;
  $('#title').textContent = video.title;
  $('#summary').textContent = video.summary ?? '';
  const rating = $('#rating');
  rating.textContent = video.rating ?? '';
  rating.hidden = !video.rating;
  $('#duration').textContent = formatDuration(video.duration);
  $('#tags').replaceChildren(...(video.tags ?? []).map((tag) =>
    el('li', {}, el('a', { className: 'tag', dir: 'auto', href: apiPath('/', { tag }) }, tag))));
  updateSeekBar();
}

function setNotice(text) {
  notice.textContent = text ?? '';
  notice.hidden = !text;
}

// Playback

function play(stream) {
  link = stream;
  if (stream.posterUrl) {
    player.poster = stream.posterUrl;
  }
  if (!stream.complete) {
    setNotice(PROCESSING_NOTICE);
  }
  if (stream.storyboardUrl && storyboard.length === 0) {
    loadStoryboard(stream.storyboardUrl)
      .then((cues) => {
        storyboard = cues;
        // Warm the cache so the first hover already shows a picture.
        for (const url of new Set(cues.map((cue) => cue.url))) {
          new Image().src = url;
        }
      })
      .catch((error) => console.warn('No seek previews:', error));
  }

  const Hls = window.Hls;
  if (Hls?.isSupported()) {
    playWithHlsJs(Hls, stream.url, stream.startAt);
  } else if (player.canPlayType('application/vnd.apple.mpegurl')) {
    playNatively(stream.url, stream.startAt);
  } else {
    showError(errorBox, { title: 'Cannot play here', detail: 'This browser can play neither HLS nor Media Source Extensions video.' });
  }
}

function playWithHlsJs(Hls, url, startAt) {
  hls?.destroy();
  hls = new Hls({ startPosition: startAt });
  hls.on(Hls.Events.MANIFEST_PARSED, () => fillQualities());
  hls.on(Hls.Events.LEVEL_SWITCHED, (_, data) => showLevel(data.level));
  hls.on(Hls.Events.LEVEL_UPDATED, (_, data) => {
    // The EVENT playlist became VOD: the last chunk is transcoded.
    if (!data.details.live) {
      markComplete();
    }
    updateSeekBar();
  });
  hls.on(Hls.Events.ERROR, (_, data) => onHlsError(Hls, data));
  hls.attachMedia(player);
  hls.loadSource(url);
}

function onHlsError(Hls, data) {
  if (!data.fatal) {
    return;
  }
  if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
    hls.recoverMediaError();
    return;
  }
  // Signed links expire (a tab paused overnight); ask for a fresh one where playback stands.
  if (data.type === Hls.ErrorTypes.NETWORK_ERROR && data.response?.code === 403 && relinks < 3) {
    relinks++;
    relink();
    return;
  }
  showError(errorBox, { title: 'Playback failed', detail: `The stream could not be played (${data.details}).` });
}

async function relink() {
  const resumeAt = player.currentTime;
  try {
    const fresh = await get(apiPath(`/api/videos/${segment(videoId)}/stream`, { codec: 'h264', resolution: 'auto', offset: resumeAt > 0 ? resumeAt.toFixed(3) : null }));
    link = { ...fresh, complete: link.complete || fresh.complete };
    playWithHlsJs(window.Hls, fresh.url, resumeAt);
  } catch (error) {
    showError(errorBox, error);
  }
}

function playNatively(url, startAt) {
  player.src = url;
  if (startAt > 0) {
    player.addEventListener('loadedmetadata', () => { player.currentTime = startAt; }, { once: true });
  }
  quality.disabled = true;
  levelLabel.textContent = 'chosen by the browser';
  // Safari gives no playlist events; a finite duration means the playlist got its end.
  player.addEventListener('durationchange', () => {
    if (Number.isFinite(player.duration)) {
      markComplete();
    }
  });
}

function markComplete() {
  if (link && !link.complete) {
    link.complete = true;
    setNotice(null);
  }
}

// Quality

function levelName(level) {
  // The master playlist carries no names: find the rendition the API lists with this size, so the
  // choice reads as the ladder names it ("240p"), whatever the rung is called.
  const rendition = (meta?.renditions ?? []).find((r) => r.width === level.width && r.height === level.height);
  // Otherwise rungs are named by their short side, so a portrait 720p is 720x1280, not "1280p".
  const lines = level.width && level.height ? Math.min(level.width, level.height) : level.height;
  const name = rendition?.name || (lines ? `${lines}p` : null);
  const bitrate = formatBitrate(level.bitrate);
  return [name, bitrate || null].filter(Boolean).join(' · ');
}

function fillQualities() {
  const options = hls.levels
    .map((level, index) => ({ level, index }))
    .sort((a, b) => b.level.bitrate - a.level.bitrate)
    .map(({ level, index }) => el('option', { value: String(index) }, levelName(level)));
  quality.replaceChildren(el('option', { value: '-1' }, 'Auto'), ...options);
  quality.value = String(hls.autoLevelEnabled ? -1 : hls.currentLevel);
  quality.disabled = hls.levels.length < 2;
}

function showLevel(index) {
  const level = hls?.levels[index];
  if (!level) {
    return;
  }
  levelLabel.textContent = hls.autoLevelEnabled ? `${levelName(level)} (auto)` : levelName(level);
}

quality.addEventListener('change', () => {
  if (hls) {
    hls.currentLevel = Number(quality.value);
  }
});

// Resume position

function savePosition() {
  if (!started || !signedIn) {
    return;
  }
  const position = Math.round(player.currentTime * 1000) / 1000;
  if (!Number.isFinite(position) || position === lastSaved) {
    return;
  }
  lastSaved = position;
  // keepalive lets the request outlive the page when it is being closed.
  put(`/api/videos/${segment(videoId)}/watch-progress`, { position }, { keepalive: true }).catch((error) => {
    lastSaved = null;
    console.warn('The watch position was not saved:', error);
  });
}

player.addEventListener('playing', () => {
  started = true;
  clearInterval(saveTimer);
  saveTimer = setInterval(savePosition, SAVE_EVERY_MS);
});
player.addEventListener('pause', () => {
  clearInterval(saveTimer);
  savePosition();
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') {
    savePosition();
  }
});
window.addEventListener('pagehide', savePosition);

// Seek bar with storyboard previews

function availableEnd() {
  const ranges = player.seekable;
  return ranges.length > 0 ? ranges.end(ranges.length - 1) : 0;
}

/** The whole title's length: known from the metadata even while later chunks are still transcoding. */
function timelineLength() {
  const media = Number.isFinite(player.duration) ? player.duration : 0;
  return Math.max(meta?.duration ?? 0, media) || availableEnd();
}

function updateSeekBar(time = player.currentTime) {
  const length = timelineLength();
  const played = length > 0 ? Math.min(time / length, 1) : 0;
  const available = length > 0 ? Math.min(availableEnd() / length, 1) : 0;
  seek.style.setProperty('--played', played.toFixed(4));
  seek.style.setProperty('--available', available.toFixed(4));
  const now = formatDuration(time) || '0:00';
  const whole = formatDuration(length);
  timeLabel.textContent = whole ? `${now} / ${whole}` : now;
  seek.setAttribute('aria-valuemax', String(Math.round(length)));
  seek.setAttribute('aria-valuenow', String(Math.round(time)));
  seek.setAttribute('aria-valuetext', whole ? `${now} of ${whole}` : now);
}

function timeAt(event) {
  const box = seek.getBoundingClientRect();
  const fraction = Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1);
  return fraction * timelineLength();
}

function seekTo(time) {
  const length = timelineLength();
  if (!length) {
    return;
  }
  // Until the last chunk is transcoded, the part after the playlist's end does not exist yet.
  const limit = link?.complete ? length : Math.max(availableEnd() - 0.5, 0);
  player.currentTime = Math.min(Math.max(time, 0), limit);
  updateSeekBar(player.currentTime);
}

function showPreview(event) {
  const length = timelineLength();
  if (!length) {
    return;
  }
  const time = timeAt(event);
  const cue = cueAt(storyboard, time);
  if (cue) {
    preview.style.backgroundImage = cssUrl(cue.url);
    preview.style.backgroundPosition = `-${cue.x}px -${cue.y}px`;
    preview.style.width = `${cue.width}px`;
    preview.style.height = `${cue.height}px`;
  } else {
    preview.style.backgroundImage = 'none';
    preview.style.width = '';
    preview.style.height = '';
  }
  preview.classList.toggle('no-image', !cue);
  previewTime.textContent = formatDuration(time);
  preview.hidden = false;
  const box = seek.getBoundingClientRect();
  const half = preview.offsetWidth / 2;
  const x = Math.min(Math.max(event.clientX - box.left, half), Math.max(box.width - half, half));
  preview.style.left = `${x - half}px`;
}

function hidePreview() {
  if (!dragging) {
    preview.hidden = true;
  }
}

seek.addEventListener('pointerdown', (event) => {
  if (event.button !== 0) {
    return;
  }
  dragging = true;
  seek.setPointerCapture(event.pointerId);
  showPreview(event);
  updateSeekBar(timeAt(event));
});
seek.addEventListener('pointermove', (event) => {
  showPreview(event);
  if (dragging) {
    updateSeekBar(timeAt(event));
  }
});
seek.addEventListener('pointerup', (event) => {
  if (dragging) {
    dragging = false;
    seekTo(timeAt(event));
  }
});
seek.addEventListener('pointercancel', () => {
  dragging = false;
  hidePreview();
  updateSeekBar();
});
seek.addEventListener('pointerleave', hidePreview);
seek.addEventListener('lostpointercapture', hidePreview);

seek.addEventListener('keydown', (event) => {
  const steps = { ArrowRight: KEY_STEP, ArrowUp: KEY_STEP, ArrowLeft: -KEY_STEP, ArrowDown: -KEY_STEP, PageUp: PAGE_STEP, PageDown: -PAGE_STEP };
  if (event.key in steps) {
    seekTo(player.currentTime + steps[event.key]);
  } else if (event.key === 'Home') {
    seekTo(0);
  } else if (event.key === 'End') {
    seekTo(timelineLength());
  } else {
    return;
  }
  event.preventDefault();
});

for (const type of ['timeupdate', 'durationchange', 'progress', 'seeked', 'loadedmetadata']) {
  player.addEventListener(type, () => {
    if (!dragging) {
      updateSeekBar();
    }
  });
}

// Play, sound and full screen: the page's own controls, since the video shows none of its own

function togglePlay() {
  if (player.paused || player.ended) {
    player.play().catch((error) => console.warn('Playback did not start:', error));
  } else {
    player.pause();
  }
}

function showPlayState() {
  const playing = !player.paused && !player.ended;
  playButton.innerHTML = playing ? '&#10074;&#10074;' : '&#9654;';
  playButton.setAttribute('aria-label', playing ? 'Pause' : 'Play');
  playButton.title = playing ? 'Pause (k)' : 'Play (k)';
}

function showSound() {
  const silent = player.muted || player.volume === 0;
  muteButton.innerHTML = silent ? '&#128263;' : '&#128266;';
  muteButton.setAttribute('aria-pressed', String(player.muted));
  muteButton.setAttribute('aria-label', player.muted ? 'Unmute' : 'Mute');
  volume.value = String(player.muted ? 0 : player.volume);
}

function toggleFullscreen() {
  const box = player.closest('.player');
  if (document.fullscreenElement) {
    document.exitFullscreen().catch(() => {});
  } else if (box.requestFullscreen) {
    box.requestFullscreen().catch((error) => console.warn('No full screen:', error));
  }
}

playButton.addEventListener('click', togglePlay);
player.addEventListener('click', togglePlay);
player.addEventListener('dblclick', toggleFullscreen);
for (const type of ['play', 'pause', 'ended', 'playing']) {
  player.addEventListener(type, showPlayState);
}
muteButton.addEventListener('click', () => {
  player.muted = !player.muted;
  if (!player.muted && player.volume === 0) {
    player.volume = 1;
  }
});
volume.addEventListener('input', () => {
  player.volume = Number(volume.value);
  player.muted = player.volume === 0;
});
player.addEventListener('volumechange', showSound);
fullscreenButton.addEventListener('click', toggleFullscreen);
fullscreenButton.hidden = !document.fullscreenEnabled;

document.addEventListener('keydown', (event) => {
  const target = event.target;
  if (event.ctrlKey || event.metaKey || event.altKey || target.closest?.('input, select, textarea, button, form')) {
    return;
  }
  if (event.key === ' ' || event.key === 'k') {
    togglePlay();
  } else if (event.key === 'm') {
    player.muted = !player.muted;
  } else if (event.key === 'f') {
    toggleFullscreen();
  } else if ((event.key === 'ArrowLeft' || event.key === 'ArrowRight') && target !== seek) {
    seekTo(player.currentTime + (event.key === 'ArrowRight' ? KEY_STEP : -KEY_STEP));
  } else {
    return;
  }
  event.preventDefault();
});

// Start

initAuth({
  onSignedIn() {
    signedIn = true;
    if (!videoId) {
      showError(errorBox, { title: 'No video chosen', detail: 'Pick a video on the Browse page.' });
    } else if (!link) {
      load();
    }
  },
  onSignedOut() {
    signedIn = false;
    clearTimeout(retryTimer);
    player.pause();
  },
});
