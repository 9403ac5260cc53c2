/**
 * The tenant state: one JSON slice per module, plus the fixture it was seeded from, the runtime options
 * and the clock offset. With persistence on, it is written (debounced, atomically) to
 * `<dataDir>/emulator/state.json` so the demo keeps PIM state across restarts.
 */
import fs from "node:fs";
import { createHash } from "node:crypto";
import { writeFileAtomic } from "./atomic-write";
import type { ClockState } from "./clock";
import type { EmulatorOptions, TenantFixture } from "./types";

export interface PersistedState {
  version: 1;
  fixtureDigest: string;
  fixture: TenantFixture;
  options: EmulatorOptions;
  clock: ClockState;
  slices: Record<string, unknown>;
}

export function fixtureDigest(fixture: TenantFixture): string {
  return createHash("sha256").update(JSON.stringify(fixture)).digest("hex");
}

export class StateStore {
  slices: Record<string, unknown> = {};
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string | undefined,
    private readonly snapshot: () => PersistedState,
    private readonly debounceMs = 200,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  slice<T>(name: string): T {
    if (!(name in this.slices)) throw new Error(`Unknown state slice "${name}"`);
    return this.slices[name] as T;
  }

  /** Reads a previously persisted state, if persistence is on and the file is readable. */
  load(): PersistedState | undefined {
    if (!this.file || !fs.existsSync(this.file)) return undefined;
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, "utf8")) as PersistedState;
      return parsed.version === 1 && parsed.slices && parsed.fixture ? parsed : undefined;
    } catch (err) {
      this.onError(err);
      return undefined;
    }
  }

  changed(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.debounceMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.file) return;
    try {
      // 0600: the state holds refresh tokens and client secrets.
      writeFileAtomic(this.file, JSON.stringify(this.snapshot(), null, 2), 0o600);
    } catch (err) {
      this.onError(err);
    }
  }
}
