// The merchant's events: `events` (a Relay connection), `event(id)`, `resendEvent(id)`, and
// the renderer of webhook bodies. A webhook body is this schema's answer for the event — the
// node `{ id type created data }` with every field of its object selected — so a webhook
// says exactly what the API says, field for field (README "Webhooks").
import {
  execute,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  parse,
} from 'graphql';
import type { WebhookEvent } from '../domain/types.ts';
import { builder, nodeById } from './builder.ts';
import { CheckoutRef, PaymentAttemptRef } from './checkout.ts';
import { argumentError, connectionOf, pageSize } from './connection.ts';
import type { GraphQLContext } from './context.ts';
import { CustomsDeclarationRef } from './customs.ts';
import { IDEMPOTENCY_KEY_DESCRIPTION, idempotent } from './idempotency.ts';
import { RefundRef } from './merchant.ts';
import { SavedCardRef } from './saved-cards.ts';

const merchant = { authScopes: { merchant: true } } as const;

/** Every event type, with the object its `data` carries. */
export const EVENT_TYPES = [
  'checkout.succeeded',
  'checkout.failed',
  'checkout.expired',
  'checkout.canceled',
  'payment.duplicate',
  'refund.succeeded',
  'refund.failed',
  'refund.closed',
  'customs_declaration.succeeded',
  'customs_declaration.failed',
  'saved_card.created',
  'saved_card.deleted',
] as const;

// What an event's `data` holds: one wrapper type per shape of the outbox payload's `data`
// (its keys are the wrapper's fields, the values the domain objects the store queued).
type EventObjectRef =
  | typeof CheckoutRef
  | typeof PaymentAttemptRef
  | typeof RefundRef
  | typeof CustomsDeclarationRef
  | typeof SavedCardRef;
const EVENT_DATA: { name: string; description: string; fields: Record<string, EventObjectRef> }[] =
  [
    {
      name: 'CheckoutEventData',
      description: 'checkout.succeeded, checkout.failed, checkout.expired, checkout.canceled.',
      fields: { checkout: CheckoutRef },
    },
    {
      name: 'DuplicatePaymentEventData',
      description:
        'payment.duplicate: the checkout (unchanged) and the attempt paid on top of it, ' +
        'which is refunded in full unless REFUND_DUPLICATE_PAYMENTS=false.',
      fields: { checkout: CheckoutRef, attempt: PaymentAttemptRef },
    },
    {
      name: 'RefundEventData',
      description: 'refund.succeeded, refund.failed, refund.closed.',
      fields: { refund: RefundRef },
    },
    {
      name: 'CustomsDeclarationEventData',
      description: 'customs_declaration.succeeded, customs_declaration.failed.',
      fields: { customsDeclaration: CustomsDeclarationRef },
    },
    {
      name: 'SavedCardEventData',
      description: 'saved_card.created, saved_card.deleted: the card as savedCards returns it.',
      fields: { savedCard: SavedCardRef },
    },
  ];

type StoredData = Record<string, unknown>;

const dataRefs = EVENT_DATA.map(({ name, description, fields }) =>
  builder.objectRef<StoredData>(name).implement({
    description,
    fields: (t) =>
      Object.fromEntries(
        Object.entries(fields).map(([key, ref]) => [
          key,
          t.field({ type: ref as typeof CheckoutRef, resolve: (data) => data[key] as never }),
        ]),
      ),
  }),
);

function dataTypeOf(data: StoredData): string {
  const keys = Object.keys(data).sort().join(',');
  const match = EVENT_DATA.find((entry) => Object.keys(entry.fields).sort().join(',') === keys);
  if (!match) throw new Error(`an event's data has no GraphQL type (keys: ${keys})`);
  return match.name;
}

const EventDataUnion = builder.unionType('EventData', {
  description: 'The object(s) an event is about, as the rest of the API returns them.',
  types: dataRefs,
  resolveType: (data) => dataTypeOf(data),
});

