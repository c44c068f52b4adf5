import { AnonymousDays } from './anonymous-days';

describe('AnonymousDays', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('admits one computation at a time, then none for 199 times as long as it took', async () => {
    const days = new AnonymousDays(30, clock);
    const [first, second] = await Promise.allSettled([days.admit('1.1.1.1'), days.admit('2.2.2.2')]);
    expect([first.status, second.status]).toEqual(['fulfilled', 'rejected']);
    now += 10;
    (first as PromiseFulfilledResult<(ms: number) => void>).value(10);
    now += 1989;
    await expect(days.admit('2.2.2.2')).rejects.toMatchObject({ status: 429 });
    now += 2;
    await expect(days.admit('2.2.2.2')).resolves.toBeInstanceOf(Function);
  });

  it('holds each address to its budget a minute, and leaves the way free for others when it refuses', async () => {
    const days = new AnonymousDays(2, clock);
    for (let i = 0; i < 2; i++) (await days.admit('3.3.3.3'))(0);
    await expect(days.admit('3.3.3.3')).rejects.toMatchObject({ status: 429 });
    await expect(days.admit('4.4.4.4')).resolves.toBeInstanceOf(Function);
  });

  it('limits nothing at 0', async () => {
    const days = new AnonymousDays(0, clock);
    await Promise.all(Array.from({ length: 5 }, () => days.admit('5.5.5.5')));
  });
});
