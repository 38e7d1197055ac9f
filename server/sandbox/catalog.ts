// Reference data endpoints: the bank list (§5.2) and exchange rates (§5.11).
import { BANKS, cardTypesOf, isCardType } from './banks.ts';
import type { SandboxContext } from './context.ts';
import { invalidParameter, refused } from './errors.ts';
import { type ApiRequest, type ApiResult, json } from './handler.ts';

export function listBanks(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const type = request.url.searchParams.get('type');
  if (type !== null && !isCardType(type))
    throw invalidParameter('type must be CREDIT_CARD or DEBIT_CARD');
  const banks = BANKS.filter((bank) => type === null || cardTypesOf(bank).includes(type)).map(
    (bank) => ({
      code: bank.code,
      name: bank.name,
      name_zh: bank.nameZh,
      logo_url: `${ctx.origin()}/__sandbox/bank-logos/${bank.code}.svg`,
      types: cardTypesOf(bank),
    }),
  );
  return json({ banks });
}

export function exchangeRate(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const currency = request.url.searchParams.get('currency');
  if (currency === null || currency === '') {
    const all = [...ctx.rates].map(([code, rate]) => ({ currency: code, rate }));
    return json({ exchangeRates: all });
  }
  const rate = ctx.rates.get(currency.toUpperCase());
  if (rate === undefined) throw refused('00281017', `currency ${currency} is not accepted`);
  return json({ exchangeRates: [{ currency: currency.toUpperCase(), rate }] });
}

/** A plain SVG badge standing in for a bank logo. */
export function bankLogoSvg(code: string): string | undefined {
  const bank = BANKS.find((b) => b.code === code);
  if (!bank) return undefined;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="32" viewBox="0 0 96 32" role="img" aria-label="${bank.code}"><rect width="96" height="32" rx="6" fill="#1f4e8c"/><text x="48" y="21" font-family="sans-serif" font-size="13" font-weight="700" fill="#fff" text-anchor="middle">${bank.code}</text></svg>`;
}
