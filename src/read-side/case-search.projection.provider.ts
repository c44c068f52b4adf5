import { Injectable } from '@nestjs/common';
import { caseSearchProjection } from '../../projections/search/case-search.projection';
import { Projection, type ProjectionProvider } from './projection.decorator';

@Projection()
@Injectable()
export class CaseSearchProjection implements ProjectionProvider {
  readonly definition = caseSearchProjection;
}
