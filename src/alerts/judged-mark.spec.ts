import { positionOf } from '../event-store/position';
import { ReadModels } from '../read-side/read-models';
import { JudgedMark } from './judged-mark';

const BASIS = 'rules 1, inquiries answered within 10 days';

describe('JudgedMark', () => {
  it('holds on the day of the last full judgement, with the same basis, from the position it reached', () => {
    const readModels = new ReadModels();
    const mark = new JudgedMark(readModels, BASIS);
    mark.judgedAll('2024-06-01', positionOf(10));
    mark.advance(positionOf(12));
    mark.advance(positionOf(11));
    mark.flush();

    expect(new JudgedMark(readModels, BASIS).resume('2024-06-01')).toEqual(positionOf(12));
    expect(new JudgedMark(readModels, BASIS).resume('2024-06-02')).toBeUndefined();
    expect(
      new JudgedMark(readModels, 'rules 2, inquiries answered within 10 days').resume('2024-06-01'),
    ).toBeUndefined();
  });

  it('moves only once every case was judged on some day: advancing alone writes nothing', () => {
    const readModels = new ReadModels();
    const mark = new JudgedMark(readModels, BASIS);
    mark.advance(positionOf(5));
    mark.flush();
    expect(readModels.note('alerts-judged')).toBeUndefined();
  });

  it("answers 'start' for a full judgement of an empty store, and nothing for a note it cannot read", () => {
    const readModels = new ReadModels();
    const mark = new JudgedMark(readModels, BASIS);
    mark.judgedAll('2024-06-01', undefined);
    mark.flush();
    expect(new JudgedMark(readModels, BASIS).resume('2024-06-01')).toBe('start');

    readModels.setNote('alerts-judged', '{"day":"2024-06-01","basis":"x","upTo":"not a position"}');
    expect(new JudgedMark(readModels, 'x').resume('2024-06-01')).toBeUndefined();
    readModels.setNote('alerts-judged', 'not json');
    expect(new JudgedMark(readModels, BASIS).resume('2024-06-01')).toBeUndefined();
  });

  it('writes a second after it moves, not at every move', () => {
    jest.useFakeTimers();
    try {
      const readModels = new ReadModels();
      const write = jest.spyOn(readModels, 'setNote');
      const mark = new JudgedMark(readModels, BASIS);
      mark.judgedAll('2024-06-01', positionOf(1));
      for (let at = 2; at < 100; at++) mark.advance(positionOf(at));
      expect(write).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1_000);
      expect(write).toHaveBeenCalledTimes(1);
      expect(new JudgedMark(readModels, BASIS).resume('2024-06-01')).toEqual(positionOf(99));
    } finally {
      jest.useRealTimers();
    }
  });
});
