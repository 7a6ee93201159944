// The public REST API, as any client uses it: JSON in and out, the session cookie sent by the
// browser, the session's CSRF token on every request that changes something.

let csrf = null;
/** The plan's requests per second, paced here so that the console never runs into its 429s. */
let rate = 0;
let tokens = 0;
let last = 0;

/** Paces requests at {@code perSecond} (the signed-in user's plan); 0: no pacing (the open mode). */
export function setRate(perSecond) {
  rate = Math.max(0, perSecond || 0);
  // Start empty: the requests that signed in and asked for the plan already took from the server's bucket.
  tokens = 0;
  last = performance.now();
}

/** Waits for a request's turn under the plan's rate (a token bucket a little below the server's). */
async function turn() {
  if (!rate) return;
  const perMs = (rate * 0.9) / 1000;
  for (;;) {
    const now = performance.now();
    tokens = Math.min(rate * 0.9, tokens + (now - last) * perMs);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.ceil((1 - tokens) / perMs)));
  }
}

/** Remembers the CSRF token of the signed-in session (null when signed out). */
export function setCsrf(token) {
  csrf = token || null;
}

/** An error answer of the API: its HTTP status, error code and message. */
/** An answer of the API other than 2xx: its status, error code and message (docs/api.md "Errors"). */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} error
   * @param {string} message
   */
  constructor(status, error, message) {
    super(message);
    this.status = status;
    this.error = error;
    /** Seconds the answer asks to wait (Retry-After), 0 when it says nothing. */
    this.retryAfter = 0;
    /** @type {string|null} the risk checks' reason code of a refused order */
    this.reason = null;
  }
}

/**
 * Calls the API.
 * @param {string} method
 * @param {string} path starting with /api/
 * @param {any} [body] sent as JSON; a Blob (a file) is sent as its bytes
 * @returns {Promise<any>} the parsed JSON answer (null when empty)
 */
export async function api(method, path, body) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await once(method, path, body);
    } catch (e) {
      // Over the plan's requests per second: wait as the answer says, twice at most.
      if (!(e instanceof ApiError) || e.status !== 429 || e.error === 'locked' || attempt >= 2) throw e;
      await new Promise((resolve) => setTimeout(resolve, Math.min(10, Math.max(1, e.retryAfter || 1)) * 1000));
    }
  }
}

async function once(method, path, body) {
  await turn();
  const headers = { Accept: 'application/json' };
  const bytes = body instanceof Blob;
  if (body !== undefined) headers['Content-Type'] = bytes ? 'application/octet-stream' : 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : bytes ? body : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'network', 'the platform cannot be reached: ' + e.message);
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    const message = data && data.message ? data.message : res.status + ' ' + res.statusText;
    const error = new ApiError(res.status, data && data.error ? data.error : 'error', message);
    error.retryAfter = Number(res.headers.get('Retry-After')) || 0;
    error.reason = data && data.reason ? data.reason : null;
    throw error;
  }
  return data;
}

/** GET with query parameters (undefined and empty ones left out). */
export function get(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return api('GET', s ? path + '?' + s : path);
}
