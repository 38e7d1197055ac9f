// The card as typed, encrypted field by field with the checkout's key just before it is sent.
// The ES build loads this (with encrypt.ts) in a chunk of its own when a card is first sent
// (requests.ts), so the first screens do not wait for the RSA code.
import { expiryToValidDate, normalizePhone } from '../../common/validate.ts';
import type { CardInput, Checkout, EncryptedCard } from './client.ts';
import { encryptField } from './encrypt.ts';

/** Each card field encrypted with the checkout's key; expiry in its format, number without spaces. */
export function encryptCard(card: CardInput, checkout: Checkout): EncryptedCard {
  const key = checkout.encryptionKey;
  const encrypted: EncryptedCard = {
    number: encryptField(card.cardNumber.replace(/\D/g, ''), key),
    holderName: encryptField(card.holderName.trim().replace(/\s+/g, ' '), key),
    idNumber: encryptField(card.idNumber.trim().toUpperCase(), key),
  };
  if (card.expiry)
    encrypted.expiry = encryptField(expiryToValidDate(card.expiry, key.expiryFormat), key);
  if (card.cvv2) encrypted.cvv2 = encryptField(card.cvv2.trim(), key);
  return encrypted;
}

/** What a card request sends of the card: the bank's phone in clear (normalised), the rest encrypted. */
export function cardFields(card: CardInput, checkout: Checkout) {
  return { phone: normalizePhone(card.phone), card: encryptCard(card, checkout) };
}
