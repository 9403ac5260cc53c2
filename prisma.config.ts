import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma 7's CLI wants a native schema engine it would download; we only use `prisma generate`
// (the client is pure TypeScript + a driver adapter), which works with any file here. Migrations are
// committed SQL applied by lib/db/migrate.ts, so the engine is never executed. See docs/decisions/0002.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve("prisma/no-schema-engine");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
