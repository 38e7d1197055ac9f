// `umf-checkout/react`: <umf-checkout> as a React component (@lit/react), with the element's
// properties as typed props and its umf-* events as typed `on…` callbacks. Importing it defines
// the element (the same module as `umf-checkout`). Also types the bare tag for React's JSX.
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type * as Events from '../widget/flow/events.ts';
import { UmfCheckout as UmfCheckoutElement } from '../widget/index.ts';

/** The element's own properties, as props (`clientSecret`, not `client-secret`). */
export type UmfCheckoutElementProps = Partial<
  Pick<UmfCheckoutElement, 'endpoint' | 'clientSecret' | 'locale' | 'methods'>
>;

/**
 * Each umf-* event's class under its `on…` prop: the one list the props type and the
 * component's event map read (the map adds only the tag names).
 */
type EventClasses = {
  onReady: Events.UmfReadyEvent;
  onStep: Events.UmfStepEvent;
  onSuccess: Events.UmfSuccessEvent;
  onFailure: Events.UmfFailureEvent;
  onError: Events.UmfErrorEvent;
  /** Cancelable: `event.preventDefault()` and navigate to `event.detail.url` yourself. */
  onRedirect: Events.UmfRedirectEvent;
};

/** The umf-* events as callbacks, each with its typed event (and `detail`). */
export type UmfCheckoutEventProps = {
  [Prop in keyof EventClasses]?: (event: EventClasses[Prop]) => void;
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
    onReady: 'umf-ready',
    onStep: 'umf-step',
    onSuccess: 'umf-success',
    onFailure: 'umf-failure',
    onError: 'umf-error',
    onRedirect: 'umf-redirect',
  } satisfies Record<keyof EventClasses, `umf-${string}`> as {
    [Prop in keyof EventClasses]: EventName<EventClasses[Prop]>;
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

// The event classes' types, as `umf-checkout` exports them (its UmfCheckout, the element, is
// this module's component).
export type * from '../widget/index.ts';
