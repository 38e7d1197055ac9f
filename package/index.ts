// `umf-checkout`, the package's main entry: importing it defines <umf-checkout> (and its step
// elements) once; it exports the element class, its event classes and the types of their details.
// Its types declare the tag in HTMLElementTagNameMap and the umf-* events in
// GlobalEventHandlersEventMap, so querySelector and addEventListener are typed.
export type { CheckoutStatus, ErrorCode, Money, PaymentMethod } from '../widget/api/client.ts';
export type { CheckoutSummary, ErrorDetail, FailureDetail } from '../widget/flow/events.ts';
export type { Field, Step } from '../widget/flow/flow.ts';
export * from '../widget/index.ts';
