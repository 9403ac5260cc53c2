// A Prisma generator that only writes the DMMF (Prisma's parsed view of schema.prisma) to <output>/dmmf.json.
// Used by prisma-dmmf.ts so the schema-drift test reads the schema through Prisma itself. It speaks the
// generator protocol: JSON-RPC requests on stdin, one JSON response per line on stderr.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";

createInterface({ input: process.stdin }).on("line", (line) => {
  const request = JSON.parse(line);
  const reply = (result) => process.stderr.write(JSON.stringify({ jsonrpc: "2.0", id: request.id, result }) + "\n");
  if (request.method === "getManifest") {
    reply({ manifest: { prettyName: "DMMF dump (schema-drift test)", requiresEngines: [] } });
  } else if (request.method === "generate") {
    const out = request.params.generator.output.value;
    writeFileSync(path.join(out, "dmmf.json"), JSON.stringify(request.params.dmmf.datamodel));
    reply(null);
  }
});
