// Resumable, chunked uploads: the session API, the chunk sender, and the note in localStorage that
// lets a reloaded page find an unfinished upload of the same file again.

import { ApiError, del, get, post, put, segment } from './api.js';
import { sleep } from './dom.js';

const CONCURRENCY = 3;
const MAX_RETRIES = 5;
const STORAGE_PREFIX = 'netflix.upload:';

// Web Crypto hashes one buffer at a time, so the whole file's digest needs the whole file in memory: only files up
// to this size get one. Bigger files go without it; each chunk is still checked against its own digest.
export const WHOLE_FILE_DIGEST_LIMIT = 512 * 1024 * 1024;

export const createUpload = (request) => post('/api/uploads', request);
export const getUpload = (uploadId) => get(`/api/uploads/${segment(uploadId)}`);
export const completeUpload = (uploadId) => post(`/api/uploads/${segment(uploadId)}/complete`);
export const abortUpload = (uploadId) => del(`/api/uploads/${segment(uploadId)}`);

// A file is recognised by name, size and modification time: the browser gives no path or identity.
const storageKey = (file) => `${STORAGE_PREFIX}${file.name}:${file.size}:${file.lastModified}`;

/** What was remembered about an unfinished upload of this file ({ uploadId, videoId, metadata }), or null. */
export function recallUpload(file) {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey(file)));
    return saved && typeof saved.uploadId === 'string' ? saved : null;
  } catch {
    return null;
  }
}

export function rememberUpload(file, record) {
  try {
    localStorage.setItem(storageKey(file), JSON.stringify(record));
  } catch {
    // Without storage the upload still works; it just cannot be resumed after a reload.
  }
}

export function forgetUpload(file) {
  try {
    localStorage.removeItem(storageKey(file));
  } catch {
    // nothing was stored then
  }
}

async function sha256(buffer) {
  // Web Crypto exists only in secure contexts: https, or http on localhost.
  if (!globalThis.crypto?.subtle) {
    throw new Error('Uploading needs a secure page: open this site over https, or on localhost.');
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
}

async function sha256Base64(buffer) {
  return btoa(String.fromCharCode(...await sha256(buffer)));
}

/**
 * The whole file's SHA-256 in hex, for the server to check the joined chunks against at completion; undefined for a
 * file over WHOLE_FILE_DIGEST_LIMIT (see there).
 */
export async function fileSha256(file) {
  if (file.size > WHOLE_FILE_DIGEST_LIMIT) {
    return undefined;
  }
  const digest = await sha256(await file.arrayBuffer());
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The chunk indexes a status lists as missing, from its ranges ({ from, to }, both included). */
export function missingChunks(session) {
  const indexes = [];
  for (const { from, to } of session.missing) {
    for (let index = from; index <= to; index++) {
      indexes.push(index);
    }
  }
  return indexes;
}

function retryable(error) {
  return error instanceof ApiError && (error.transient || error.code === 'upload-checksum-mismatch');
}

function backoff(retry) {
  // 0.5 s, 1 s, 2 s, 4 s, 8 s, with jitter so parallel chunks do not retry in step.
  return Math.min(500 * 2 ** retry, 8000) * (0.75 + Math.random() * 0.5);
}

/**
 * Sends a file's chunks to an upload session, CONCURRENCY at a time, each with its SHA-256
 * Content-Digest. onProgress({ confirmedBytes, totalBytes, bytesPerSecond }) follows the bytes the
 * server has confirmed; onRetry({ index, retry, error }) reports a chunk being sent again.
 */
export class ChunkedUpload {
  #file;
  #controller = null;

  constructor(file, { onProgress = () => {}, onRetry = () => {} } = {}) {
    this.#file = file;
    this.onProgress = onProgress;
    this.onRetry = onRetry;
  }

  get running() {
    return this.#controller !== null;
  }

  /** Stops sending; send() then rejects with an AbortError. Chunks already stored stay on the server. */
  pause() {
    this.#controller?.abort(new DOMException('The upload was paused.', 'AbortError'));
  }

  /** Sends every chunk the session does not hold yet (session as GET /api/uploads/{id} returns it). */
  async send(session) {
    if (session.size !== this.#file.size) {
      throw new Error('The chosen file is not the one this upload was started with.');
    }
    const controller = new AbortController();
    this.#controller = controller;
    const queue = missingChunks(session);
    let confirmedBytes = session.size;
    for (const index of queue) {
      confirmedBytes -= this.#range(session, index).length;
    }

    const startedAt = performance.now();
    let sentBytes = 0;
    const report = () => {
      const seconds = (performance.now() - startedAt) / 1000;
      this.onProgress({ confirmedBytes, totalBytes: session.size, bytesPerSecond: seconds > 0 ? sentBytes / seconds : 0 });
    };
    report();

    const worker = async () => {
      while (queue.length > 0) {
        controller.signal.throwIfAborted();
        const bytes = await this.#sendChunk(session, queue.shift(), controller.signal);
        confirmedBytes += bytes;
        sentBytes += bytes;
        report();
      }
    };

    try {
      // The first chunk that fails for good stops the other workers too.
      const workers = Array.from({ length: Math.min(CONCURRENCY, queue.length) }, () =>
        worker().catch((error) => {
          controller.abort(error);
          throw error;
        }));
      const outcomes = await Promise.allSettled(workers);
      if (outcomes.some((outcome) => outcome.status === 'rejected')) {
        throw controller.signal.reason;
      }
    } finally {
      this.#controller = null;
    }
  }

  #range(session, index) {
    const start = index * session.chunkSize;
    const end = Math.min(session.size, start + session.chunkSize);
    return { start, end, length: end - start };
  }

  async #sendChunk(session, index, signal) {
    const { start, end } = this.#range(session, index);
    const body = await this.#file.slice(start, end).arrayBuffer();
    const digest = await sha256Base64(body);
    signal.throwIfAborted();
    for (let retry = 0; ; retry++) {
      try {
        await put(`/api/uploads/${segment(session.uploadId)}/chunks/${index}`, body, {
          signal,
          headers: { 'Content-Digest': `sha-256=:${digest}:`, 'Content-Type': 'application/octet-stream' },
        });
        return body.byteLength;
      } catch (error) {
        if (signal.aborted || !retryable(error) || retry >= MAX_RETRIES) {
          throw error;
        }
        this.onRetry({ index, retry: retry + 1, error });
        // A checksum mismatch means the bytes were damaged on the way: send them again at once.
        if (error.code !== 'upload-checksum-mismatch') {
          await sleep(backoff(retry), signal);
        }
      }
    }
  }
}
