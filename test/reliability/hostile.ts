import fc from 'fast-check';
import { AlertProcessManager } from '../../src/alerts/alert.process-manager';
import { EVENT_STORE, type EventStore, type Position } from '../../src/event-store/event-store.port';
import { ReadModels } from '../../src/read-side/read-models';
import type { TestApp } from '../support/test-app';
import { dashboardNotBuilt } from './routes';

/** Generators of hostile input, and the invariants every answer to it must keep. */

const nested = (depth: number, leaf: string): string => '{"n":'.repeat(depth) + leaf + '}'.repeat(depth);

/** Text that is valid JSON string content but hostile: huge, invisible, confusable, control, injection-shaped. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    '\u0000',
    '\ud800',
    '\udfff\ud800',
    '\u202eevil\u202c',
    '\ufeff',
    '\u200b',
    'İı̇',
    '🏳️‍🌈👨‍👩‍👧',
    "' OR 1=1 --",
    '"; DROP TABLE events; --',
    '<script>alert(1)</script>',
    '../../../../etc/passwd',
    '%00%2e%2e%2f',
    '${jndi:ldap://x}',
    '{{7*7}}',
  ),
  fc.constantFrom('x'.repeat(2001), 'y'.repeat(5001), 'z'.repeat(70_000), '9'.repeat(400)),
);

/** Values of any JSON type, including impossible dates and numbers beyond 2^53. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.constantFrom(
    '2023-02-30',
    '2023-13',
    '2023-00-10',
    '0000',
    '2023-9-1',
    '+002023-09-01',
    '2023-09-27',
    '9999-12-31',
  ),
  fc.constantFrom(
    '2019-02-29',
    '2023-02-28/2023-02-30',
    '2024/2023',
    '2023-09-26T00:00:00Z',
    '1900-02-29',
    '2020-02-29',
  ),
  fc.constantFrom(2 ** 53, 2 ** 53 + 2, -(2 ** 53) - 2, Number.MAX_VALUE, -0, 1e-300, 0.1 + 0.2),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Edits of JSON text that JSON.stringify cannot make. */
export const TEXT_EDITS: ReadonlyArray<(text: string) => string> = [
  (text) => text,
  (text) => text.replace(/^\{/, '{"__proto__":{"polluted":1},'),
  (text) => text.replace('"data":{', '"data":{"__proto__":{"polluted":1},'),
  (text) => text.replace(/^\{/, '{"constructor":{"prototype":{"polluted":1}},'),
  (text) => text.replace('"data":{', '"data":{"x":{"y":{"__proto__":{"polluted":1}}},'),
  (text) => text.replace(/^\{/, '{"expectedRevision":9007199254740993,'),
  (text) => text.replace(/^\{/, '{"expectedRevision":1e400,'),
  (text) => text.replace(/^\{/, '{"expectedRevision":-0,'),
  (text) => text.replace('"data":{', '"data":{"n":123456789012345678901234567890,'),
  (text) => text.replace('"data":{', `"data":{"deep":${nested(5000, '1')},`),
  (text) => `[${text}]`,
  (text) => `\ufeff${text}`,
  (text) => `${text} trailing`,
  (text) => text.slice(0, Math.max(1, Math.floor(text.length / 2))),
  (text) => text.replace(/"(\w+)":/, '"$1":"dup","$1":'),
  (text) => text.replace(/"(\w+)":/, '"$1\\u0000":'),
];

/** Bytes that are not UTF-8: overlong, surrogate halves encoded, truncated, stray continuation, 0xFF. */
export const BAD_UTF8: readonly Buffer[] = [
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0x80]),
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
  Buffer.from('Müller', 'latin1'),
];

/** Puts bad bytes inside the first string value of a JSON text (so only its encoding is wrong). */
export function withBadBytes(text: string, bad: Buffer): Buffer {
  const at = text.indexOf('":"');
  if (at < 0) return Buffer.concat([Buffer.from(text), bad]);
  return Buffer.concat([Buffer.from(text.slice(0, at + 3)), bad, Buffer.from(text.slice(at + 3))]);
}

/** Header values: empty, huge, non-ASCII bytes, spaces, what a key or an id is not. */
export const hostileHeader: fc.Arbitrary<Buffer> = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => Buffer.from(s.replace(/[\r\n\0]/g, ''), 'latin1')),
  fc.constantFrom(...BAD_UTF8),
  fc.constantFrom(Buffer.from(''), Buffer.from(' '), Buffer.from('a'.repeat(300)), Buffer.from('k'.repeat(9000))),
  fc.constantFrom(Buffer.from('Bearer '), Buffer.from('Bearer \u00e9', 'latin1'), Buffer.from('__proto__')),
);

/**
 * The store's head and the read models' version before a request; after it, a refused write or any
 * read must leave both as they were. Accepted writes move the baseline (once alerts have settled).
 */
export class Invariants {
  private head: Position | undefined;
  private version = 0;
  refused = 0;
  accepted = 0;
  readonly statuses = new Map<number, number>();

  constructor(private readonly t: TestApp) {}

  get store(): EventStore {
    return this.t.app.get<symbol, EventStore>(EVENT_STORE);
  }

  async baseline(): Promise<void> {
    await this.t.app.get(AlertProcessManager).settled();
    this.head = await this.store.headPosition();
    if (this.head) await this.t.app.get(ReadModels).waitFor(this.head, 20_000);
    this.version = this.t.app.get(ReadModels).version;
  }

  /** Checks one answer (`write`: to a route that may write); `text`: the answer, for the failure message. */
  async check(status: number, what: string, write: boolean, text = ''): Promise<void> {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (status === 0 || (status >= 500 && !dashboardNotBuilt(status, text))) {
      throw new Error(`${what}: answered ${status || 'nothing'} ${text.slice(0, 300)}`);
    }
    expect(Object.prototype).not.toHaveProperty('polluted');
    if (write && status < 300) {
      this.accepted++;
      return this.baseline();
    }
    this.refused += write ? 1 : 0;
    expect(await this.store.headPosition()).toEqual(this.head);
    expect(this.t.app.get(ReadModels).version).toBe(this.version);
  }
}
