import { getMetadataStorage, IsArray, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CASE_EVENT_TYPES } from '../../../domain/case/case.events';
import { AnnotatedDto } from '../../cases/dto/annotated.dto';
import { DTO_BY_TYPE } from '../../cases/dto/case-event.validation';
import { IsPartialDate, IsSlug, IsText } from '../../cases/dto/validators';
import { dtoFields, eventForms } from './event-forms';

/** A DTO the domain does not have, to show that a field added to a DTO reaches its form with its rules. */
class NewEventDto extends AnnotatedDto {
  @IsSlug()
  personId!: string;

  @IsPartialDate()
  occurredOn!: string;

  @IsIn(['early', 'late'])
  timing!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(9)
  count?: number;

  @IsArray()
  @IsText(100, { each: true })
  witnesses!: string[];
}

describe('the recording forms, derived from the request DTOs', () => {
  it('turns each decorated field into its control, with the rules the server validates with', () => {
    const fields = dtoFields(NewEventDto, { personId: 'people' });
    expect(fields.map((f) => [f.key, f.kind, f.required])).toEqual([
      ['personId', 'pick', true],
      ['occurredOn', 'date', true],
      ['timing', 'choice', true],
      ['count', 'number', false],
      ['witnesses', 'lines', true],
      ['sources', 'rows', false],
      ['note', 'text', false],
    ]);
    expect(fields.find((f) => f.key === 'timing')).toMatchObject({ options: ['early', 'late'] });
    expect(fields.find((f) => f.key === 'count')).toMatchObject({ min: 0, max: 9 });
    const sources = fields.find((f) => f.key === 'sources');
    expect(sources?.kind === 'rows' && sources.fields.map((f) => `${f.key}:${f.kind}`)).toEqual([
      'url:text',
      'title:text',
      'publisher:text',
      'publishedOn:date',
    ]);
  });

  it('has a form for every event type but CaseOpened, with every field its DTO validates', () => {
    const forms = eventForms();
    expect(Object.keys(forms.events)).toEqual(CASE_EVENT_TYPES.filter((t) => t !== 'CaseOpened'));
    for (const [type, fields] of Object.entries(forms.events)) {
      const validated = new Set(
        getMetadataStorage()
          .getTargetValidationMetadatas(DTO_BY_TYPE[type as keyof typeof DTO_BY_TYPE], '', true, false)
          .map((m) => m.propertyName),
      );
      // A correction's replacement is filled by the corrected fact's own form.
      if (type === 'EventCorrected') validated.delete('replacement');
      expect({ type, keys: fields.map((f) => f.key).sort() }).toEqual({ type, keys: [...validated].sort() });
    }
    expect(forms.openCase.map((f) => f.key)).toEqual(['caseId', 'title', 'country', 'subjects', 'sources', 'note']);
  });

  it('offers what the case holds where an event names it, and a typed id where the event brings it in', () => {
    const { events } = eventForms();
    const kind = (type: string, key: string) => events[type].find((f) => f.key === key);
    expect(kind('PersonConvicted', 'personId')).toMatchObject({ kind: 'pick', from: 'people' });
    expect(kind('PersonArrested', 'personIds')).toMatchObject({ kind: 'picks', from: 'people' });
    expect(kind('UnOpinionAdopted', 'opinionId')).toMatchObject({ kind: 'text' });
    expect(kind('UnOpinionAdopted', 'calls')).toMatchObject({ kind: 'choices' });
    expect(kind('StateFollowUpReplied', 'opinionId')).toMatchObject({ kind: 'pick', from: 'opinions' });
    expect(kind('ReleaseRequestDecided', 'requestId')).toMatchObject({ kind: 'pick', from: 'requests' });
    expect(kind('InquirySent', 'inquiryId')).toMatchObject({ kind: 'text' });
    expect(kind('ResponseReceived', 'inquiryId')).toMatchObject({ kind: 'pick', from: 'inquiries' });
    expect(kind('SubjectAdded', 'personId')).toMatchObject({ kind: 'text' });
    expect(kind('EventCorrected', 'revision')).toMatchObject({ kind: 'pick', from: 'facts' });
    expect(kind('PersonConvicted', 'sentence')).toMatchObject({ kind: 'group' });
  });
});
