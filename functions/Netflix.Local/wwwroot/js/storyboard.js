// Seek-bar previews: a WebVTT whose cues name a tile in a sprite sheet, as
// "storyboard_000.jpg?exp=…&sig=…#xywh=160,90,160,90".

const TIMESTAMP = /^(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})$/;

function seconds(text) {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) {
    return NaN;
  }
  const [, h = '0', m, s, fraction] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(fraction.padEnd(3, '0')) / 1000;
}

/** The cues in time order: { start, end, url, x, y, width, height }; malformed cues are skipped. */
export function parseStoryboard(text, vttUrl) {
  const lines = text.split(/\r\n|\r|\n/);
  const cues = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].includes('-->')) {
      continue;
    }
    const [from, to] = lines[i].split('-->');
    // Cue settings may follow the end time.
    const start = seconds(from);
    const end = seconds(to.trim().split(/\s+/)[0]);
    const payload = (lines[i + 1] ?? '').trim();
    const hash = payload.lastIndexOf('#xywh=');
    if (Number.isNaN(start) || Number.isNaN(end) || hash <= 0) {
      continue;
    }
    const [x, y, width, height] = payload.slice(hash + 6).split(',').map(Number);
    if (![x, y, width, height].every(Number.isFinite) || width <= 0 || height <= 0) {
      continue;
    }
    let url;
    try {
      // The sheet's name and its own signature are relative to the VTT's address.
      url = new URL(payload.slice(0, hash), vttUrl).href;
    } catch {
      continue;
    }
    cues.push({ start, end, url, x, y, width, height });
    i++;
  }
  return cues.sort((a, b) => a.start - b.start);
}

/** Fetches and parses a signed storyboard: no Authorization header, the URL carries its signature. */
export async function loadStoryboard(vttUrl, signal) {
  const response = await fetch(vttUrl, { signal, credentials: 'omit' });
  if (!response.ok) {
    throw new Error(`The storyboard could not be loaded (${response.status}).`);
  }
  return parseStoryboard(await response.text(), vttUrl);
}

/** The cue showing `time`, or the nearest one before it; null when there is none. */
export function cueAt(cues, time) {
  let low = 0;
  let high = cues.length - 1;
  let found = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (cues[middle].start <= time) {
      found = cues[middle];
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found ?? cues[0] ?? null;
}

/** A CSS url() value; quotes and backslashes are escaped so the address cannot end the string. */
export function cssUrl(url) {
  return `url("${url.replace(/["\\\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}")`;
}
