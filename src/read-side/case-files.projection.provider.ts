import { Injectable } from '@nestjs/common';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { Projection, type ProjectionProvider } from './projection.decorator';

@Projection()
@Injectable()
export class CaseFilesProjection implements ProjectionProvider {
  readonly definition = caseFilesProjection;
}
