// Card form fields: formatting as the customer types and the validator of each field
// (validate.ts holds the rules; this maps form fields to them).

import {
  type FieldProblem,
  formatCardNumber,
  validateCardNumber,
  validateCvv2,
  validateExpiry,
  validateHolderName,
  validatePhone,
  validateResidentId,
  validateSmsCode,
} from '../../common/validate.ts';
import type { CardInput, CardType } from '../api/client.ts';
import type { Field, FieldErrors } from './flow.ts';

/** MM/YY as typed: a slash after the month, "4" → "04", autofilled MM/YYYY shortened. */
export function formatExpiry(value: string): string {
  const full = /^\s*(\d{1,2})\s*\/\s*\d{2}(\d{2})\s*$/.exec(value);
  let digits = full ? full[1].padStart(2, '0') + full[2] : value.replace(/\D/g, '');
  if (/^[2-9]/.test(digits)) digits = `0${digits}`;
  digits = digits.slice(0, 4);
  return digits.length > 2 ? `${digits.slice(0, 2)}/${digits.slice(2)}` : digits;
}

const FORMATS: Partial<Record<Field, (value: string) => string>> = {
  cardNumber: formatCardNumber,
  expiry: formatExpiry,
  cvv2: (v) => v.replace(/\D/g, '').slice(0, 3),
  phone: (v) => v.replace(/[^\d+ ]/g, '').slice(0, 16),
  idNumber: (v) =>
    v
      .replace(/[^\dXx]/g, '')
      .toUpperCase()
      .slice(0, 18),
  smsCode: (v) => v.replace(/\D/g, '').slice(0, 6),
};

/**
 * Reformats an input in place, keeping the caret after the same digit it followed, so typing in
 * the middle of a card number or pasting "123 456" behaves.
 */
export function reformat(input: HTMLInputElement, field: Field): void {
  const format = FORMATS[field];
  if (!format) return;
  const caret = input.selectionStart ?? input.value.length;
  const significant = (s: string) => s.replace(/[^\dX]/gi, '').length;
  const before = significant(input.value.slice(0, caret));
  const next = format(input.value);
  if (next === input.value) return;
  input.value = next;
  let pos = 0;
  for (let seen = 0; pos < next.length && seen < before; pos++)
    if (/[\dX]/i.test(next[pos])) seen++;
  if (input.ownerDocument.activeElement === input || input.matches(':focus')) {
    input.setSelectionRange(pos, pos);
  }
}

const VALIDATORS: Record<Field, (value: string) => FieldProblem | null> = {
  cardNumber: validateCardNumber,
  holderName: validateHolderName,
  idNumber: (v) => validateResidentId(v),
  phone: validatePhone,
  expiry: (v) => validateExpiry(v),
  cvv2: validateCvv2,
  smsCode: validateSmsCode,
  bank: (v) => (v ? null : 'required'),
};

export function checkField(field: Field, value: string): FieldProblem | null {
  return VALIDATORS[field](value);
}

/** The fields a card type asks for, in form order. */
export function cardFields(cardType: CardType): (keyof CardInput)[] {
  const credit = cardType === 'CREDIT_CARD' ? (['expiry', 'cvv2'] as const) : [];
  return ['cardNumber', ...credit, 'holderName', 'idNumber', 'phone'];
}

/** Every problem of a card form, by field (empty when it may be sent). */
export function checkCard(card: CardInput, cardType: CardType): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of cardFields(cardType)) {
    const problem = checkField(field, card[field] ?? '');
    if (problem) errors[field] = { problem };
  }
  return errors;
}
