import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { CaseEvent, CaseOpened } from '../../../domain/case/case.events';
import { CaseOpenedDto } from './case-event.dtos';
import { findHostileShape, validateCaseEvent, validateDto } from './case-event.validation';
import { IsSlug } from './validators';

/** `POST /cases`: CaseOpened's data plus the caseId chosen by whoever opens the case. */
export class OpenCaseDto extends CaseOpenedDto {
  @IsSlug()
  caseId!: string;
}

const invalid = (errors: string[]) =>
  new BadRequestException({ code: 'REQUEST.INVALID', message: errors.length ? errors : ['the body is not valid'] });

export class OpenCasePipe implements PipeTransform<unknown, { caseId: string; opened: CaseOpened }> {
  transform(body: unknown) {
    const hostile = findHostileShape(body);
    if (hostile) throw invalid([hostile]);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid(['body must be a JSON object']);
    const errors = validateDto(OpenCaseDto, body, 'body').map((e) => e.replace(/^body\./, ''));
    if (errors.length) throw invalid(errors);
    const { caseId, ...opened } = JSON.parse(JSON.stringify(body)) as OpenCaseDto;
    return { caseId, opened };
  }
}

export class RecordEventPipe implements PipeTransform<unknown, { event: CaseEvent; expectedRevision?: number }> {
  transform(body: unknown) {
    const hostile = findHostileShape(body);
    if (hostile) throw invalid([hostile]);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid(['body must be a JSON object']);
    const { type, data, expectedRevision, ...rest } = body as Record<string, unknown>;
    const errors = Object.keys(rest).map(
      (key) => `${key} is not a known field (expected type, data, expectedRevision)`,
    );
    const okRevision =
      expectedRevision === undefined || (Number.isSafeInteger(expectedRevision) && (expectedRevision as number) >= 0);
    if (!okRevision) errors.push('expectedRevision must be a whole number >= 0');
    const event = validateCaseEvent({ type, data });
    if (!event.ok) errors.push(...event.errors);
    if (errors.length || !event.ok) throw invalid(errors);
    return { event: event.value, expectedRevision: expectedRevision as number | undefined };
  }
}
