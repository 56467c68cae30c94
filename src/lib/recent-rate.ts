/**
 * How fast something happens lately: an exponentially decaying count with a time constant of `windowMs`
 * (about the last `windowMs`), per second. Under a steady rate it settles at that rate; a spell of quiet
 * lets it decay towards zero.
 */
export class RecentRate {
  private count = 0;
  private at = 0;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** `amount` happened now. */
  add(amount: number): void {
    this.count = this.decayed() + amount;
    this.at = this.now();
  }

  perSecond(): number {
    return (this.decayed() * 1000) / this.windowMs;
  }

  private decayed(): number {
    return this.count * Math.exp(-(this.now() - this.at) / this.windowMs);
  }
}
