// The merchant's event log: every webhook event the outbox keeps, listed for catching up after
// an outage and sent again on request (README "Webhooks").
import type { WebhookEvent } from '../domain/types.ts';
import type { EventPosition } from '../store/outbox-ops.ts';
import type { ServiceCore } from './core.ts';

export function createEventLog(core: Pick<ServiceCore, 'store' | 'logger'>) {
  return {
    /** Up to `limit` events after `after`, oldest first; `type` may end in `.*` (a family). */
    listEvents: (options: { after?: EventPosition; type?: string; limit: number }) =>
      core.store.listEvents(options),
    event: (id: string) => core.store.getWebhookEvent(id),
    /** Queues the event for delivery again now; undefined when there is no such event. */
    async resendEvent(id: string): Promise<WebhookEvent | undefined> {
      const event = await core.store.resendWebhook(id);
      if (event) core.logger.info({ eventId: id, type: event.type }, 'merchant webhook resent');
      return event;
    },
  };
}
