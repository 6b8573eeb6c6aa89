// DOM helpers. Text always goes in as text nodes, never as markup, because titles, tags and
// names come from users and can contain anything.

/**
 * el('a', { className: 'x', href: '/y', dataset: { id: 1 } }, 'text', child)
 * Keys that are element properties (className, hidden, textContent, value, …) are set as
 * properties; anything else (aria-*, role, for, …) as an attribute. null/undefined/false are skipped.
 */
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value);
    } else if (key in element && !key.includes('-')) {
      element[key] = value;
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/**
 * Shows an error (an ApiError with problem details, or any Error) in a container: the title,
 * the detail and, for validation problems, every field's messages. Pass null to clear it.
 */
export function showError(container, error) {
  container.replaceChildren();
  container.hidden = !error;
  if (!error) {
    return;
  }
  const title = error.title && error.detail ? error.title : 'Something went wrong';
  container.append(el('strong', {}, title), ' ', el('span', { dir: 'auto' }, error.detail || error.message || String(error)));
  if (error.errors && typeof error.errors === 'object') {
    const list = el('ul', { className: 'field-errors' });
    for (const [field, messages] of Object.entries(error.errors)) {
      for (const message of [].concat(messages)) {
        list.append(el('li', { dir: 'auto' }, `${field}: ${message}`));
      }
    }
    if (list.childElementCount > 0) {
      container.append(list);
    }
  }
}

/** Resolves after `ms`, or rejects with an AbortError as soon as the signal aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
