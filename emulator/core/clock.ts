/**
 * The emulator's only time source: real time plus an offset, optionally frozen. Tests move it forward
 * to make tokens, PIM activations and approvals expire without waiting.
 */
import type { Clock } from "./types";

export interface ClockState {
  /** Milliseconds added to real time. */
  offsetMs: number;
  /** When frozen, the fixed emulated time in epoch ms. */
  frozenAtMs: number | null;
}

export class EmulatorClock implements Clock {
  private offsetMs = 0;
  private frozenAtMs: number | null = null;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return this.frozenAtMs ?? this.realNow() + this.offsetMs;
  }

  isFrozen(): boolean {
    return this.frozenAtMs !== null;
  }

  /** Called after every change, so modules can run their time-based transitions. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  set(at: Date): void {
    if (Number.isNaN(at.getTime())) throw new RangeError("Invalid date");
    if (this.frozenAtMs !== null) this.frozenAtMs = at.getTime();
    else this.offsetMs = at.getTime() - this.realNow();
    this.emit();
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds)) throw new RangeError("advance needs a finite number of seconds");
    this.set(new Date(this.nowMs() + seconds * 1000));
  }

  freeze(frozen: boolean): void {
    if (frozen && this.frozenAtMs === null) this.frozenAtMs = this.nowMs();
    if (!frozen && this.frozenAtMs !== null) {
      this.offsetMs = this.frozenAtMs - this.realNow();
      this.frozenAtMs = null;
    }
    this.emit();
  }

  /** Back to real time, not frozen. */
  reset(): void {
    this.offsetMs = 0;
    this.frozenAtMs = null;
    this.emit();
  }

  snapshot(): ClockState {
    return { offsetMs: this.offsetMs, frozenAtMs: this.frozenAtMs };
  }

  restore(state: ClockState): void {
    this.offsetMs = state.offsetMs;
    this.frozenAtMs = state.frozenAtMs;
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
