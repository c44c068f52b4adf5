/**
 * Server-sent events read from a fetch stream. EventSource would parse them for us, but it cannot send an
 * Authorization header, and a key in the URL would end up in access logs; so the page reads the stream itself.
 * Follows the WHATWG "event stream interpretation" rules for the fields the server uses.
 */

export interface SseMessage {
  /** `message` unless the frame names another event. */
  event: string;
  data: string;
  id?: string;
}

export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | undefined;

  /** Feeds a decoded chunk; returns the messages it completed. A chunk may end anywhere, even inside a line. */
  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const messages: SseMessage[] = [];
    let newline: RegExpExecArray | null;
    const lineEnd = /\r\n|\r|\n/g;
    let start = 0;
    while ((newline = lineEnd.exec(this.buffer)) !== null) {
      // A lone \r at the very end may be the first half of \r\n: wait for the next chunk.
      if (newline[0] === '\r' && newline.index === this.buffer.length - 1) break;
      const message = this.line(this.buffer.slice(start, newline.index));
      if (message) messages.push(message);
      start = lineEnd.lastIndex;
    }
    this.buffer = this.buffer.slice(start);
    return messages;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    return undefined;
  }

  private dispatch(): SseMessage | undefined {
    const message =
      this.data.length > 0
        ? { event: this.event || 'message', data: this.data.join('\n'), ...(this.id !== undefined && { id: this.id }) }
        : undefined;
    this.event = '';
    this.data = [];
    return message;
  }
}
