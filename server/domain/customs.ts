// Customs declarations (docs/umf-protocol.md §5.9–10): their states and how UMF's words map
// onto them. A declaration is ours first (its id is our stable reference), UMF's second.

import { type NameOf, namesOf } from './names.ts';

export const CustomsStatus = namesOf([
  /** Sent, and no answer to trust yet (or none arrived): a query of UMF settles it. */
  'UNKNOWN',
  /** UMF took it and has not decided. */
  'PENDING',
  'SUCCEEDED',
  'FAILED',
]);
export type CustomsStatus = NameOf<typeof CustomsStatus>;

export const CUSTOMS_STATUSES = Object.values(CustomsStatus);

export function isCustomsFinal(status: CustomsStatus): boolean {
  return status === 'SUCCEEDED' || status === 'FAILED';
}

/**
 * UMF's customs `state`: `SUCCESS` succeeded; `FAIL`, `FAILED`, `REJECTED` or `CLOSED` failed;
 * anything else (UMF's reference names no other state) is still pending.
 */
export function customsStatusFromUmf(state: string | undefined): CustomsStatus {
  const upper = (state ?? '').toUpperCase();
  if (upper === 'SUCCESS' || upper === 'SUCCEEDED') return 'SUCCEEDED';
  if (['FAIL', 'FAILED', 'REJECTED', 'CLOSED'].includes(upper)) return 'FAILED';
  return 'PENDING';
}

/** Monotonic: a final state never moves; UNKNOWN and PENDING move forward only. */
export function canCustomsTransition(from: CustomsStatus, to: CustomsStatus): boolean {
  if (from === to || isCustomsFinal(from)) return false;
  if (from === 'PENDING') return isCustomsFinal(to);
  return to !== 'UNKNOWN';
}
