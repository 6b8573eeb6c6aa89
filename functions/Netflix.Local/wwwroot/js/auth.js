// The sign-in area in every page's header. Tokens are minted on the server by an admin command;
// here the user only pastes one. The payload is decoded to show who is signed in, not verified:
// the API verifies every call.

import { AUTH_REQUIRED, clearToken, getToken, isTokenKey, setToken } from './api.js';
import { $ } from './dom.js';

/** The claims the pages use, or throws when the text is not a JWT. */
export function decodeToken(token) {
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw new Error('This is not an access token: it should be three parts separated by dots.');
  }
  let claims;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
    claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    throw new Error('This access token cannot be read; copy it again in full.');
  }
  if (!claims || typeof claims !== 'object') {
    throw new Error('This access token cannot be read; copy it again in full.');
  }
  const roles = [].concat(claims.role ?? []);
  return {
    name: typeof claims.name === 'string' && claims.name ? claims.name : String(claims.sub ?? 'unknown'),
    role: roles.includes('admin') ? 'admin' : 'viewer',
    expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null,
  };
}

/**
 * Wires the header's sign-in area and calls onSignedIn(user) whenever someone signs in (also at
 * start when a token is stored), onSignedOut() when they sign out or the API refuses the token.
 * While signed out the page's <main> is hidden: there is nothing it could show.
 */
export function initAuth({ onSignedIn, onSignedOut = () => {} }) {
  const form = $('#sign-in-form');
  const input = $('#token');
  const message = $('#auth-message');
  const signedIn = $('#signed-in');
  const userLabel = $('#user');
  const main = $('main');
  let current = null;

  function show(user, reason = '') {
    const wasSignedIn = current !== null;
    current = user;
    form.hidden = user !== null;
    signedIn.hidden = user === null;
    main.hidden = user === null;
    message.textContent = reason;
    message.hidden = !reason;
    for (const element of document.querySelectorAll('[data-admin-only]')) {
      element.hidden = user?.role !== 'admin';
    }
    if (user) {
      userLabel.replaceChildren();
      const name = document.createElement('span');
      name.className = 'user-name';
      name.dir = 'auto';
      name.textContent = user.name;
      const role = document.createElement('span');
      role.className = `role role-${user.role}`;
      role.textContent = user.role;
      userLabel.append(name, ' ', role);
      onSignedIn(user);
    } else if (wasSignedIn) {
      onSignedOut();
    }
  }

  /** The stored token's user, or null with the reason it cannot be used. */
  function fromStorage() {
    const token = getToken();
    if (!token) {
      return { user: null, reason: '' };
    }
    try {
      const user = decodeToken(token);
      if (user.expiresAt && user.expiresAt <= new Date()) {
        clearToken();
        return { user: null, reason: `Your access token expired on ${user.expiresAt.toLocaleString()}. Paste a new one.` };
      }
      return { user, reason: '' };
    } catch (error) {
      clearToken();
      return { user: null, reason: error.message };
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // People often paste the whole header value.
    const token = input.value.trim().replace(/^Bearer\s+/i, '');
    if (!token) {
      show(null, 'Paste the access token you were given.');
      input.focus();
      return;
    }
    try {
      const user = decodeToken(token);
      if (user.expiresAt && user.expiresAt <= new Date()) {
        show(null, `This access token expired on ${user.expiresAt.toLocaleString()}.`);
        input.focus();
        return;
      }
      setToken(token);
      input.value = '';
      show(user);
    } catch (error) {
      show(null, error.message);
      input.focus();
    }
  });

  $('#sign-out').addEventListener('click', () => {
    clearToken();
    show(null);
    input.focus();
  });

  window.addEventListener(AUTH_REQUIRED, (event) => {
    clearToken();
    show(null, `Please sign in again: ${event.detail.detail}`);
  });

  // Signing in or out in another tab applies here too (the event only fires on a change).
  window.addEventListener('storage', (event) => {
    if (event.key === null || isTokenKey(event.key)) {
      const { user, reason } = fromStorage();
      show(user, reason);
    }
  });

  const { user, reason } = fromStorage();
  show(user, reason);
}
