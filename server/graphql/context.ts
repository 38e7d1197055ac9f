// The per-request GraphQL context, built by app.ts's context factory.

import type { Locale } from '../../common/error-codes.ts';
import type { CheckoutService } from '../checkout/service.ts';
import type { CheckoutPubSub } from '../events/pubsub.ts';

export type GraphQLContext = {
  /** Echoed in the `X-Request-Id` response header and in masked errors. */
  requestId: string;
  /** From Accept-Language (zh-CN default). */
  locale: Locale;
  /** The request carried a valid merchant API key. */
  merchant: boolean;
  /** The client's address, for rate limits. */
  clientIp: string;
  /** The `Idempotency-Key` header, when sent (merchant mutations). */
  idempotencyKey: string | null;
  service: CheckoutService;
  pubsub: CheckoutPubSub;
};
