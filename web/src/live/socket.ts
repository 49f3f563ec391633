// One shared WebSocket to /api/v1/ws (docs/api.md "Live events: WebSocket"): subscriptions by topic, resume with
// after_seq after a reconnect, exponential backoff, and a session refresh when the server closes with 4001.

export interface LiveFrame {
  topic?: string;
  type: string;
  data: unknown;
  at?: string;
  seq?: number;
}

export type FrameListener = (frame: LiveFrame) => void;

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export interface LiveSocketOptions {
  url?: string;
  WebSocketImpl?: typeof WebSocket;
  backoff?: BackoffOptions;
  /** Called when the server closes with 4001 (the credential expired); resolves to whether to reconnect. */
  onAuthExpired?: () => Promise<boolean>;
  /** How long the connection stays open without subscriptions (so a remount does not reconnect). */
  lingerMs?: number;
  random?: () => number;
}

interface Subscription {
  listeners: Set<FrameListener>;
  lastSeq: number;
  /** After a truncated replay: stored frames are dropped until the resubscription's replay brings them. */
  catchingUp: boolean;
}

const AUTH_EXPIRED = 4001;
const OPEN = 1;

export function defaultSocketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/v1/ws`;
}

export class LiveSocket {
  private readonly options: Required<Omit<LiveSocketOptions, 'url' | 'onAuthExpired'>> &
    Pick<LiveSocketOptions, 'onAuthExpired'> & { url: () => string };
  private readonly subscriptions = new Map<string, Subscription>();
  private ws: WebSocket | null = null;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private lingerTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(options: LiveSocketOptions = {}) {
    const url = options.url;
    this.options = {
      url: url ? () => url : defaultSocketUrl,
      WebSocketImpl: options.WebSocketImpl ?? WebSocket,
      backoff: options.backoff ?? { initialMs: 1000, maxMs: 30_000 },
      onAuthExpired: options.onAuthExpired,
      lingerMs: options.lingerMs ?? 5000,
      random: options.random ?? Math.random,
    };
  }

  /** Listens to a topic; the returned function stops listening (and unsubscribes after the last listener). */
  subscribe(topic: string, listener: FrameListener): () => void {
    this.stopped = false;
    let sub = this.subscriptions.get(topic);
    if (!sub) {
      sub = { listeners: new Set(), lastSeq: 0, catchingUp: false };
      this.subscriptions.set(topic, sub);
      this.sendSubscribe(topic, sub);
    }
    sub.listeners.add(listener);
    this.cancelLinger();
    this.ensureConnected();
    return () => this.removeListener(topic, listener);
  }

  /** Closes the connection and forgets every subscription (sign-out). */
  close(): void {
    this.stopped = true;
    this.subscriptions.clear();
    this.clearTimers();
    this.disconnect();
  }

  get connected(): boolean {
    return this.ws?.readyState === OPEN;
  }

  private removeListener(topic: string, listener: FrameListener): void {
    const sub = this.subscriptions.get(topic);
    if (!sub) return;
    sub.listeners.delete(listener);
    if (sub.listeners.size > 0) return;
    this.subscriptions.delete(topic);
    this.send({ op: 'unsubscribe', topic });
    if (this.subscriptions.size === 0) {
      this.lingerTimer = setTimeout(() => {
        this.lingerTimer = null;
        if (this.subscriptions.size === 0) this.disconnect();
      }, this.options.lingerMs);
    }
  }

  private ensureConnected(): void {
    if (this.ws || this.reconnectTimer || this.stopped) return;
    const ws = new this.options.WebSocketImpl(this.options.url());
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      for (const [topic, sub] of this.subscriptions) this.sendSubscribe(topic, sub);
    };
    ws.onmessage = (event: MessageEvent) => this.handleMessage(event.data);
    ws.onclose = (event: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.handleClose(event.code);
    };
  }

  private handleClose(code: number): void {
    if (this.stopped || this.subscriptions.size === 0) return;
    if (code === AUTH_EXPIRED && this.options.onAuthExpired) {
      this.options.onAuthExpired().then(
        (reconnect) => (reconnect ? this.scheduleReconnect() : this.close()),
        () => this.close(),
      );
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.stopped) return;
    const { initialMs, maxMs } = this.options.backoff;
    const ceiling = Math.min(maxMs, initialMs * 2 ** this.attempt);
    // "Equal jitter": between half the ceiling and the ceiling, so clients do not come back in lockstep.
    const delay = ceiling / 2 + (ceiling / 2) * this.options.random();
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.ensureConnected();
    }, delay);
  }

  private handleMessage(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let frame: LiveFrame;
    try {
      frame = JSON.parse(raw) as LiveFrame;
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null || typeof frame.type !== 'string') return;
    if (!frame.topic) return;
    const sub = this.subscriptions.get(frame.topic);
    if (!sub) return;
    if (typeof frame.seq === 'number') {
      if (sub.catchingUp || frame.seq <= sub.lastSeq) return;
      sub.lastSeq = frame.seq;
    }
    if (frame.type === 'subscribed' && this.handleSubscribed(frame.topic, sub, frame.data)) return;
    if (frame.type === 'unsubscribed' && sub.catchingUp) {
      sub.catchingUp = false;
      this.sendSubscribe(frame.topic, sub);
      return;
    }
    for (const listener of [...sub.listeners]) listener(frame);
  }

  /** A replay cut at 10,000 events: unsubscribe, then subscribe again from the last event delivered. */
  private handleSubscribed(topic: string, sub: Subscription, data: unknown): boolean {
    const info = data as { truncated?: boolean; last_seq?: number } | null;
    if (!info?.truncated) return false;
    if (typeof info.last_seq === 'number' && info.last_seq > sub.lastSeq) sub.lastSeq = info.last_seq;
    sub.catchingUp = true;
    this.send({ op: 'unsubscribe', topic });
    return true;
  }

  private sendSubscribe(topic: string, sub: Subscription): void {
    const command: Record<string, unknown> = { op: 'subscribe', topic };
    if (sub.lastSeq > 0) command.after_seq = sub.lastSeq;
    this.send(command);
  }

  private send(command: Record<string, unknown>): void {
    if (this.ws?.readyState === OPEN) this.ws.send(JSON.stringify(command));
  }

  private disconnect(): void {
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onopen = null;
      ws.onmessage = null;
      ws.onclose = null;
      ws.close(1000);
    }
  }

  private cancelLinger(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
  }

  private clearTimers(): void {
    this.cancelLinger();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }
}

let shared: LiveSocket | null = null;
let authExpiredHandler: (() => Promise<boolean>) | undefined;

/** Sets what the shared socket does on 4001 (the app refreshes the session). */
export function setLiveAuthExpiredHandler(handler: () => Promise<boolean>): void {
  authExpiredHandler = handler;
}

/** The app's one socket, opened on the first subscription. */
export function liveSocket(): LiveSocket {
  shared ??= new LiveSocket({ onAuthExpired: () => authExpiredHandler?.() ?? Promise.resolve(false) });
  return shared;
}

export function closeLiveSocket(): void {
  shared?.close();
  shared = null;
}
