// Member spellings of payer_info: the official SDK's (bank_card, payer_agreement, qr_code_scan,
// wechat_in_app, wechat_in_app_web) and the reference's JSON examples' (bankCard,
// payerAgreement). Both are accepted by default; strict `memberSpelling` refuses the other one.
// The camel-case wallet members (qrCodeScan, wechatInApp, wechatInAppWeb) belong to neither
// spelling: accepted by default, refused in either strict mode. risk_info's delivery address is
// read as receiver_address (the reference) or shipping_address (UMF's SDK, as reported); strict
// `riskAddress` refuses the other name.
import { asRecord } from './http.ts';
import type { SandboxStrict } from './strict.ts';
import { strictRefusal } from './strict.ts';

type Spelling = NonNullable<SandboxStrict['memberSpelling']>;

/** snake (SDK) name → camel name; `reference` marks the pairs the reference examples spell camel. */
const PAYER_INFO_MEMBERS = [
  { sdk: 'bank_card', camel: 'bankCard', reference: 'bankCard' },
  { sdk: 'payer_agreement', camel: 'payerAgreement', reference: 'payerAgreement' },
  { sdk: 'qr_code_scan', camel: 'qrCodeScan', reference: 'qr_code_scan' },
  { sdk: 'wechat_in_app', camel: 'wechatInApp', reference: 'wechat_in_app' },
  { sdk: 'wechat_in_app_web', camel: 'wechatInAppWeb', reference: 'wechat_in_app_web' },
] as const;

export type PayerInfoMember = (typeof PAYER_INFO_MEMBERS)[number]['sdk'];

function expected(member: (typeof PAYER_INFO_MEMBERS)[number], spelling: Spelling): string {
  return spelling === 'sdk' ? member.sdk : member.reference;
}

/** Throws when payer_info uses a member name the strict spelling does not. */
export function checkPayerInfoSpelling(info: Record<string, unknown>, strict: SandboxStrict) {
  const spelling = strict.memberSpelling;
  if (spelling === undefined) return;
  for (const member of PAYER_INFO_MEMBERS) {
    const want = expected(member, spelling);
    for (const name of [member.sdk, member.camel]) {
      if (name === want || info[name] === undefined) continue;
      throw strictRefusal(
        'memberSpelling',
        spelling,
        `payer.payer_info.${name} is not a member UMF reads: send ${want}`,
      );
    }
  }
}

/** payer_info's object under either spelling (call checkPayerInfoSpelling first). */
export function payerInfoMember(
  info: Record<string, unknown> | undefined,
  member: PayerInfoMember,
): Record<string, unknown> | undefined {
  const names = PAYER_INFO_MEMBERS.find((m) => m.sdk === member);
  if (!info || !names) return undefined;
  return asRecord(info[names.sdk]) ?? asRecord(info[names.camel]);
}

/** An item's count: `quantity` (SDK) or `item_quantity` (reference examples). */
export function itemQuantity(
  item: Record<string, unknown>,
  where: string,
  strict: SandboxStrict,
): unknown {
  const spelling = strict.memberSpelling;
  if (spelling === 'sdk' && item.item_quantity !== undefined)
    throw strictRefusal('memberSpelling', spelling, `${where}.item_quantity: send quantity`);
  if (spelling === 'reference-examples' && item.quantity !== undefined)
    throw strictRefusal('memberSpelling', spelling, `${where}.quantity: send item_quantity`);
  return item.item_quantity ?? item.quantity;
}

const ADDRESS_MEMBERS = ['receiver_address', 'shipping_address'] as const;

/** Throws when risk_info carries its address under the name strict `riskAddress` does not read. */
export function checkRiskInfoSpelling(riskInfo: unknown, strict: SandboxStrict): void {
  const want = strict.riskAddress;
  const info = asRecord(riskInfo);
  if (want === undefined || !info) return;
  for (const name of ADDRESS_MEMBERS) {
    if (name === want || info[name] === undefined) continue;
    throw strictRefusal(
      'riskAddress',
      want,
      `risk_info.${name} is not a member UMF reads: send ${want}`,
    );
  }
}
