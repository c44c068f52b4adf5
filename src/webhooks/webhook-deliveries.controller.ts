import {
  BadRequestException,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  type PipeTransform,
} from '@nestjs/common';
import { RequiresAccess } from '../auth/access';
import { redactUrl } from './webhook-delivery';
import { DELIVERY_STATUSES, WebhookOutbox, type Delivery, type DeliveryStatus } from './webhook-outbox.db';
import { WebhookSender } from './webhook-sender';

interface DeliveryFilter {
  status?: DeliveryStatus;
  alertId?: string;
  limit: number;
}

/** `?status=pending|delivered|dead&alertId=&limit=` (limit 1–1000, default 100). */
class DeliveryFilterPipe implements PipeTransform<unknown, DeliveryFilter> {
  transform(query: unknown): DeliveryFilter {
    const { status, alertId, limit } = (query ?? {}) as Record<string, unknown>;
    const errors: string[] = [];
    const filter: DeliveryFilter = { limit: 100 };
    if (status !== undefined) {
      if (typeof status === 'string' && (DELIVERY_STATUSES as readonly string[]).includes(status)) {
        filter.status = status as DeliveryStatus;
      } else errors.push(`status must be one of ${DELIVERY_STATUSES.join(', ')}`);
    }
    if (alertId !== undefined) {
      if (typeof alertId === 'string' && alertId.length > 0 && alertId.length <= 400) filter.alertId = alertId;
      else errors.push('alertId must be 1 to 400 characters');
    }
    if (limit !== undefined) {
      if (typeof limit === 'string' && /^\d{1,4}$/.test(limit) && +limit >= 1 && +limit <= 1000) filter.limit = +limit;
      else errors.push('limit must be a whole number from 1 to 1000');
    }
    if (errors.length) throw new BadRequestException({ code: 'REQUEST.INVALID', message: errors });
    return filter;
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A delivery as an admin sees it: no body (it is the alert), the URL without credentials. */
function view(d: Delivery, now: number) {
  return {
    deliveryId: d.deliveryId,
    alertId: d.alertId,
    url: redactUrl(d.url),
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    inFlight: d.leaseUntil !== null && d.leaseUntil >= now,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: iso(d.createdAt),
    deliveredAt: iso(d.deliveredAt),
  };
}

/** The webhook outbox for admins: what was sent where, what is waiting, what gave up (the dead-letter list). */
@Controller('alerts/deliveries')
@RequiresAccess('admin')
export class WebhookDeliveriesController {
  constructor(
    private readonly outbox: WebhookOutbox,
    private readonly sender: WebhookSender,
  ) {}

  /** Newest first. */
  @Get()
  list(@Query(DeliveryFilterPipe) filter: DeliveryFilter) {
    const now = Date.now();
    return this.outbox.list(filter).map((d) => view(d, now));
  }

  /** Sends one delivery again with a fresh set of attempts: after a dead letter, or when a receiver lost it. */
  @Post(':deliveryId/redeliver')
  @HttpCode(202)
  async redeliver(@Param('deliveryId') deliveryId: string) {
    const now = Date.now();
    const result = await this.outbox.redeliver(deliveryId, now);
    if (result === 'not_found') {
      throw new NotFoundException({ code: 'DELIVERY.NOT_FOUND', message: `no delivery ${deliveryId}` });
    }
    if (result === 'in_flight') {
      throw new ConflictException({ code: 'DELIVERY.IN_FLIGHT', message: `delivery ${deliveryId} is being sent now` });
    }
    this.sender.wake();
    return view(result, now);
  }
}
