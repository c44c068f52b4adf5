import { SseParser } from '../../src/dashboard/web/sse-parser';

describe('SseParser', () => {
  it('reads named and unnamed events, ids, multi-line data, and skips comments and retry', () => {
    const parser = new SseParser();
    const messages = parser.push(
      'retry: 3000\nevent: hello\ndata: {"checkpoint":"1/1"}\n\n: a comment\nid: 2/2\ndata: a\ndata: b\n\n',
    );
    expect(messages).toEqual([
      { event: 'hello', data: '{"checkpoint":"1/1"}' },
      { event: 'message', data: 'a\nb', id: '2/2' },
    ]);
  });

  it('completes a message split anywhere across chunks, whatever the line endings', () => {
    const text = 'event: heartbeat\r\ndata: {"x":1}\r\n\r\ndata:no space\r\rdata: last\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const parser = new SseParser();
      const messages = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      expect(messages.map((m) => [m.event, m.data])).toEqual([
        ['heartbeat', '{"x":1}'],
        ['message', 'no space'],
        ['message', 'last'],
      ]);
    }
  });

  it('ignores a frame with no data', () => {
    expect(new SseParser().push('event: hello\n\n')).toEqual([]);
  });
});
