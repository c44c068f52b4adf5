/**
 * Domain refusals with stable codes. One exception filter maps them to HTTP (see
 * src/problems/error-codes.ts); the CLI prints them as they are.
 */
export type CaseErrorCode =
  | 'CASE.NOT_FOUND'
  | 'CASE.ALREADY_EXISTS'
  | 'CASE.ALREADY_OPENED'
  | 'CASE.SUBJECT_UNKNOWN'
  | 'CASE.SUBJECT_EXISTS'
  | 'CASE.PERSON_NOT_COVERED'
  | 'CASE.OPINION_EXISTS'
  | 'CASE.OPINION_UNKNOWN'
  | 'CASE.CALL_NOT_IN_OPINION'
  | 'CASE.RELEASE_IS_NOT_A_MEASURE'
  | 'CASE.REQUEST_EXISTS'
  | 'CASE.REQUEST_UNKNOWN'
  | 'CASE.REQUEST_ALREADY_DECIDED'
  | 'CASE.INQUIRY_EXISTS'
  | 'CASE.INQUIRY_UNKNOWN'
  | 'CASE.INQUIRY_ALREADY_ANSWERED'
  | 'CASE.CUSTODY_TRANSITION'
  | 'CASE.DATE_ORDER'
  | 'CASE.DATE_IN_FUTURE'
  | 'CASE.CORRECTION_TARGET_UNKNOWN'
  | 'CASE.CORRECTION_OF_CORRECTION'
  | 'CASE.CORRECTION_OF_OPENING'
  | 'CASE.CORRECTION_BREAKS_LATER_EVENT'
  | 'OPINION.CONFLICTING_RECORD'
  | 'CASE.INVALID_DATE'
  | 'CASE.IDEMPOTENCY_KEY_REUSED';

export class CaseRuleViolation extends Error {
  constructor(
    readonly code: CaseErrorCode,
    message: string,
    /** The data field at fault, when there is one (e.g. `data.personId`). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CaseRuleViolation';
  }
}

export const refuse = (code: CaseErrorCode, message: string, field?: string): never => {
  throw new CaseRuleViolation(code, message, field);
};
