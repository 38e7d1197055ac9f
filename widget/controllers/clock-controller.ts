// A one-second clock for the countdowns on screen (QR expiry, SMS resend). It decides before each
// render whether to run, so the time it reads is part of that render and never a reactive change
// made after one (Lit warns about updates scheduled from updated()).
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ClockController implements ReactiveController {
  /** The time in ms the current render shows. */
  now = Date.now();
  private readonly host: ReactiveControllerHost;
  private readonly needed: () => boolean;
  private timer?: ReturnType<typeof setInterval>;

  /** `needed` says whether a countdown is on screen (read before each render). */
  constructor(host: ReactiveControllerHost, needed: () => boolean) {
    this.host = host;
    this.needed = needed;
    host.addController(this);
  }

  hostUpdate() {
    const needed = this.needed();
    if (needed && !this.timer) {
      this.now = Date.now();
      this.timer = setInterval(() => {
        this.now = Date.now();
        this.host.requestUpdate();
      }, 1000);
    } else if (!needed) this.stop();
  }

  hostDisconnected() {
    this.stop();
  }

  private stop() {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
