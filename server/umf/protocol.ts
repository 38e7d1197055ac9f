// The points where real UMF clients (UMF's own SDK and demo, production merchant code, UMF's QA
// tool) and UMF's public reference disagree, as one typed setting each. The defaults follow the
// official SDK wherever it speaks; docs/umf-protocol.md gives the evidence behind every key and
// what to change when the live service answers otherwise.

export type UmfProtocol = {
  /**
   * The Authorization header. `no-space`: `Bearer<token>`, as UMF's SDK and every production
   * client seen send it. `space`: `Bearer <token>`, as the OAuth standard and the reference write.
   */
  readonly bearer: 'no-space' | 'space';
  /**
   * An answer without `meta.sign`. Some real answers carry none, so `accept` takes them; `refuse`
   * treats them like a wrong signature. A signature that is present but wrong is always refused.
   */
  readonly missingResponseSignature: 'accept' | 'refuse';
  /**
   * Member names in request bodies. `sdk`: `bank_card`, `payer_agreement`, `qr_code_scan`,
   * `wechat_in_app`, `wechat_in_app_web` and item `quantity` (a string), as the SDK's JSON
   * bindings send them. `reference-examples`: `bankCard`, `payerAgreement`, `item_quantity`, as
   * the reference's request examples write them.
   */
  readonly memberSpelling: 'sdk' | 'reference-examples';
  /**
   * The refund request body. `reference`: top-level `org_amount` and `orders[]`, as the
   * reference's refund example. `sdk`: one `order` (number, amount, sub-orders) and `notify_url`,
   * as UMF's QA tool fills the SDK's refund object. `demo`: `refund_info`, `notify_url` and
   * `parent_payment`, as UMF's merchant demo. Every shape carries our merchant refund number as
   * the refund order's `mer_reference_id`.
   */
  readonly refundShape: 'reference' | 'sdk' | 'demo';
  /** Charset of a card field's plaintext before RSA encryption: the SDK's UTF-8, or GBK. */
  readonly fieldCharset: 'UTF-8' | 'GBK';
  /**
   * Our answer to a notification. `text`: `ret_code=0000&ret_msg=…` as text/plain, as UMF's
   * merchant demo answers. `json`: `{"meta":{"ret_code":"0000",…},…}`.
   */
  readonly notificationAnswer: 'text' | 'json';
  /** Digit order of a credit card's `valid_date` (the customer still types MM/YY). */
  readonly cardExpiry: 'YYMM' | 'MMYY';
  /**
   * The member of `risk_info` that carries the delivery address. `receiver_address`: as the
   * reference's risk_info table and UMF's demo's own RiskInfo class name it. `shipping_address`:
   * as UMF's SDK jar is reported to name it.
   */
  readonly riskAddress: 'receiver_address' | 'shipping_address';
  /**
   * Where execute carries the SMS code. `bank-card`: inside the card object
   * (`bank_card.verify_code`), as the reference's execute example, UMF's merchant demo and UMF's
   * QA tool send it. `payer-info`: `payer_info.verify_code`, as the reference's payer_info table
   * lists it.
   */
  readonly verifyCode: 'bank-card' | 'payer-info';
};

export type ProtocolKey = keyof UmfProtocol;

type Setting<K extends ProtocolKey> = {
  /** The environment variable that sets it. */
  readonly env: string;
  /** Every value, the default first. */
  readonly values: readonly UmfProtocol[K][];
};

/** Each key's environment variable and values (default first). */
export const PROTOCOL_SETTINGS: { readonly [K in ProtocolKey]: Setting<K> } = {
  bearer: { env: 'UMF_BEARER_FORMAT', values: ['no-space', 'space'] },
  missingResponseSignature: {
    env: 'UMF_MISSING_RESPONSE_SIGNATURE',
    values: ['accept', 'refuse'],
  },
  memberSpelling: { env: 'UMF_MEMBER_SPELLING', values: ['sdk', 'reference-examples'] },
  refundShape: { env: 'UMF_REFUND_SHAPE', values: ['reference', 'sdk', 'demo'] },
  fieldCharset: { env: 'UMF_FIELD_CHARSET', values: ['UTF-8', 'GBK'] },
  notificationAnswer: { env: 'UMF_NOTIFICATION_ANSWER', values: ['text', 'json'] },
  cardExpiry: { env: 'UMF_CARD_EXPIRY_FORMAT', values: ['YYMM', 'MMYY'] },
  riskAddress: {
    env: 'UMF_RISK_ADDRESS_MEMBER',
    values: ['receiver_address', 'shipping_address'],
  },
  verifyCode: { env: 'UMF_VERIFY_CODE_MEMBER', values: ['bank-card', 'payer-info'] },
};

export const PROTOCOL_KEYS = Object.keys(PROTOCOL_SETTINGS) as ProtocolKey[];

/** Each setting's first value: the defaults are not spelled twice. */
export const UMF_PROTOCOL_DEFAULTS: UmfProtocol = Object.freeze(
  Object.fromEntries(
    PROTOCOL_KEYS.map((key) => [key, PROTOCOL_SETTINGS[key].values[0]]),
  ) as UmfProtocol,
);

/** The defaults with some keys set; unknown values are a programming error here (config checks env). */
export function protocolOf(overrides: Partial<UmfProtocol> = {}): UmfProtocol {
  const protocol = { ...UMF_PROTOCOL_DEFAULTS, ...overrides };
  for (const key of PROTOCOL_KEYS) {
    const allowed: readonly string[] = PROTOCOL_SETTINGS[key].values;
    if (!allowed.includes(protocol[key]))
      throw new TypeError(`protocol.${key} must be one of ${allowed.join(', ')}`);
  }
  return Object.freeze(protocol);
}