const DeliveryStatusEnum = builder.enumType('EventDeliveryStatus', {
  values: {
    PENDING: { description: 'Waiting for its first or next try.' },
    DELIVERED: { description: 'Your endpoint answered 2xx.' },
    HELD: {
      description:
        'Queued while no webhook URL was configured: not sent (see WEBHOOK_DELIVER_BACKLOG, resendEvent).',
    },
    GAVE_UP: { description: 'Every try failed; resendEvent sends it again.' },
  } as const,
});

const FAR_FUTURE = '9000-01-01T00:00:00.000Z';

const EventDeliveryRef = builder.objectRef<WebhookEvent>('EventDelivery').implement({
  description: 'How sending the event to your webhook URL went.',
  fields: (t) => ({
    status: t.field({
      type: DeliveryStatusEnum,
      resolve: (e) => {
        if (e.deliveredAt) return 'DELIVERED';
        if (e.nextAttemptAt.toISOString() < FAR_FUTURE) return 'PENDING';
        return e.lastError === null ? 'HELD' : 'GAVE_UP';
      },
    }),
    attempts: t.exposeInt('attempts', { description: 'Tries so far.' }),
    deliveredAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.deliveredAt }),
    lastError: t.exposeString('lastError', {
      nullable: true,
      description: 'Why the last try failed (HTTP status or network error).',
    }),
  }),
});

const EventRef = builder.objectRef<WebhookEvent>('Event').implement({
  description:
    'Something that happened, as sent to your webhook URL: a webhook body is exactly ' +
    '`{ id type created data }` of this type, `data` with every field of its objects.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'ev_…; also the Umf-Checkout-Event-Id header.' }),
    type: t.exposeString('type', { description: EVENT_TYPES.join(', ') }),
    created: t.field({ type: 'DateTime', resolve: (e) => e.createdAt }),
    data: t.field({ type: EventDataUnion, resolve: (e) => storedData(e) }),
    delivery: t.field({ type: EventDeliveryRef, ...merchant, resolve: (e) => e }),
  }),
});

/** The outbox's domain objects, dates revived (they were stored as JSON). */
function storedData(event: WebhookEvent): StoredData {
  const data = (event.payload as { data?: StoredData } | null)?.data ?? {};
  return Object.fromEntries(
    Object.entries(data).map(([key, object]) => [key, reviveDates(object)]),
  );
}

function reviveDates(object: unknown): unknown {
  if (typeof object !== 'object' || object === null) return object;
  return Object.fromEntries(
    Object.entries(object).map(([key, value]) => [
      key,
      key.endsWith('At') && typeof value === 'string' ? new Date(value) : value,
    ]),
  );
}

const EventConnectionRef = connectionOf('Event', EventRef, encodeCursor);

export const EVENTS_DEFAULT_PAGE = 20;
export const EVENTS_MAX_PAGE = 100;

builder.queryFields((t) => ({
  events: t.field({
    type: EventConnectionRef,
    ...merchant,
    description:
      'Every event kept (delivered or not), oldest first (creation time, then id), to catch ' +
      'up after an outage: keep the last `endCursor` and read on `after` it. `first`: ' +
      `1–${EVENTS_MAX_PAGE}, default ${EVENTS_DEFAULT_PAGE}. \`type\`: one event type ` +
      '(`refund.succeeded`) or a family (`refund.*`). Events are kept for as long as the ' +
      'database is (none is deleted). Merchant key only.',
    args: {
      first: t.arg.int({ required: false, defaultValue: EVENTS_DEFAULT_PAGE }),
      after: t.arg.string({ required: false }),
      type: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, context) => {
      const first = pageSize(args.first, EVENTS_DEFAULT_PAGE, EVENTS_MAX_PAGE);
      const after = args.after == null ? undefined : decodeCursor(args.after);
      const type = args.type == null ? undefined : checkType(args.type);
      const events = await context.service.listEvents({ after, type, limit: first + 1 });
      return { nodes: events.slice(0, first), hasNextPage: events.length > first };
    },
  }),
  event: nodeById(
    t,
    EventRef,
    (service, id) => service.event(id),
    'One event by id (ev_…); null when there is none. Merchant key only.',
  ),
}));

