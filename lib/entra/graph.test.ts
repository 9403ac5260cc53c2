import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createGraphClient } from "./graph";

// A plain-HTTP listener is enough for the request-shape test (the SDK sends no token over http).
let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ value: [], path: req.url, auth: req.headers.authorization ?? null }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(() => {
  server.close();
});

describe("createGraphClient", () => {
  it("re-throws the token provider's own AppError instead of the SDK's anonymous GraphError", async () => {
    const reauth = new AppError("reauth_required", "Your Microsoft sign-in has expired. Sign in again to continue.");
    // https: the SDK asks for a token only for https Graph/custom hosts; the token fails before any connection.
    const client = createGraphClient({ baseUrl: "https://127.0.0.1:9", getToken: () => Promise.reject(reauth) });
    await expect(client.api("/me").get()).rejects.toBe(reauth);
    await expect(client.api("/groups").filter("id eq 'x'").select(["id"]).top(5).get()).rejects.toBe(reauth);
  });

  it("keeps chained request builders working and sends the versioned path", async () => {
    const client = createGraphClient({ baseUrl, getToken: () => Promise.resolve("t0ken"), sdkRetries: false });
    const res = (await client.api("/groups/g1/transitiveMembers/microsoft.graph.user").select(["id", "mail"]).top(999).get()) as { path: string };
    expect(decodeURIComponent(res.path)).toBe("/v1.0/groups/g1/transitiveMembers/microsoft.graph.user?$select=id,mail&$top=999");
  });
});
