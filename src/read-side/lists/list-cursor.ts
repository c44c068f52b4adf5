import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { BadRequestException, Injectable } from '@nestjs/common';
import type { Position } from '../../../projections/lists/paging';

/**
 * `nextCursor` as the lists hand it out: where the page ended, and a MAC over that and the question it answered
 * (list, filters, search, order). A cursor the server did not issue, or one used with another question, is refused
 * with a 400 rather than trusted: it could otherwise name any position in any order. The key is drawn at start, so a
 * cursor holds for the life of the server; after a restart the client starts again from the first page.
 */
@Injectable()
export class ListCursors {
  private readonly key = randomBytes(32);

  issue(question: string, position: Position): string {
    const payload = Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
    return `${payload}.${this.mac(question, payload).toString('base64url')}`;
  }

  /** The position a cursor names; a 400 for one that is not exactly as issued for this question. */
  read(question: string, cursor: string): Position {
    const [payload, mac, ...rest] = cursor.split('.');
    const given = Buffer.from(mac ?? '', 'base64url');
    const expected = this.mac(question, payload ?? '');
    const genuine = rest.length === 0 && given.length === expected.length && timingSafeEqual(given, expected);
    const position = genuine ? positionIn(payload) : undefined;
    if (!position) {
      throw new BadRequestException({
        code: 'REQUEST.INVALID',
        message: [
          'cursor is not one this server issued for this list, filters, search and sort: start from the first page',
        ],
      });
    }
    return position;
  }

  private mac(question: string, payload: string): Buffer {
    return createHmac('sha256', this.key).update(question).update('\u0000').update(payload).digest();
  }
}

function positionIn(payload: string): Position | undefined {
  try {
    const value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [sortValue, id] = value as unknown[];
    if ((typeof sortValue !== 'string' && typeof sortValue !== 'number') || typeof id !== 'string') return undefined;
    return [sortValue, id];
  } catch {
    return undefined;
  }
}
