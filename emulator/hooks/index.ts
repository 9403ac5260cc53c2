/**
 * Test hooks under `/_emulator/…` (JSON): reset, load a fixture, move the clock, read/clear the mailbox,
 * inject faults, dump state, read/change options. Never under the Graph/ARM/login path spaces.
 */
import { z } from "zod";
import type { EmulatorCore } from "../core/emulator-core";
import { faultRuleSchema } from "../core/faults";
import { FixtureError, namedFixturePath, readFixtureFile } from "../core/fixture";
import { ArmError, type HttpResult, type MailMessage, type Router } from "../core/types";
import { parseOptionsPatch } from "./options-schema";

export interface HookDeps {
  core: EmulatorCore;
  mailModuleName: string;
  recipientsOf(message: MailMessage): string[];
}

/** Hook errors render as `{"error":{"code","message"}}` (the emulator's own dialect). */
function bad(message: string, code = "BadRequest", status = 400): ArmError {
  return new ArmError(status, code, message);
}

const clockBody = z.union([
  z.object({ advanceSeconds: z.number().finite() }).strict(),
  z.object({ set: z.iso.datetime({ offset: true }) }).strict(),
  z.object({ freeze: z.boolean() }).strict(),
]);

export function registerHooks(router: Router, deps: HookDeps): void {
  const { core } = deps;
  const clockView = (): HttpResult => ({ status: 200, json: { now: core.clock.now().toISOString(), frozen: core.clock.isFrozen(), offsetMs: core.clock.snapshot().offsetMs } });
  const messages = () => core.services.slice<{ messages: MailMessage[] }>(deps.mailModuleName).messages;

  router.add("emulator", "POST", "/_emulator/reset", () => {
    core.reset();
    return { status: 200, json: { reset: true, tenantId: core.services.tenantId } };
  });

  router.add("emulator", "POST", "/_emulator/fixture", async (ctx) => {
    const body = await ctx.json();
    try {
      const named = typeof body === "object" && body !== null && "name" in body && Object.keys(body).length === 1 ? (body).name : undefined;
      if (named !== undefined) {
        if (typeof named !== "string") throw new FixtureError("name must be a string");
        core.loadFixture(readFixtureFile(namedFixturePath(named)));
      } else {
        core.loadFixture(body);
      }
    } catch (err) {
      if (err instanceof FixtureError) throw bad(err.message, "InvalidFixture");
      throw err;
    }
    return { status: 200, json: { loaded: true, tenantId: core.services.tenantId } };
  });

  router.add("emulator", "GET", "/_emulator/clock", clockView);
  router.add("emulator", "POST", "/_emulator/clock", async (ctx) => {
    const parsed = clockBody.safeParse(await ctx.json());
    if (!parsed.success) throw bad('Send exactly one of {"advanceSeconds":n}, {"set":"<ISO date-time>"}, {"freeze":true|false}.');
    const b = parsed.data;
    if ("advanceSeconds" in b) core.clock.advance(b.advanceSeconds);
    else if ("set" in b) core.clock.set(new Date(b.set));
    else core.clock.freeze(b.freeze);
    return clockView();
  });

  router.add("emulator", "GET", "/_emulator/mail", (ctx) => {
    const to = ctx.query.get("to")?.toLowerCase();
    const value = messages().filter((m) => !to || deps.recipientsOf(m).includes(to));
    return { status: 200, json: { value } };
  });
  router.add("emulator", "DELETE", "/_emulator/mail", (ctx) => {
    const all = messages();
    const to = ctx.query.get("to")?.toLowerCase();
    const keep = to ? all.filter((m) => !deps.recipientsOf(m).includes(to)) : [];
    const deleted = all.length - keep.length;
    all.splice(0, all.length, ...keep);
    ctx.services.changed();
    return { status: 200, json: { deleted } };
  });

  router.add("emulator", "GET", "/_emulator/faults", () => ({ status: 200, json: { value: core.faults.list() } }));
  router.add("emulator", "POST", "/_emulator/faults", async (ctx) => {
    const parsed = faultRuleSchema.safeParse(await ctx.json());
    if (!parsed.success) throw bad(`Invalid fault rule: ${z.prettifyError(parsed.error)}`);
    return { status: 201, json: core.faults.add(parsed.data) };
  });
  router.add("emulator", "DELETE", "/_emulator/faults", () => {
    core.faults.clear();
    return { status: 204 };
  });

  router.add("emulator", "GET", "/_emulator/state", () => ({ status: 200, json: core.dump() }));

  router.add("emulator", "GET", "/_emulator/options", () => ({ status: 200, json: core.services.options() }));
  router.add("emulator", "PATCH", "/_emulator/options", async (ctx) => {
    const parsed = parseOptionsPatch(await ctx.json());
    if (!parsed.ok) throw bad(`Invalid options: ${parsed.errors.join("; ")}`);
    return { status: 200, json: core.setOptions(parsed.patch) };
  });
}
