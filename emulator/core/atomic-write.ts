import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";

/** Writes via a temp file + rename so readers never see a half-written file. */
export function writeFileAtomic(file: string, data: string, mode = 0o644): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, data, { mode });
  fs.renameSync(tmp, file);
}
