import { HttpException, HttpStatus } from '@nestjs/common';
import { RateWindows } from '../http/rate-windows';

/**
 * After an anonymous day's answer took `d` ms of the event loop, the next one waits `SPACING × d` ms: anonymous
 * callers together have at most 1/(SPACING + 1), half a percent, of the server's time for days of their choosing,
 * however many addresses they come from. Measured in the server's own time, so the pace follows the store's size
 * and the machine's speed: days of a small store come at once, of a large one a few a minute.
 */
const SPACING = 199;

/**
 * The work an anonymous caller may have done for a day of its choosing (`?asOf=`, an answer not already kept): each
 * is a computation of a whole projection on the event loop, and there are as many as there are days. Each address
 * has ANONYMOUS_AS_OF_PER_MINUTE such answers a minute; all anonymous callers together, one at a time and a share
 * of the server's time (SPACING). Over either, 429 with Retry-After; answers already kept cost nothing and are not
 * counted, and callers with a key are not limited here.
 */
export class AnonymousDays {
  private readonly perAddress = new RateWindows();
  private freeAt = 0;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Admits one computation for `address`, or throws 429; call the answer with how long the computation took. */
  async admit(address: string): Promise<(elapsedMs: number) => void> {
    if (this.perMinute === 0) return () => undefined;
    const now = this.now();
    if (now < this.freeAt) {
      throw refusal(Number.isFinite(this.freeAt) ? Math.ceil((this.freeAt - now) / 1000) : 1, 'all callers');
    }
    // Taken before the first await: requests that arrive together must not all find the way free.
    const before = this.freeAt;
    this.freeAt = Number.POSITIVE_INFINITY;
    const spent = await this.perAddress.increment(address, 60_000, this.perMinute, 0, 'as-of');
    if (spent.isBlocked) {
      this.freeAt = before;
      throw refusal(spent.timeToBlockExpire, `${this.perMinute} a minute per address`);
    }
    return (elapsedMs) => (this.freeAt = this.now() + SPACING * elapsedMs);
  }
}

function refusal(retryAfterSeconds: number, limit: string): HttpException {
  return new HttpException(
    {
      code: 'REQUEST.RATE_LIMITED',
      message: `answers for a day of your choosing (asOf) are computed for callers without an API key at a limited pace (${limit}); try again in ${retryAfterSeconds} s, or use an API key`,
      retryAfterSeconds,
    },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}