builder.mutationFields((t) => ({
  resendEvent: t.field({
    type: EventRef,
    nullable: true,
    ...merchant,
    description:
      'Sends the event to your webhook URL again (delivered, given up on or held alike), ' +
      'with a new signature and a fresh count of tries; null when there is no such event. ' +
      'Nothing is sent while no webhook URL is configured. Merchant key only.',
    args: {
      id: t.arg.id(),
      idempotencyKey: t.arg.string({ required: false, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    },
    resolve: idempotent(
      'resendEvent',
      async (_root, args: { id: string | number }, context) =>
        (await context.service.resendEvent(String(args.id))) ?? null,
    ),
  }),
}));

function checkType(type: string): string {
  const family = type.endsWith('.*') ? type.slice(0, -1) : undefined;
  const known = family
    ? EVENT_TYPES.some((name) => name.startsWith(family))
    : (EVENT_TYPES as readonly string[]).includes(type);
  if (!known) {
    throw argumentError(
      'type',
      `type must be an event type (${EVENT_TYPES.join(', ')}) or a family such as checkout.*`,
    );
  }
  return type;
}

function encodeCursor(event: WebhookEvent): string {
  return Buffer.from(JSON.stringify([event.createdAt.toISOString(), event.id])).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof createdAt === 'string' &&
      typeof id === 'string' &&
      !Number.isNaN(Date.parse(createdAt))
    ) {
      return { createdAt, id };
    }
  } catch {
    // answered below
  }
  throw argumentError('after', 'after must be a cursor from a previous page of events');
}

// Fields a webhook leaves out: the widget's card encryption key is no merchant's business, and
// a QR attempt's drawn code (kilobytes of SVG path) is for the customer's screen (its content,
// qrContent, is sent).
const NOT_IN_WEBHOOKS = new Set(['Checkout.encryptionKey', 'PaymentAttempt.qrCode']);

/** The selection of every field of `type` (and of its objects, without going round in circles). */
function everyField(type: GraphQLObjectType, path: readonly string[] = [type.name]): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (NOT_IN_WEBHOOKS.has(`${type.name}.${field.name}`)) continue;
    if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined))
      continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (isObjectType(named) && !path.includes(named.name)) {
      parts.push(`${field.name} { ${everyField(named, [...path, named.name])} }`);
    }
  }
  return parts.join(' ');
}

/** The GraphQL selection of an event node as webhooks send it. */
export function eventSelection(schema: GraphQLSchema): string {
  const union = schema.getType('EventData');
  if (!union || !('getTypes' in union)) throw new Error('the schema has no EventData union');
  const members = (union as { getTypes(): readonly GraphQLObjectType[] }).getTypes();
  const data = members.map((member) => `... on ${member.name} { ${everyField(member)} }`);
  return `id type created data { __typename ${data.join(' ')} }`;
}

export type EventRenderer = (event: WebhookEvent) => Promise<{
  id: string;
  type: string;
  created: string;
  data: unknown;
}>;

/** Renders webhook bodies: the schema's answer to `event(id)`, asked with the merchant key. */
export function createEventRenderer(
  schema: GraphQLSchema,
  context: Pick<GraphQLContext, 'service' | 'pubsub'>,
): EventRenderer {
  const document = parse(
    `query RenderEvent($id: ID!) { event(id: $id) { ${eventSelection(schema)} } }`,
  );
  return async (event) => {
    const contextValue: GraphQLContext = {
      ...context,
      requestId: `webhook-${event.id}`,
      locale: 'zh-CN',
      merchant: true,
      clientIp: '',
      idempotencyKey: null,
    };
    const result = await execute({
      schema,
      document,
      variableValues: { id: event.id },
      contextValue,
    });
    const body = (result.data as { event?: Awaited<ReturnType<EventRenderer>> } | null)?.event;
    if (result.errors?.length || !body) {
      throw new Error(
        `event ${event.id} did not render: ${result.errors?.[0]?.message ?? 'not found'}`,
      );
    }
    return body;
  };
}
