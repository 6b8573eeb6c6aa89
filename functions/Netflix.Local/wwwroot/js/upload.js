// upload.html: the admin's resumable upload, then the pipeline's progress until the video is
// ready (or failed), with a link to watch as soon as the first part plays.

import { get, segment } from './api.js';
import { initAuth } from './auth.js';
import { $, showError, sleep } from './dom.js';
import { formatBytes, formatDuration } from './format.js';
import {
  ChunkedUpload, WHOLE_FILE_DIGEST_LIMIT, abortUpload, completeUpload, createUpload, fileSha256, forgetUpload, getUpload, recallUpload,
  rememberUpload,
} from './uploader.js';

const POLL_MS = 2000;
const GONE_CODES = new Set(['upload-not-found', 'upload-expired', 'upload-closed']);
// The server holds chunks of other bytes than this file's: received chunks are final, so this upload cannot become the file.
const OTHER_FILE_CODES = new Set(['upload-chunk-conflict', 'upload-file-checksum-mismatch']);

const form = $('#upload-form');
const fileInput = $('#file');
const fileHint = $('#file-hint');
const fields = ['#title', '#description', '#tags', '#rating', '#file'].map((selector) => $(selector));
const startButton = $('#start');
const pauseButton = $('#pause');
const cancelButton = $('#cancel');
const errorBox = $('#upload-error');
const uploadProgress = $('#upload-progress');
const uploadStatus = $('#upload-status');
const transcodeProgress = $('#transcode-progress');
const transcodeStatus = $('#transcode-status');
const watchLink = $('#watch-link');

let upload = null;
let polling = null;

function chosenFile() {
  return fileInput.files?.[0] ?? null;
}

function metadata() {
  return {
    title: $('#title').value.trim(),
    description: $('#description').value,
    tags: $('#tags').value.split(',').map((tag) => tag.trim()).filter(Boolean),
    rating: $('#rating').value.trim(),
  };
}

function setRunning(running) {
  startButton.disabled = running;
  pauseButton.disabled = !running;
  for (const field of fields) {
    field.disabled = running;
  }
  const file = chosenFile();
  cancelButton.disabled = !running && !(file && recallUpload(file));
}

function setUploadStatus(text, percent) {
  uploadStatus.textContent = text;
  if (percent !== undefined) {
    uploadProgress.value = percent;
  }
}

// Upload

/** The session to send to: the remembered one for this file if the server still has it open, or a new one. */
async function openSession(file) {
  const saved = recallUpload(file);
  if (saved) {
    setUploadStatus('Resuming…');
    try {
      const session = await getUpload(saved.uploadId);
      const usable = (session.state === 'open' && new Date(session.expiresAt) > new Date()) || session.state === 'completed';
      if (usable && session.size === file.size) {
        fileHint.textContent = `Resuming the earlier upload of this file: ${session.chunkCount - session.missingCount} of ${session.chunkCount} chunks were already on the server.`;
        return { session, resumed: true };
      }
    } catch (error) {
      if (!GONE_CODES.has(error.code) && error.status !== 404 && error.status !== 410) {
        throw error;
      }
    }
    forgetUpload(file);
    fileHint.textContent = 'The earlier upload of this file can no longer be resumed; starting again.';
  }

  setUploadStatus(file.size > WHOLE_FILE_DIGEST_LIMIT ? 'Starting…' : 'Computing the file’s SHA-256…', 0);
  const details = metadata();
  const sha256 = await fileSha256(file);
  if (sha256 === undefined) {
    fileHint.textContent = `Files over ${formatBytes(WHOLE_FILE_DIGEST_LIMIT)} are sent without a whole-file check; every chunk is still checked on its own.`;
  }
  setUploadStatus('Starting…', 0);
  const session = await createUpload({ ...details, fileName: file.name, size: file.size, sha256 });
  rememberUpload(file, { uploadId: session.uploadId, videoId: session.videoId, metadata: details });
  return { session, resumed: false };
}

async function run(file) {
  setRunning(true);
  showError(errorBox, null);
  resetTranscode();
  let session = null;
  try {
    let resumed;
    ({ session, resumed } = await openSession(file));
    const prefix = resumed ? 'Resuming… ' : '';
    upload = new ChunkedUpload(file, {
      onProgress: ({ confirmedBytes, totalBytes, bytesPerSecond }) => {
        const percent = totalBytes > 0 ? (confirmedBytes / totalBytes) * 100 : 100;
        const parts = [`${formatBytes(confirmedBytes)} of ${formatBytes(totalBytes)} (${Math.floor(percent)} %)`];
        if (bytesPerSecond > 0 && confirmedBytes < totalBytes) {
          parts.push(`${formatBytes(bytesPerSecond)}/s`, `about ${formatDuration((totalBytes - confirmedBytes) / bytesPerSecond)} left`);
        }
        setUploadStatus(prefix + parts.join(' · '), percent);
      },
      onRetry: ({ index, retry, error }) => console.warn(`Chunk ${index}: sending again (retry ${retry}):`, error.detail || error.message),
    });

    let video = null;
    if (session.state === 'completed') {
      video = await completeUpload(session.uploadId);
    }
    // A chunk can go missing between our last send and completion (a lost answer); one more pass sends it.
    for (let pass = 0; video === null; pass++) {
      await upload.send(session);
      try {
        setUploadStatus('Finishing the upload…', 100);
        video = await completeUpload(session.uploadId);
      } catch (error) {
        if (error.code !== 'upload-incomplete' || pass > 0) {
          throw error;
        }
        session = await getUpload(session.uploadId);
      }
    }

    forgetUpload(file);
    // Cleared so that pressing Start again cannot send the same video twice by accident.
    form.reset();
    fileHint.textContent = '';
    startButton.textContent = 'Start upload';
    setUploadStatus(`Upload complete: ${formatBytes(file.size)}.`, 100);
    pollVideo(video.id);
  } catch (error) {
    if (error.name === 'AbortError') {
      setUploadStatus(`Paused at ${Math.floor(uploadProgress.value)} %. Press Resume upload to continue.`);
      startButton.textContent = 'Resume upload';
    } else if (OTHER_FILE_CODES.has(error.code)) {
      showError(errorBox, error);
      setUploadStatus('The server holds parts of another file under this upload. Press Cancel upload to discard it, then upload the file again.');
      startButton.textContent = 'Resume upload';
    } else if (GONE_CODES.has(error.code)) {
      forgetUpload(file);
      showError(errorBox, error);
      setUploadStatus('This upload cannot continue. Press Start upload to send the file again.', 0);
      startButton.textContent = 'Start upload';
    } else {
      showError(errorBox, error);
      setUploadStatus(session ? 'Stopped. Press Resume upload to try again; chunks already sent are kept.' : 'Not started.');
      startButton.textContent = session ? 'Resume upload' : 'Start upload';
    }
  } finally {
    upload = null;
    setRunning(false);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const file = chosenFile();
  if (!upload && file) {
    run(file);
  }
});

