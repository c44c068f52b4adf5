import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { CASE_ID_PATTERN } from '../../domain/case/case.events';

/** A case id in a path (`/cases/{caseId}/...`): every area that answers about one case checks it the same way. */
export class CaseIdPipe implements PipeTransform<unknown, string> {
  transform(caseId: unknown): string {
    if (typeof caseId !== 'string' || !CASE_ID_PATTERN.test(caseId)) {
      throw new BadRequestException({
        code: 'REQUEST.INVALID',
        message: [`caseId must match ${CASE_ID_PATTERN.source}`],
      });
    }
    return caseId;
  }
}
