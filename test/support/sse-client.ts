import { request, type IncomingHttpHeaders } from 'node:http';
import { SseParser, type SseMessage } from '../../src/dashboard/web/sse-parser';

export interface SseStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body of a refused request (not an event stream). */
  body: string;
  /** The next message that passes `accept`, waiting at most `timeoutMs`. Messages before it are consumed. */
  next(accept?: (message: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  close(): void;
}

/** Opens `url` as an event stream with the dashboard's own parser, as the page reads it. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      const parser = new SseParser();
      const queue: SseMessage[] = [];
      let wake: (() => void) | undefined;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        queue.push(...parser.push(chunk));
        wake?.();
      });
      const stream: SseStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        get body() {
          return body;
        },
        async next(accept = () => true, timeoutMs = 5000) {
          const deadline = Date.now() + timeoutMs;
          for (;;) {
            while (queue.length) {
              const message = queue.shift()!;
              if (accept(message)) return message;
            }
            const left = deadline - Date.now();
            if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms; received: ${body.slice(-500)}`);
            await new Promise<void>((r) => {
              const timer = setTimeout(r, left);
              wake = () => {
                clearTimeout(timer);
                r();
              };
            });
          }
        },
        close: () => req.destroy(),
      };
      if (res.statusCode === 200) resolve(stream);
      else res.on('end', () => resolve(stream));
    });
    req.on('error', reject);
    req.end();
  });
}
