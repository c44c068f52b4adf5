import { CaseRuleViolation } from '../../domain/case/case.errors';
import {
  DuplicateEventIdError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../event-store/event-store.errors';
import { answerOf, codedError } from './error-codes';

const answer = (error: unknown) => {
  const coded = codedError(error);
  return coded && answerOf(coded);
};

describe('error codes to HTTP answers', () => {
  it('maps the case rules and the store by their codes', () => {
    expect(answer(new CaseRuleViolation('CASE.SUBJECT_UNKNOWN', 'no such subject'))).toEqual({
      status: 422,
      code: 'CASE.SUBJECT_UNKNOWN',
      message: 'no such subject',
    });
    expect(answer(new CaseRuleViolation('CASE.NOT_FOUND', 'x'))?.status).toBe(404);
    expect(answer(new CaseRuleViolation('CASE.ALREADY_EXISTS', 'x'))?.status).toBe(409);
    expect(answer(new CaseRuleViolation('CASE.INVALID_DATE', 'x'))?.status).toBe(400);
    expect(answer(new StreamNotFoundError('case-a'))).toMatchObject({ status: 404, code: 'CASE.NOT_FOUND' });
    expect(answer(new DuplicateEventIdError('case-a', 'id'))).toMatchObject({
      status: 409,
      code: 'STORE.DUPLICATE_EVENT_ID',
    });
    expect(answer(new StoreUnavailableError('disk full'))).toEqual({
      status: 503,
      code: 'STORE.UNAVAILABLE',
      message: 'disk full; nothing was stored, try again later',
    });
    expect(answer(new WrongExpectedRevisionError('case-a', 3, 'no_stream'))).toEqual({
      status: 409,
      code: 'CASE.REVISION_CONFLICT',
      message: 'expected revision 3, but the case is at no revision',
    });
  });

  it('answers by the code alone, whatever the class', () => {
    const fromElsewhere = Object.assign(new Error('gone'), { code: 'STORE.STREAM_NOT_FOUND' });
    expect(answer(fromElsewhere)).toMatchObject({ status: 404, code: 'CASE.NOT_FOUND' });
  });

  it("takes no other library's or Node's error code for a refusal", () => {
    expect(codedError(Object.assign(new Error('no file'), { code: 'ENOENT' }))).toBeUndefined();
    expect(codedError(Object.assign(new Error('full'), { code: 'SQLITE_FULL' }))).toBeUndefined();
    expect(codedError({ code: 'CASE.NOT_FOUND', message: 'not an Error' })).toBeUndefined();
  });
});
