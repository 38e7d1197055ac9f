// Customs declarations of a paid checkout (docs/umf-protocol.md §5.9–10). A declaration is
// recorded (UNKNOWN, with our id) before it is sent, sent once, and never re-sent: an answer
// that cannot be trusted leaves it UNKNOWN until a query of UMF (on read, or a notification)
// says what happened. Final states queue a `customs_declaration.*` webhook (the store does it).

import { customsStatusFromUmf } from '../domain/customs.ts';
import { CheckoutError, checkoutErrorFromUmf, validationError } from '../domain/errors.ts';
import { isDecimalAmount } from '../domain/money.ts';
import { orderOf } from '../domain/order.ts';
import type { CustomsDeclaration } from '../domain/types.ts';
import type { CustomsDeclaration as UmfCustoms } from '../umf/types.ts';
import { describe, type ServiceCore } from './core.ts';
import { refusalError } from './payment-steps.ts';
import { isUmfRefusal } from './settle.ts';
import { umfSubOrder } from './umf-requests.ts';

export type DeclareCustomsInput = {
  checkoutId: string;
  /** The sub-order (marked isCustoms at creation) to declare. */
  subOrderId: string;
  /** The customs office (UMF customs_id). */
  customsId: string;
  /** The merchant's registration at that office (UMF mer_customs_code). */
  merchantCustomsCode: string;
  /** The e-commerce platform's registration (UMF ec_plat_id), when the office wants it. */
  ecPlatformId?: string | null;
  freightAmount?: string | null;
  taxAmount?: string | null;
};

/** How long after sending UMF's "no such declaration" is believed (the answer may be late). */
const DEFAULT_GRACE_MS = 120_000;

