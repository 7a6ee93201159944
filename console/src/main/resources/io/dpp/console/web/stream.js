// The live stream (/api/v1/stream, docs/stream.md) for the pages: one WebSocket for the whole
// console (a plan counts connections), its subscriptions sent again after a reconnect, each event
// handed to its subscription's handler. Pages take subscriptions and drop them when they end.

/**
 * @typedef {{op?: string, channel: string, venue?: string, symbols?: string[], depth?: number, interval?: string}} Request
 * @typedef {{request: Request, handler: (e: any) => void, onerror?: (message: string) => void, sub: number|null,
 *   last?: number}} Subscription
 */

export class Stream {
  constructor() {
    /** @type {Map<string, Subscription>} */
    this.subscriptions = new Map();
    /** @type {Map<number, string>} server subscription number to our id */
    this.bySub = new Map();
    this.nextId = 1;
    this.closed = false;
    this.backoff = 500;
    this.gaps = 0;
    /** @type {(state: 'open'|'closed', why?: string) => void} told when the connection opens or closes */
    this.onstate = () => {};
    this.connect();
  }

  connect() {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/stream';
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => {
      this.backoff = 500;
      this.bySub.clear();
      for (const [id, s] of this.subscriptions) this.send({ ...s.request, op: 'subscribe', id });
      this.onstate('open');
    };
    ws.onmessage = (m) => this.receive(JSON.parse(m.data));
    ws.onclose = (e) => {
      if (this.closed) return;
      this.onstate('closed', e.reason || 'connection closed (' + e.code + ')');
      // A refused handshake (429: the plan's connections in use) or a restart: back off and retry.
      setTimeout(() => this.closed || this.connect(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, 10000);
    };
  }

  receive(m) {
    if (m.type === 'subscribed') {
      const s = this.subscriptions.get(m.id);
      if (s) {
        s.sub = m.sub;
        s.last = 0;
        this.bySub.set(m.sub, m.id);
      } else {
        this.send({ op: 'unsubscribe', id: 'u' + this.nextId++, sub: m.sub }); // dropped before the answer came
      }
      return;
    }
    if (m.type === 'error') {
      const s = this.subscriptions.get(m.id);
      if (s && s.onerror) s.onerror(m.message);
      return;
    }
    if (m.sub === undefined) return;
    const id = this.bySub.get(m.sub);
    const s = id === undefined ? undefined : this.subscriptions.get(id);
    if (!s) return;
    if (s.last && m.seq !== s.last + 1) this.gaps++;
    s.last = m.seq;
    s.handler(m);
  }

  send(message) {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  /**
   * Subscribes; the handler gets every event. Returns a function that unsubscribes.
   * @param {Request} request
   * @param {(e: any) => void} handler
   * @param {(message: string) => void} [onerror]
   */
  subscribe(request, handler, onerror) {
    const id = 'c' + this.nextId++;
    this.subscriptions.set(id, { request, handler, onerror, sub: null });
    this.send({ ...request, op: 'subscribe', id });
    return () => {
      const s = this.subscriptions.get(id);
      this.subscriptions.delete(id);
      if (s && s.sub !== null) {
        this.bySub.delete(s.sub);
        this.send({ op: 'unsubscribe', id: 'u' + this.nextId++, sub: s.sub });
      }
    };
  }

  close() {
    this.closed = true;
    this.ws.close(1000, 'page left');
  }
}

let shared = null;

/** The console's one stream, opened on first use. */
export function stream() {
  if (!shared) shared = new Stream();
  return shared;
}

/** Closes the console's stream (after signing out: the next page opens a new one). */
export function closeStream() {
  if (shared) shared.close();
  shared = null;
}
