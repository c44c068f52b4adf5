import { ThrottlerStorageService } from '@nestjs/throttler';
import { RateWindows } from './rate-windows';

const MINUTE = 60_000;

function clockAt(start: number) {
  const clock = { now: start, read: () => clock.now };
  return clock;
}

describe('RateWindows (hit counts for the rate limit)', () => {
  it('counts hits per tracker and per throttler, and blocks the hit over the limit for the block duration', async () => {
    const clock = clockAt(1_000_000);
    const windows = new RateWindows(clock.read);
    for (let i = 1; i <= 3; i++) {
      expect(await windows.increment('key:a', MINUTE, 3, MINUTE, 'default')).toEqual({
        totalHits: i,
        timeToExpire: 60,
        isBlocked: false,
        timeToBlockExpire: 0,
      });
    }
    expect(await windows.increment('key:b', MINUTE, 3, MINUTE, 'default')).toMatchObject({ totalHits: 1 });
    expect(await windows.increment('key:a', MINUTE, 3, MINUTE, 'other')).toMatchObject({ totalHits: 1 });

    clock.now += 10_000;
    expect(await windows.increment('key:a', MINUTE, 3, MINUTE, 'default')).toEqual({
      totalHits: 4,
      timeToExpire: 50,
      isBlocked: true,
      timeToBlockExpire: 60,
    });
    clock.now += 30_000;
    expect(await windows.increment('key:a', MINUTE, 3, MINUTE, 'default')).toMatchObject({
      isBlocked: true,
      timeToBlockExpire: 30,
    });
    clock.now += 30_000;
    expect(await windows.increment('key:a', MINUTE, 3, MINUTE, 'default')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('lets each hit leave the count a window after it came: a sliding window, not one that resets', async () => {
    const clock = clockAt(6_000_000);
    const windows = new RateWindows(clock.read);
    for (let second = 0; second < 90; second++) {
      const record = await windows.increment('ip:1', MINUTE, 1_000, MINUTE, 'default');
      // One hit a second: never more than the last minute's sixty.
      expect(record.totalHits).toBe(Math.min(second + 1, 60));
      clock.now += 1_000;
    }
  });

  it.each([0, 1, 19, 166, 167, 999, 1_764_000_123_457])(
    'answers as the package storage does, hit for hit, over a burst, a block and its end (clock at %d)',
    async (start) => {
      const clock = clockAt(start);
      const spy = jest.spyOn(Date, 'now').mockImplementation(() => clock.now);
      try {
        const ours = new RateWindows(clock.read);
        const theirs = new ThrottlerStorageService();
        for (let i = 0; i < 40; i++) {
          const args = ['ip:9', 10_000, 5, 10_000, 'default'] as const;
          const [a, b] = [await ours.increment(...args), await theirs.increment(...args)];
          // The guard reads timeToBlockExpire only from a blocked answer; the package fills it with
          // a negative number otherwise.
          if (!b.isBlocked) b.timeToBlockExpire = 0;
          expect({ i, ...a }).toEqual({ i, ...b });
          clock.now += 1_000;
        }
        theirs.onApplicationShutdown();
      } finally {
        spy.mockRestore();
      }
    },
  );

  it('without a block duration refuses only the hits over the limit, until the oldest hit leaves', async () => {
    const clock = clockAt(0);
    const windows = new RateWindows(clock.read);
    await windows.increment('k', MINUTE, 2, 0, 'default');
    clock.now += 20_000;
    await windows.increment('k', MINUTE, 2, 0, 'default');
    expect(await windows.increment('k', MINUTE, 2, 0, 'default')).toMatchObject({
      totalHits: 3,
      isBlocked: true,
      timeToBlockExpire: 40,
    });
    clock.now += 40_000;
    expect(await windows.increment('k', MINUTE, 2, 0, 'default')).toMatchObject({ totalHits: 2, isBlocked: false });
  });

  it('holds a fixed amount per tracker however many hits a window holds, and forgets idle trackers', async () => {
    const clock = clockAt(0);
    const windows = new RateWindows(clock.read);
    for (let i = 0; i < 200_000; i++) {
      if (i % 1_000 === 0) clock.now += 100;
      await windows.increment('key:busy', MINUTE, 600_000, MINUTE, 'default');
    }
    expect((await windows.increment('key:busy', MINUTE, 600_000, MINUTE, 'default')).totalHits).toBe(200_001);
    await windows.increment('ip:idle', MINUTE, 10, MINUTE, 'default');
    expect(windows.size).toBe(2);
    clock.now += 2 * MINUTE;
    await windows.increment('ip:new', MINUTE, 10, MINUTE, 'default');
    expect(windows.size).toBe(1);
  });
});