export function createCustomsDeclarations(core: ServiceCore, options: { graceMs?: number } = {}) {
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;

  /** Applies what UMF says of one declaration (its answer, a query, a notification). */
  async function apply(declaration: CustomsDeclaration, umf: UmfCustoms, code?: string) {
    const result = await core.store.applyCustomsResult(declaration.id, {
      status: customsStatusFromUmf(umf.state),
      umfDeclarationId: umf.id ?? null,
      umfState: umf.state ?? null,
      resultCode: code ?? null,
    });
    return result.ok ? result.declaration : declaration;
  }

  /** The UMF declaration that is this one: by UMF's id, else the payment's one for its sub-order. */
  function matching(declaration: CustomsDeclaration, found: UmfCustoms[], taken: Set<string>) {
    if (declaration.umfDeclarationId) {
      return found.find((d) => d.id === declaration.umfDeclarationId);
    }
    const candidates = found.filter(
      (d) =>
        !(d.id && taken.has(d.id)) &&
        (d.sub_order as { mer_sub_reference_id?: unknown } | undefined)?.mer_sub_reference_id ===
          declaration.subOrderId,
    );
    return candidates.at(-1);
  }

  /**
   * Asks UMF about a declaration that is not final. Throws when UMF could not be asked; keeps
   * it UNKNOWN when UMF does not know it yet, and FAILED only once UMF has not known it for
   * the grace period (it never arrived, so it may be declared again).
   */
  async function settle(declaration: CustomsDeclaration): Promise<CustomsDeclaration> {
    if (declaration.status === 'SUCCEEDED' || declaration.status === 'FAILED') return declaration;
    const attempt = await core.store.getAttempt({ attemptId: declaration.attemptId });
    const paymentId = attempt?.umfPaymentId;
    if (!paymentId) return declaration;
    let found: UmfCustoms[] = [];
    try {
      const lookup = declaration.umfDeclarationId ?? paymentId;
      found = (await core.umf.customs.get(lookup)).customsDeclarations;
    } catch (error) {
      if (!(isUmfRefusal(error) && error.retCode === '00060760')) throw error;
    }
    const siblings = await core.store.listCustomsDeclarations(declaration.checkoutId);
    const taken = new Set(
      siblings
        .filter((d) => d.id !== declaration.id && d.umfDeclarationId)
        .map((d) => d.umfDeclarationId as string),
    );
    const umf = matching(declaration, found, taken);
    if (umf) return apply(declaration, umf);
    if (
      declaration.status === 'UNKNOWN' &&
      core.now().getTime() - declaration.createdAt.getTime() >= graceMs
    ) {
      const result = await core.store.applyCustomsResult(declaration.id, {
        status: 'FAILED',
        resultCode: '00060760',
      });
      return result.ok ? result.declaration : declaration;
    }
    return declaration;
  }

  return {
    async declareCustoms(input: DeclareCustomsInput): Promise<CustomsDeclaration> {
      checkInput(input);
      const checkout = await core.store.getCheckout(input.checkoutId);
      if (!checkout) throw new CheckoutError('CHECKOUT_NOT_FOUND');
      const sub = orderOf(checkout.order).subOrders.find((s) => s.id === input.subOrderId);
      if (!sub?.isCustoms) {
        throw new CheckoutError('CUSTOMS_NOT_DECLARABLE', { field: 'subOrderId', checkout });
      }
      const currency = checkout.currency;
      const created = await core.store.createCustomsDeclaration({
        checkoutId: checkout.id,
        subOrderId: sub.id,
        request: () => ({
          customs_id: input.customsId,
          mer_customs_code: input.merchantCustomsCode,
          ...(input.ecPlatformId ? { ec_plat_id: input.ecPlatformId } : {}),
          freight_amount: input.freightAmount ?? '0.00',
          tax_amount: input.taxAmount ?? '0.00',
          sub_order_amount: sub.amount,
          sub_order: umfSubOrder(sub, currency),
          notify_url: core.notifyUrl,
        }),
      });
      if (!created.ok) {
        if (created.refusal === 'ALREADY_DECLARED') {
          throw new CheckoutError('CUSTOMS_ALREADY_DECLARED', { field: 'subOrderId', checkout });
        }
        throw refusalError(created);
      }
      const declaration = created.declaration;
      const attempt = await core.store.getAttempt({ attemptId: declaration.attemptId });
      try {
        const answer = await core.umf.customs.apply(attempt!.umfPaymentId!, {
          customs_declaration: declaration.request,
        });
        const [umf] = answer.customsDeclarations;
        if (!umf) return declaration;
        return await apply(declaration, umf);
      } catch (error) {
        if (isUmfRefusal(error)) {
          // UMF said no: nothing is declared; the sub-order may be declared again.
          await core.store.applyCustomsResult(declaration.id, {
            status: 'FAILED',
            resultCode: error.retCode,
          });
          throw checkoutErrorFromUmf(error, { checkout });
        }
        // No answer to trust: UMF may have recorded it. It stays UNKNOWN and is never sent
        // again; UMF is asked instead, now and whenever the merchant reads it.
        core.logger.warn(
          { customsDeclarationId: declaration.id, err: describe(error) },
          'customs declaration outcome unknown',
        );
        return settle(declaration).catch(() => declaration);
      }
    },

    /** A declaration by our id; one not final yet is refreshed from UMF first (best effort). */
    async customsDeclaration(id: string): Promise<CustomsDeclaration | undefined> {
      const declaration = await core.store.getCustomsDeclaration({ id });
      if (!declaration) return undefined;
      return settle(declaration).catch((error: unknown) => {
        core.logger.warn(
          { customsDeclarationId: id, err: describe(error) },
          'customs declaration query failed',
        );
        return declaration;
      });
    },

    customsDeclarations: (checkoutId: string) => core.store.listCustomsDeclarations(checkoutId),

    /** UMF's notification of declarations: applied to ours, idempotent and monotonic. */
    async applyUmfCustoms(list: UmfCustoms[]): Promise<undefined> {
      for (const umf of list) {
        const known = umf.id
          ? await core.store.getCustomsDeclaration({ umfDeclarationId: umf.id })
          : undefined;
        if (known) {
          await apply(known, umf);
          continue;
        }
        // Our answer was lost: the payment and sub-order tell which declaration it is.
        const paymentId = typeof umf.payment_id === 'string' ? umf.payment_id : undefined;
        const attempt = paymentId
          ? await core.store.getAttempt({ umfPaymentId: paymentId })
          : undefined;
        const ours = attempt ? await core.store.listCustomsDeclarations(attempt.checkoutId) : [];
        const taken = new Set(
          ours.flatMap((d) => (d.umfDeclarationId ? [d.umfDeclarationId] : [])),
        );
        const target = ours
          .filter((d) => d.status === 'UNKNOWN' && d.attemptId === attempt?.id)
          .find((d) => matching(d, [umf], taken));
        if (target) await apply(target, umf);
        else
          core.logger.warn(
            { umfDeclarationId: umf.id },
            'notification for an unknown customs declaration',
          );
      }
      return undefined;
    },
  };
}

function checkInput(input: DeclareCustomsInput): void {
  if (!/^[A-Za-z0-9]{1,32}$/.test(input.customsId)) throw validationError('customsId');
  if (input.merchantCustomsCode.trim().length === 0 || input.merchantCustomsCode.length > 64) {
    throw validationError('merchantCustomsCode');
  }
  for (const amount of [input.freightAmount, input.taxAmount]) {
    if (amount != null && !isDecimalAmount(amount)) throw validationError('amount');
  }
}
