/**
 * The live feed (GET /events) read with fetch, so the key goes in the Authorization header. Reconnects with a growing
 * pause; a stream silent for two heartbeats is taken for dead (a proxy or a sleeping laptop can leave it hanging).
 */
import type { LiveEvent } from './api-types.js';
import { SseParser, type SseMessage } from './sse-parser.js';

export type LiveStatus = 'connecting' | 'live' | 'offline' | 'key-needed';

export interface LiveHandlers {
  headers(): Record<string, string>;
  /** The stream (re)opened at this checkpoint: whatever happened while it was closed was missed. */
  onOpen(checkpoint: string): void;
  onEvent(event: LiveEvent): void;
  onStatus(status: LiveStatus): void;
}

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 15_000;

export class LiveConnection {
  private controller: AbortController | undefined;
  private stopped = false;
  private retryMs = FIRST_RETRY_MS;
  private heartbeatMs = 15_000;
  private watchdog: number | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly url: string,
    private readonly handlers: LiveHandlers,
  ) {}

  start(): void {
    void this.loop();
  }

  /** Reconnects now, e.g. with a new key. */
  restart(): void {
    this.retryMs = FIRST_RETRY_MS;
    this.controller?.abort();
    this.wake?.();
  }

  stop(): void {
    this.stopped = true;
    this.restart();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const outcome = await this.connectOnce();
      if (this.stopped) return;
      if (outcome === 'key-needed') {
        // Retrying cannot help until someone gives a key: sleep until restart().
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      this.handlers.onStatus('offline');
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, this.retryMs);
      });
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    }
  }

  private async connectOnce(): Promise<'closed' | 'key-needed'> {
    const controller = (this.controller = new AbortController());
    this.handlers.onStatus('connecting');
    try {
      const response = await fetch(this.url, {
        headers: { Accept: 'text/event-stream', ...this.handlers.headers() },
        cache: 'no-store',
        signal: controller.signal,
      });
      if (response.status === 401) {
        this.handlers.onStatus('key-needed');
        return 'key-needed';
      }
      if (!response.ok || !response.body) return 'closed';
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      this.arm(controller);
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        this.arm(controller);
        for (const message of parser.push(value)) this.dispatch(message);
      }
    } catch {
      // Aborted, or the network went away: either way, reconnect.
    } finally {
      clearTimeout(this.watchdog);
    }
    return 'closed';
  }

  private arm(controller: AbortController): void {
    clearTimeout(this.watchdog);
    this.watchdog = window.setTimeout(() => controller.abort(), this.heartbeatMs * 2 + 5000);
  }

  private dispatch(message: SseMessage): void {
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    if (message.event === 'hello') {
      const hello = data as { checkpoint: string; heartbeatMs?: number };
      if (typeof hello.heartbeatMs === 'number') this.heartbeatMs = hello.heartbeatMs;
      this.retryMs = FIRST_RETRY_MS;
      this.handlers.onStatus('live');
      this.handlers.onOpen(hello.checkpoint);
    } else if (message.event === 'message') {
      this.handlers.onEvent(data as LiveEvent);
    }
  }
}
