// A small fetch wrapper for the platform's API: adds the bearer token, sends and reads JSON,
// and turns RFC 7807 problem details into ApiError.

const TOKEN_KEY = 'netflix.token';

/** Dispatched on window when the API answers 401; detail is the ApiError. */
export const AUTH_REQUIRED = 'netflix:auth-required';

export function getToken() {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null; // storage can be disabled (private mode, policies)
  }
}

export function setToken(token) {
  localStorage.setItem(TOKEN_KEY, token);
}

export function clearToken() {
  try {
    localStorage.removeItem(TOKEN_KEY);
  } catch {
    // nothing stored then
  }
}

export function isTokenKey(key) {
  return key === TOKEN_KEY;
}

export class ApiError extends Error {
  constructor({ status = 0, title = 'Error', detail = '', code = 'error', errors = null } = {}) {
    super(detail || title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.code = code;
    this.errors = errors;
  }

  /** Worth trying again: the network failed, or the server was busy or broken for a moment. */
  get transient() {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/**
 * Calls the API. `body` is sent as JSON when it is a plain object; ArrayBuffer, Blob and typed
 * arrays are sent as they are. Resolves with the parsed JSON (null for an empty answer).
 */
export async function request(path, { method = 'GET', body, headers = {}, signal, keepalive = false } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, signal, keepalive };
  const token = getToken();
  if (token) {
    init.headers.Authorization = `Bearer ${token}`;
  }
  if (body !== undefined) {
    const raw = body instanceof ArrayBuffer || ArrayBuffer.isView(body) || body instanceof Blob;
    init.body = raw ? body : JSON.stringify(body);
    init.headers['Content-Type'] ??= raw ? 'application/octet-stream' : 'application/json';
  }

  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (signal?.aborted) {
      throw signal.reason ?? error;
    }
    throw new ApiError({ status: 0, title: 'Network error', code: 'network', detail: 'The server could not be reached. Check the connection and try again.' });
  }

  const data = await readBody(response);
  if (response.ok) {
    return data;
  }

  const problem = data && typeof data === 'object' ? data : {};
  const error = new ApiError({
    status: response.status,
    title: stringOr(problem.title, response.statusText || 'Error'),
    detail: stringOr(problem.detail, `The server answered ${response.status}.`),
    code: stringOr(problem.code, 'error'),
    errors: problem.errors && typeof problem.errors === 'object' ? problem.errors : null,
  });
  if (response.status === 401) {
    window.dispatchEvent(new CustomEvent(AUTH_REQUIRED, { detail: error }));
  }
  throw error;
}

async function readBody(response) {
  if (response.status === 204) {
    return null;
  }
  const type = response.headers.get('Content-Type') ?? '';
  if (!/[/+]json\b/.test(type)) {
    return null;
  }
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function stringOr(value, fallback) {
  return typeof value === 'string' && value.length > 0 ? value : fallback;
}

export const get = (path, options) => request(path, { ...options, method: 'GET' });
export const post = (path, body, options) => request(path, { ...options, method: 'POST', body });
export const put = (path, body, options) => request(path, { ...options, method: 'PUT', body });
export const del = (path, options) => request(path, { ...options, method: 'DELETE' });

/** Builds "/api/…?a=1&tag=x&tag=y", leaving out empty values; arrays repeat the name. */
export function apiPath(path, query = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null && item !== '') {
        params.append(name, String(item));
      }
    }
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** One path segment from an id that came from the API or the address bar. */
export const segment = (id) => encodeURIComponent(id);
