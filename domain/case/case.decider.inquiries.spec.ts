import {
  inquirySent,
  noResponse,
  OPINION,
  opened,
  opinionAdopted,
  record,
  responseReceived,
} from '../../test/support/case-fixtures';
import { caseSpec } from '../../test/support/decider-spec';

/** Inquiries to the authorities, and what came back (or did not). */

const sent = [opened('ann'), opinionAdopted(), inquirySent('gpo', '2023-09-15', OPINION)];

describe('InquirySent: inquiryId new', () => {
  it('records an inquiry about an opinion', () => {
    caseSpec
      .given([opened('ann'), opinionAdopted()])
      .when(record(inquirySent('gpo', '2023-09-15', OPINION)))
      .then([inquirySent('gpo', '2023-09-15', OPINION)]);
  });

  it('records an inquiry about no opinion in particular', () => {
    caseSpec
      .given([opened('ann')])
      .when(record(inquirySent('gpo')))
      .then([inquirySent('gpo')]);
  });

  it('records a second inquiry to the same authority under another id', () => {
    caseSpec
      .given(sent)
      .when(record(inquirySent('gpo-2', '2023-09-20')))
      .then([inquirySent('gpo-2', '2023-09-20')]);
  });

  it('refuses an inquiryId already in the case', () => {
    caseSpec
      .given(sent)
      .when(record(inquirySent('gpo', '2023-09-20')))
      .thenThrows('CASE.INQUIRY_EXISTS', 'data.inquiryId');
  });

  it('refuses an inquiry about an opinion not in the case', () => {
    caseSpec
      .given([opened('ann')])
      .when(record(inquirySent('gpo', '2023-09-15', OPINION)))
      .thenThrows('CASE.OPINION_UNKNOWN', 'data.opinionId');
  });
});

describe.each([
  ['NoResponseRecorded', noResponse],
  ['ResponseReceived', responseReceived],
])('%s: inquiry exists, not answered; not before it', (_type, outcome) => {
  it('records it for an open inquiry, on the day of the inquiry or later', () => {
    for (const occurredOn of ['2023-09-15', '2023-09', '2023-09-26']) {
      caseSpec
        .given(sent)
        .when(record(outcome('gpo', occurredOn)))
        .then([outcome('gpo', occurredOn)]);
    }
  });

  it('records it after an earlier "no response"', () => {
    caseSpec
      .given([...sent, noResponse('gpo', '2023-09-20')])
      .when(record(outcome('gpo', '2023-09-26')))
      .then([outcome('gpo', '2023-09-26')]);
  });

  it('refuses it for an unknown inquiry', () => {
    caseSpec
      .given(sent)
      .when(record(outcome('mfa', '2023-09-26')))
      .thenThrows('CASE.INQUIRY_UNKNOWN', 'data.inquiryId');
  });

  it('refuses it once the inquiry has been answered', () => {
    caseSpec
      .given([...sent, responseReceived('gpo', '2023-09-20')])
      .when(record(outcome('gpo', '2023-09-26')))
      .thenThrows('CASE.INQUIRY_ALREADY_ANSWERED', 'data.inquiryId');
  });

  it('refuses it strictly before the inquiry', () => {
    caseSpec
      .given(sent)
      .when(record(outcome('gpo', '2023-09-14')))
      .thenThrows('CASE.DATE_ORDER', 'data.occurredOn');
  });

  it('refuses it after today', () => {
    caseSpec
      .given(sent)
      .when(record(outcome('gpo', '2023-09-27')))
      .thenThrows('CASE.DATE_IN_FUTURE', 'data.occurredOn');
  });
});