pauseButton.addEventListener('click', () => upload?.pause());

cancelButton.addEventListener('click', async () => {
  const file = chosenFile();
  const saved = file && recallUpload(file);
  if (!saved || !confirm('Cancel this upload? The chunks sent so far are discarded.')) {
    return;
  }
  upload?.pause();
  cancelButton.disabled = true;
  try {
    await abortUpload(saved.uploadId);
  } catch (error) {
    if (!GONE_CODES.has(error.code) && error.status !== 404) {
      showError(errorBox, error);
      setRunning(false);
      return;
    }
  }
  forgetUpload(file);
  fileHint.textContent = '';
  startButton.textContent = 'Start upload';
  setUploadStatus('Upload cancelled.', 0);
  setRunning(false);
});

fileInput.addEventListener('change', () => {
  const file = chosenFile();
  const saved = file && recallUpload(file);
  startButton.textContent = saved ? 'Resume upload' : 'Start upload';
  cancelButton.disabled = !saved;
  showError(errorBox, null);
  if (!file) {
    fileHint.textContent = '';
    return;
  }
  if (saved) {
    fileHint.textContent = 'Part of this file was uploaded before. Press Resume upload to send only what is missing.';
    // The session already has its title and details; show them rather than ask again.
    for (const [selector, value] of Object.entries({
      '#title': saved.metadata?.title,
      '#description': saved.metadata?.description,
      '#tags': saved.metadata?.tags?.join(', '),
      '#rating': saved.metadata?.rating,
    })) {
      const field = $(selector);
      if (!field.value && typeof value === 'string') {
        field.value = value;
      }
    }
  } else {
    fileHint.textContent = formatBytes(file.size);
  }
  setUploadStatus(saved ? 'Ready to resume.' : 'Ready to upload.', 0);
});

// Processing

function resetTranscode() {
  polling?.abort();
  polling = null;
  transcodeProgress.max = 1;
  transcodeProgress.value = 0;
  transcodeStatus.textContent = 'Starts when the upload is complete.';
  watchLink.hidden = true;
}

async function pollVideo(videoId) {
  polling?.abort();
  const controller = new AbortController();
  polling = controller;
  transcodeStatus.textContent = 'Waiting for the pipeline…';
  transcodeProgress.removeAttribute('value');
  try {
    while (true) {
      try {
        const video = await get(`/api/videos/${segment(videoId)}`, { signal: controller.signal });
        renderTranscode(video);
        if (video.status === 'ready' || video.status === 'failed') {
          return;
        }
      } catch (error) {
        if (error.name === 'AbortError') {
          return;
        }
        showError(errorBox, error);
        if (!error.transient) {
          return;
        }
      }
      await sleep(POLL_MS, controller.signal);
    }
  } catch (error) {
    if (error.name !== 'AbortError') {
      throw error;
    }
  } finally {
    if (polling === controller) {
      polling = null;
    }
  }
}

function renderTranscode(video) {
  const progress = video.progress;
  if (video.status === 'ready') {
    transcodeProgress.max = 1;
    transcodeProgress.value = 1;
  } else if (progress && progress.total > 0) {
    transcodeProgress.max = progress.total;
    transcodeProgress.value = Math.min(progress.done, progress.total);
  } else {
    transcodeProgress.removeAttribute('value');
  }

  const parts = [`Status: ${video.status}`];
  if (progress) {
    parts.push(`stage: ${progress.stage} (${progress.done} of ${progress.total})`);
  }
  if (video.status === 'failed' && video.failure) {
    parts.push(`failed: ${video.failure.reason} (${video.failure.code})`);
  }
  transcodeStatus.textContent = parts.join(' · ');

  if (video.status === 'ready' || progress?.playable) {
    watchLink.href = `/watch.html?v=${segment(video.id)}`;
    watchLink.textContent = video.status === 'ready' ? 'Watch' : 'Watch now (the rest is still being transcoded)';
    watchLink.hidden = false;
  }
}

initAuth({
  onSignedIn(user) {
    $('#not-admin').hidden = user.role === 'admin';
  },
  onSignedOut() {
    upload?.pause();
    polling?.abort();
  },
});
