/**
 * The emulator without its socket: clock, router, fault rules, module slices and the `Services` handed
 * to modules. `server.ts` wires the real modules and TLS around it; tests of the core can wire stubs.
 */
import { EmulatorClock } from "./clock";
import { FaultInjector } from "./faults";
import { parseFixture } from "./fixture";
import { EmulatorRouter } from "./router";
import { fixtureDigest, StateStore, type PersistedState } from "./state-store";
import {
  defaultEmulatorOptions,
  type Clock,
  type DirectoryService,
  type EmulatorModule,
  type EmulatorOptions,
  type MailMessage,
  type Services,
  type TenantFixture,
} from "./types";

export interface MailSink {
  moduleName: string;
  /** Stores a message in the mail module's slice (the mail module owns its shape). */
  append(slice: unknown, message: Omit<MailMessage, "id" | "receivedAt">, clock: Clock): MailMessage;
}

export interface CoreConfig {
  /** In seed order: identity and directory first, then mail and the feature modules. */
  modules: EmulatorModule[];
  directoryModuleName: string;
  createDirectory(getSlice: () => never, changed: () => void): DirectoryService;
  mail: MailSink;
  fixture: TenantFixture;
  /** `<dataDir>/emulator/state.json` when persistence is on. */
  stateFile?: string;
  logError(msg: string, fields: Record<string, unknown>): void;
}

export class EmulatorCore {
  readonly clock = new EmulatorClock();
  readonly router = new EmulatorRouter();
  readonly faults = new FaultInjector();
  readonly services: Services;
  readonly modules: EmulatorModule[];
  private readonly store: StateStore;
  private fixture: TenantFixture;
  private options: EmulatorOptions;
  private ticking = false;

  constructor(private readonly config: CoreConfig) {
    this.modules = config.modules;
    this.fixture = config.fixture;
    this.options = mergeOptions(config.fixture);
    this.store = new StateStore(config.stateFile, () => this.snapshot(), 200, (err) => config.logError("emulator state persistence failed", { err }));
    const store = this.store;
    const directory = config.createDirectory(() => store.slice(config.directoryModuleName), () => store.changed());
    const tenantId = () => this.fixture.tenant.id;
    this.services = {
      clock: this.clock,
      directory,
      options: () => this.options,
      get tenantId() {
        return tenantId();
      },
      slice: <T>(name: string) => store.slice<T>(name),
      deliverMail: (message) => {
        const sent = config.mail.append(store.slice(config.mail.moduleName), message, this.clock);
        store.changed();
        return sent;
      },
      changed: () => store.changed(),
    };
    this.clock.onChange(() => {
      this.tick();
      store.changed();
    });
  }

  /** Restores persisted state when it was seeded from the same fixture; otherwise seeds fresh. */
  start(): "restored" | "seeded" {
    const saved = this.store.load();
    if (saved && saved.fixtureDigest === fixtureDigest(this.fixture) && this.modules.every((m) => m.name in saved.slices)) {
      this.store.slices = saved.slices;
      this.options = { ...defaultEmulatorOptions, ...saved.options };
      this.clock.restore(saved.clock);
      for (const m of this.modules) m.register(this.router, this.services);
      return "restored";
    }
    this.seed();
    for (const m of this.modules) m.register(this.router, this.services);
    return "seeded";
  }

  /** Back to the seed of the current fixture: fresh slices, default options, real time, no faults. */
  reset(): void {
    this.faults.clear();
    this.clock.restore({ offsetMs: 0, frozenAtMs: null });
    this.seed();
  }

  loadFixture(input: unknown): void {
    this.fixture = parseFixture(input);
    this.reset();
  }

  currentFixture(): TenantFixture {
    return this.fixture;
  }

  setOptions(patch: Partial<EmulatorOptions>): EmulatorOptions {
    this.options = { ...this.options, ...patch };
    this.store.changed();
    return this.options;
  }

  /** Runs every module's time-based transitions; re-entrant calls (a tick moving the clock) are ignored. */
  tick(): void {
    if (this.ticking) return;
    this.ticking = true;
    try {
      for (const m of this.modules) {
        try {
          m.tick?.(this.services);
        } catch (err) {
          this.config.logError("emulator module tick failed", { module: m.name, err, stack: (err as Error).stack });
        }
      }
    } finally {
      this.ticking = false;
    }
  }

  dump(): Record<string, unknown> {
    const summaries: Record<string, unknown> = {};
    for (const m of this.modules) if (m.summary) summaries[m.name] = m.summary(this.services);
    return { now: this.clock.now().toISOString(), clock: this.clock.snapshot(), options: this.options, slices: this.store.slices, summaries };
  }

  flush(): void {
    this.store.flush();
  }

  private seed(): void {
    this.options = mergeOptions(this.fixture);
    this.store.slices = {};
    const services = this.services;
    const seedServices: Omit<Services, "slice"> = {
      clock: this.clock,
      directory: services.directory,
      options: () => this.options,
      tenantId: this.fixture.tenant.id,
      deliverMail: (message) => services.deliverMail(message),
      changed: () => services.changed(),
    };
    for (const m of this.modules) this.store.slices[m.name] = m.seed(this.fixture, seedServices);
    this.store.changed();
    this.tick();
  }

  private snapshot(): PersistedState {
    return {
      version: 1,
      fixtureDigest: fixtureDigest(this.fixture),
      fixture: this.fixture,
      options: this.options,
      clock: this.clock.snapshot(),
      slices: this.store.slices,
    };
  }
}

function mergeOptions(fixture: TenantFixture): EmulatorOptions {
  return { ...defaultEmulatorOptions, ...(fixture.options ?? {}) };
}
