// index.html: search as you type, tag filters, paging, and for admins their own uploads, newest first, with paging.

import { apiPath, del, get, post, segment } from './api.js';
import { initAuth } from './auth.js';
import { $, el, showError } from './dom.js';
import { formatDuration, plural } from './format.js';

const PAGE_SIZE = 24;
const MAX_PAGE_SIZE = 50; // the search API's limit
const DEBOUNCE_MS = 250;
const ADMIN_LIST_SIZE = 10;
const MAX_LIST_SIZE = 100; // the video list's limit
const ADMIN_REFRESH_MS = 3000;
const STATUSES = new Set(['uploading', 'uploaded', 'processing', 'ready', 'failed']);
const IN_PROGRESS = new Set(['uploading', 'uploaded', 'processing']);

const input = $('#q');
const results = $('#results');
const more = $('#more');
const total = $('#total');
const empty = $('#empty');
const tagFilters = $('#tag-filters');
const tagChips = $('#tags');
const browseError = $('#browse-error');
const adminList = $('#admin-list');
const adminError = $('#admin-error');
const adminMore = $('#admin-more');

const state = { q: '', tags: [], pageSize: PAGE_SIZE, next: null };
let inFlight = null;
let debounceTimer = 0;
let adminTimer = 0;
let isAdmin = false;
// The signed-in admin's uploads shown so far and the token of the page after them.
const admin = { videos: [], next: null };

// The query and tags live in the address too, so reloading, sharing and Back keep the search
// (and the watch page can link a tag to index.html?tag=…).
function readAddress() {
  const params = new URLSearchParams(location.search);
  state.q = params.get('q') ?? '';
  state.tags = [...new Set(params.getAll('tag').filter(Boolean))];
  state.pageSize = pageSizeFrom(params.get('pageSize'));
  input.value = state.q;
}

/** ?pageSize=N in the address picks a smaller or larger page (1 to 50); anything else means the default. */
function pageSizeFrom(text) {
  const size = Number(text);
  return Number.isInteger(size) && size >= 1 && size <= MAX_PAGE_SIZE ? size : PAGE_SIZE;
}

function writeAddress() {
  const params = new URLSearchParams();
  if (state.q.trim()) {
    params.set('q', state.q.trim());
  }
  for (const tag of state.tags) {
    params.append('tag', tag);
  }
  if (state.pageSize !== PAGE_SIZE) {
    params.set('pageSize', String(state.pageSize));
  }
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}

async function search({ append = false } = {}) {
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  results.setAttribute('aria-busy', 'true');
  more.disabled = true;
  try {
    const page = await get(
      apiPath('/api/search', { q: state.q.trim(), tag: state.tags, pageSize: state.pageSize, next: append ? state.next : null }),
      { signal: controller.signal },
    );
    const cards = page.items.map(resultCard);
    if (append) {
      results.append(...cards);
    } else {
      results.replaceChildren(...cards);
    }
    state.next = page.next ?? null;
    more.hidden = state.next === null;
    total.textContent = plural(page.total, 'video');
    empty.hidden = results.childElementCount > 0;
    showError(browseError, null);
  } catch (error) {
    if (error.name !== 'AbortError') {
      showError(browseError, error);
    }
  } finally {
    if (inFlight === controller) {
      inFlight = null;
      results.removeAttribute('aria-busy');
      more.disabled = false;
    }
  }
}

function resultCard(hit) {
  const tags = (hit.tags ?? []).map((tag) =>
    el('li', {}, el('button', { type: 'button', className: 'tag', dir: 'auto', dataset: { tag }, 'aria-label': `Filter by tag ${tag}` }, tag)));
  const duration = formatDuration(hit.duration);
  // The tag buttons sit beside the link, not inside it: a link may not contain other controls.
  return el('article', { className: 'result', dataset: { id: hit.id } },
    el('a', { className: 'result-link', href: `/watch.html?v=${segment(hit.id)}` },
      el('span', { className: 'poster' },
        poster(hit.thumbnailUrl),
        duration ? el('span', { className: 'duration' }, duration) : null),
      el('span', { className: 'result-title', dir: 'auto' }, hit.title)),
    tags.length > 0 ? el('ul', { className: 'result-tags', 'aria-label': 'Tags' }, tags) : null);
}

function poster(url) {
  if (!url) {
    return el('span', { className: 'poster-missing', 'aria-hidden': 'true' });
  }
  // loading must be set before src, or the browser starts fetching eagerly.
  // The title is the link's text already; the picture adds nothing for a screen reader.
  const image = el('img', { loading: 'lazy', decoding: 'async', alt: '', width: 320, height: 180, src: url });
  // Search hands out a poster link even before a poster exists.
  image.addEventListener('error', () => image.replaceWith(el('span', { className: 'poster-missing', 'aria-hidden': 'true' })), { once: true });
  return image;
}

function renderTagFilters() {
  tagChips.replaceChildren(...state.tags.map((tag) =>
    el('button', { type: 'button', className: 'chip', dataset: { tag }, 'aria-label': `Remove tag filter ${tag}` },
      el('span', { dir: 'auto' }, tag),
      el('span', { className: 'chip-x', 'aria-hidden': 'true' }, '×'))));
  tagFilters.hidden = state.tags.length === 0;
}

function setFilters(change) {
  change();
  renderTagFilters();
  writeAddress();
  clearTimeout(debounceTimer);
  search();
}

input.addEventListener('input', () => {
  clearTimeout(debounceTimer);
  debounceTimer = setTimeout(() => {
    state.q = input.value;
    writeAddress();
    search();
  }, DEBOUNCE_MS);
});

$('#search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  setFilters(() => { state.q = input.value; });
});

