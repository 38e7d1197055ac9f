// `umf-checkout/react`: <umf-checkout> as a React component (@lit/react), with the element's
// properties as typed props and its umf-* events as typed `on…` callbacks. Importing it defines
// the element (the same module as `umf-checkout`). Also types the bare tag for React's JSX.
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type {
  UmfErrorEvent,
  UmfFailureEvent,
  UmfReadyEvent,
  UmfRedirectEvent,
  UmfStepEvent,
  UmfSuccessEvent,
} from '../widget/flow/events.ts';
import { UmfCheckout as UmfCheckoutElement } from '../widget/index.ts';

/** The element's own properties, as props (`clientSecret`, not `client-secret`). */
export type UmfCheckoutElementProps = Partial<
  Pick<UmfCheckoutElement, 'endpoint' | 'clientSecret' | 'locale' | 'methods'>
>;

/** The umf-* events as callbacks, each with its typed event (and `detail`). */
export type UmfCheckoutEventProps = {
  onReady?: (event: UmfReadyEvent) => void;
  onStep?: (event: UmfStepEvent) => void;
  onSuccess?: (event: UmfSuccessEvent) => void;
  onFailure?: (event: UmfFailureEvent) => void;
  onError?: (event: UmfErrorEvent) => void;
  /** Cancelable: `event.preventDefault()` and navigate to `event.detail.url` yourself. */
  onRedirect?: (event: UmfRedirectEvent) => void;
};

/** The props of `<UmfCheckout>`: the element's properties, its events, React's own. */
export type UmfCheckoutProps = Omit<
  React.HTMLAttributes<UmfCheckoutElement>,
  keyof UmfCheckoutElementProps | keyof UmfCheckoutEventProps
> &
  UmfCheckoutElementProps &
  UmfCheckoutEventProps &
  React.RefAttributes<UmfCheckoutElement>;

/** `<umf-checkout>` for React; a ref gives the element itself. */
export const UmfCheckout: React.ForwardRefExoticComponent<UmfCheckoutProps> = createComponent({
  tagName: 'umf-checkout',
  elementClass: UmfCheckoutElement,
  react: React,
  displayName: 'UmfCheckout',
  events: {
    onReady: 'umf-ready' as EventName<UmfReadyEvent>,
    onStep: 'umf-step' as EventName<UmfStepEvent>,
    onSuccess: 'umf-success' as EventName<UmfSuccessEvent>,
    onFailure: 'umf-failure' as EventName<UmfFailureEvent>,
    onError: 'umf-error' as EventName<UmfErrorEvent>,
    onRedirect: 'umf-redirect' as EventName<UmfRedirectEvent>,
  },
}) as unknown as React.ForwardRefExoticComponent<UmfCheckoutProps>;

/** The bare tag's attributes (strings, as HTML has them). */
export type UmfCheckoutAttributes = React.DetailedHTMLProps<
  React.HTMLAttributes<UmfCheckoutElement>,
  UmfCheckoutElement
> & {
  endpoint?: string;
  'client-secret'?: string;
  locale?: string;
  methods?: string;
};

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'umf-checkout': UmfCheckoutAttributes;
    }
  }
}

export type {
  UmfErrorEvent,
  UmfFailureEvent,
  UmfReadyEvent,
  UmfRedirectEvent,
  UmfStepEvent,
  UmfSuccessEvent,
};
