// Expected failures as typed results: every mutation's union holds CheckoutError, which carries
// a stable code, UMF's code, the field at fault and a message in the request's locale.

import { messageFor } from '../../common/error-codes.ts';
import { CheckoutError } from '../domain/errors.ts';
import { describeReturnCode } from '../umf/return-codes.ts';
import { builder } from './builder.ts';
import { CheckoutRef } from './checkout.ts';
import { ErrorCodeEnum, ErrorFieldEnum } from './enums.ts';

/** A field's `errors` option: CheckoutError answered as data, in the union `<name>Result`. */
export function errorResult(name: string) {
  return { types: [CheckoutError], directResult: true as const, union: { name: `${name}Result` } };
}

export const ErrorInterface = builder.interfaceRef<CheckoutError>('Error').implement({
  description: 'An expected failure: switch on `code`; show `message` to the customer.',
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (error) => error.code }),
    message: t.string({
      description: "In the request's locale (Accept-Language: zh-CN or en).",
      resolve: (error, _args, context) => {
        if (error.umfCode && error.code !== 'VALIDATION') {
          return describeReturnCode(error.umfCode, context.locale).customerMessage;
        }
        return messageFor(error.code, context.locale, error.field ?? undefined);
      },
    }),
  }),
});

builder.objectType(CheckoutError, {
  name: 'CheckoutError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    umfCode: t.exposeString('umfCode', {
      nullable: true,
      description: "UMF's return code, when UMF produced the failure.",
    }),
    field: t.expose('field', {
      type: ErrorFieldEnum,
      nullable: true,
      description: 'The input at fault, when one was.',
    }),
    retryAt: t.expose('retryAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the same request may be sent again (SMS and rate limits).',
    }),
    checkout: t.expose('checkout', {
      type: CheckoutRef,
      nullable: true,
      description: 'The checkout as it stands after the failure (widget operations).',
    }),
  }),
});