results.addEventListener('click', (event) => {
  const button = event.target.closest('button.tag');
  if (!button) {
    return;
  }
  const { tag } = button.dataset;
  if (!state.tags.includes(tag)) {
    setFilters(() => state.tags.push(tag));
  }
  // The results are about to be replaced; keep the focus somewhere meaningful.
  [...tagChips.querySelectorAll('button.chip')].find((chip) => chip.dataset.tag === tag)?.focus();
});

tagChips.addEventListener('click', (event) => {
  const chip = event.target.closest('button.chip');
  if (!chip) {
    return;
  }
  const index = state.tags.indexOf(chip.dataset.tag);
  setFilters(() => state.tags.splice(index, 1));
  // The removed chip had focus: hand it to the next chip, or back to the search box.
  const chips = tagChips.querySelectorAll('button.chip');
  (chips[Math.min(index, chips.length - 1)] ?? input).focus();
});

more.addEventListener('click', () => search({ append: true }));

// Admin: the signed-in admin's own uploads with their status, refreshed while any of them is still moving.
// A refresh reads again as many as are shown (one request); "More" appends the next page.

async function loadAdminList({ append = false } = {}) {
  clearTimeout(adminTimer);
  if (!isAdmin) {
    return;
  }
  adminMore.disabled = true;
  try {
    const size = append ? ADMIN_LIST_SIZE : Math.min(Math.max(admin.videos.length, ADMIN_LIST_SIZE), MAX_LIST_SIZE);
    const page = await get(apiPath('/api/videos', { uploadedBy: 'me', pageSize: size, next: append ? admin.next : null }));
    if (!isAdmin) {
      return;
    }
    admin.videos = append ? [...admin.videos, ...page.items] : page.items;
    admin.next = page.next ?? null;
    renderAdminList(admin.videos);
    adminMore.hidden = admin.next === null;
    showError(adminError, null);
    if (admin.videos.some((video) => IN_PROGRESS.has(video.status))) {
      adminTimer = setTimeout(loadAdminList, ADMIN_REFRESH_MS);
    }
  } catch (error) {
    showError(adminError, error);
    if (error.transient) {
      adminTimer = setTimeout(loadAdminList, ADMIN_REFRESH_MS * 3);
    }
  } finally {
    adminMore.disabled = false;
  }
}

adminMore.addEventListener('click', () => loadAdminList({ append: true }));

function renderAdminList(videos) {
  // Re-rendering would drop the keyboard focus; put it back on the same control.
  const focused = adminList.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
  adminList.replaceChildren(...videos.map(adminItem));
  if (videos.length === 0) {
    adminList.append(el('li', { className: 'empty' }, 'No uploads yet.'));
  }
  if (focused) {
    [...adminList.querySelectorAll('[data-focus-key]')].find((node) => node.dataset.focusKey === focused)?.focus();
  }
}

function adminItem(video) {
  const status = STATUSES.has(video.status) ? video.status : 'unknown';
  const playable = video.status === 'ready' || video.progress?.playable === true;
  const title = playable
    ? el('a', { href: `/watch.html?v=${segment(video.id)}`, dir: 'auto', dataset: { focusKey: `watch:${video.id}` } }, video.title)
    : el('span', { dir: 'auto' }, video.title);

  const details = [];
  if (video.progress && IN_PROGRESS.has(video.status)) {
    const { stage, done, total: count } = video.progress;
    const bar = el('progress', { max: Math.max(count, 1), value: Math.min(done, Math.max(count, 1)), 'aria-label': `Progress of ${video.title}` });
    details.push(el('span', { className: 'admin-progress' }, bar, ` ${stage} ${done}/${count}`));
  }
  if (video.failure) {
    details.push(el('span', { className: 'failure', dir: 'auto' }, `${video.failure.reason} (${video.failure.code})`));
  }

  const actions = el('span', { className: 'admin-actions' });
  if (video.status === 'failed') {
    actions.append(el('button', { type: 'button', className: 'secondary', dataset: { focusKey: `reprocess:${video.id}` }, 'aria-label': `Reprocess ${video.title}`, onclick: (event) => reprocess(video, event.currentTarget) }, 'Reprocess'));
  }
  actions.append(el('button', { type: 'button', className: 'danger', dataset: { focusKey: `delete:${video.id}` }, 'aria-label': `Delete ${video.title}`, onclick: (event) => remove(video, event.currentTarget) }, 'Delete'));

  return el('li', { className: 'admin-item' },
    el('span', { className: 'admin-title' }, title),
    el('span', { className: `status status-${status}` }, video.status),
    details,
    actions);
}

async function reprocess(video, button) {
  button.disabled = true;
  try {
    await post(`/api/videos/${segment(video.id)}/reprocess`);
    await loadAdminList();
  } catch (error) {
    showError(adminError, error);
    button.disabled = false;
  }
}

async function remove(video, button) {
  if (!confirm(`Delete “${video.title}”? Viewers will no longer find or play it.`)) {
    return;
  }
  button.disabled = true;
  try {
    await del(`/api/videos/${segment(video.id)}`);
    await Promise.all([loadAdminList(), search()]);
  } catch (error) {
    showError(adminError, error);
    button.disabled = false;
  }
}

readAddress();
renderTagFilters();
initAuth({
  onSignedIn(user) {
    isAdmin = user.role === 'admin';
    search();
    if (isAdmin) {
      loadAdminList();
    } else {
      adminList.replaceChildren();
      adminMore.hidden = true;
    }
  },
  onSignedOut() {
    isAdmin = false;
    admin.videos = [];
    admin.next = null;
    adminMore.hidden = true;
    inFlight?.abort();
    clearTimeout(adminTimer);
  },
});
