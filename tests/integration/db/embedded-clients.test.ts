/**
 * Several clients of one embedded database (lib/db/embedded.ts): a parameterised query is several protocol
 * messages (Parse, Bind, Execute, Sync), and another client's query must not run between them. One client here
 * speaks the protocol by hand so that it can stop in the middle of its query on purpose.
 */
import { connect, type Socket } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded";
import { testDbKind } from "@/tests/support/db";
import { templateData } from "@/tests/support/db-template";

let server: EmbeddedPostgres;
beforeAll(async () => {
  if (testDbKind() === "embedded") server = await startEmbeddedPostgres({ dataDir: "memory://", loadDataDir: await templateData("empty") });
});
afterAll(async () => {
  await server?.stop();
});

const cstr = (s: string) => Buffer.from(`${s}\0`);
function message(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type), length, body]);
}
const int16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

interface ServerMessage {
  type: string;
  body: Buffer;
}

/** A raw protocol client: send bytes, collect the server's messages. */
async function rawClient(port: number): Promise<{ socket: Socket; send(b: Buffer): void; waitFor(type: string): Promise<ServerMessage[]> }> {
  const socket = connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let buffer = Buffer.alloc(0);
  const received: ServerMessage[] = [];
  let wake = () => {};
  socket.on("data", (d: Buffer) => {
    buffer = Buffer.concat([buffer, d]);
    while (buffer.length >= 5 && buffer.length >= 1 + buffer.readInt32BE(1)) {
      const end = 1 + buffer.readInt32BE(1);
      received.push({ type: String.fromCharCode(buffer[0]!), body: buffer.subarray(5, end) });
      buffer = buffer.subarray(end);
    }
    wake();
  });
  /** Resolves with every message up to and including the first of `type`, and forgets them. */
  const waitFor = async (type: string): Promise<ServerMessage[]> => {
    for (;;) {
      const i = received.findIndex((m) => m.type === type);
      if (i >= 0) return received.splice(0, i + 1);
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  const startup = Buffer.concat([int32(196608), cstr("user"), cstr("postgres"), cstr("database"), cstr("postgres"), Buffer.from([0])]);
  socket.write(Buffer.concat([int32(startup.length + 4), startup]));
  await waitFor("Z"); // ReadyForQuery
  return { socket, send: (b) => socket.write(b), waitFor };
}

describe.skipIf(testDbKind() === "postgres")("embedded PostgreSQL with several clients", () => {
  it("runs another client's query only after this client's query is complete (Parse … Sync), not in between", async () => {
    const a = await rawClient(server.port);
    const b = new pg.Client({ connectionString: server.url });
    b.on("error", () => {}); // a failed assertion leaves it connected until the server stops
    await b.connect();
    // A: Parse and Bind its unnamed statement and portal, then stops before Execute and Sync.
    a.send(message("P", cstr(""), cstr("SELECT $1::int AS a"), int16(0)));
    a.send(message("B", cstr(""), cstr(""), int16(0), int16(1), int32(2), Buffer.from("41"), int16(0)));
    a.send(message("H")); // Flush: answer what you have
    await a.waitFor("2"); // BindComplete

    // B: a parameterised query of its own, which would replace A's unnamed statement and portal if it ran now.
    let isBDone = false;
    const bResult = b.query<{ b: string }>("SELECT $1::text AS b", ["from B"]).then((r) => {
      isBDone = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(isBDone).toBe(false); // waits for A

    a.send(message("E", cstr(""), int32(0)));
    a.send(message("S"));
    const toA = await a.waitFor("Z");
    expect(toA.filter((m) => m.type === "E").map((m) => m.body.toString())).toEqual([]); // no ErrorResponse
    const row = toA.find((m) => m.type === "D"); // DataRow: 1 column of 2 bytes, "41"
    expect(row?.body.subarray(6).toString()).toBe("41");

    expect((await bResult).rows).toEqual([{ b: "from B" }]);
    await b.end();
    a.socket.end(message("X"));
  });

  it("many clients' parameterised queries at once each get their own answer", async () => {
    const clients = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const c = new pg.Client({ connectionString: server.url });
        await c.connect();
        return c;
      }),
    );
    const wrong: string[] = [];
    await Promise.all(
      clients.map(async (c, n) => {
        for (let i = 0; i < 40; i++) {
          const { rows } = await c.query<{ v: number; who: string }>("SELECT $1::int AS v, $2::text AS who", [n * 1000 + i, `client ${n}`]);
          if (rows[0]?.v !== n * 1000 + i || rows[0]?.who !== `client ${n}`) wrong.push(`${n}/${i}: ${JSON.stringify(rows)}`);
        }
      }),
    );
    await Promise.all(clients.map((c) => c.end()));
    expect(wrong).toEqual([]);
  });
});
