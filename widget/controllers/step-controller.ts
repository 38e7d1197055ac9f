// What a new step does for the customer and the page: it tells the page (umf-ready, umf-step,
// umf-success, umf-failure), gets focus (its heading, or the first field in error), and the
// live region reads out what changed.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FlowState, Step } from '../flow/flow.ts';
import { stepEvents } from './step-events.ts';

export type StepHost = ReactiveControllerHost &
  HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

/** What the controller needs of the step view on screen (steps/step-element.ts has it). */
type StepView = Element & {
  readonly updateComplete: Promise<unknown>;
  focusHeading(): void;
  focusFirstError?: () => void;
};

export class StepController implements ReactiveController {
  /** The live region's text. */
  announcement = '';

  private readonly host: StepHost;
  private readonly flow: () => FlowState;
  /** The step of the last render, and the one before it while the change is not handled yet. */
  private shown: Step = 'loading';
  private left?: Step;

  constructor(host: StepHost, flow: () => FlowState) {
    this.host = host;
    this.flow = flow;
    host.addController(this);
  }

  /**
   * Clears the live region, then fills it a moment later, so a repeated message is read again.
   * A timer, not an animation frame: frames never run while the page is hidden.
   */
  announce(text: string) {
    this.announcement = '';
    this.host.requestUpdate();
    setTimeout(() => {
      this.announcement = text;
      this.host.requestUpdate();
    }, 100);
  }

  /** Waits for the render, then focuses the step's first field in error. */
  async focusFirstError() {
    await this.host.updateComplete;
    this.view()?.focusFirstError?.();
  }

  private view(): StepView | null {
    return this.host.renderRoot.querySelector('[data-step]');
  }

  hostUpdate() {
    const { step } = this.flow();
    if (step === this.shown) return;
    this.left ??= this.shown;
    this.shown = step;
  }

  /** After a render: a new step tells the page and gets focus. */
  hostUpdated() {
    const previous = this.left;
    if (previous === undefined) return;
    this.left = undefined;
    void this.stepShown(previous);
  }

  private async stepShown(previous: Step) {
    const flow = this.flow();
    if (flow.step === 'loading') return;
    for (const event of stepEvents(flow, previous)) this.host.dispatchEvent(event);
    // A step defined on demand (steps/on-demand.ts) gets focus once it is defined, unless the
    // element left the page meanwhile (a step view there is never upgraded).
    const tag = `umf-${flow.step}-step`;
    if (!customElements.get(tag)) await customElements.whenDefined(tag);
    if (!this.host.isConnected) return;
    const view = this.view();
    await view?.updateComplete;
    if (previous === 'loading') return;
    if ('errors' in flow && Object.keys(flow.errors).length && view?.focusFirstError)
      view.focusFirstError();
    else view?.focusHeading();
  }
}
