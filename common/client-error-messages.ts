// The wording of the error codes a browser sets by itself, with no server answer to show (the
// widget's WeChat payment failing in WeChat, a failed attempt without a reason). Kept apart
// from error-codes.ts so a bundle that imports these few texts leaves the server's full table
// out; error-codes.ts spreads them into CODE_MESSAGES, so each text is written once. Imports
// nothing.

// biome-ignore format: one line per code
export const CLIENT_CODE_MESSAGES = {
  PAYMENT_FAILED: { 'zh-CN': '支付未成功，请稍后重试或更换其他银行卡', en: 'The payment was not successful. Please try again or use another card.' },
} as const;

/** A code the browser may show without the server's message. */
export type ClientErrorCode = keyof typeof CLIENT_CODE_MESSAGES;
