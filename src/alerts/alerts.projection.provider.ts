import { Injectable } from '@nestjs/common';
import { alertsProjection } from '../../projections/alerts/alerts.projection';
import { Projection, type ProjectionProvider } from '../read-side/projection.decorator';

@Projection()
@Injectable()
export class AlertsProjection implements ProjectionProvider {
  readonly definition = alertsProjection;
}
