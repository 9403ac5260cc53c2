import { describe, expect, it } from "vitest";
import { BinaryCopyWriter } from "./binary-copy";

/** The bytes of one tuple after the 19-byte header; the stream ends with the int16 -1 trailer. */
function tupleBytes(fill: (w: BinaryCopyWriter) => void): Buffer {
  const w = new BinaryCopyWriter(16);
  fill(w);
  const out = Buffer.from(w.finish());
  expect(out.subarray(0, 11).toString("latin1")).toBe("PGCOPY\n\xff\r\n\0");
  expect(out.readInt32BE(11)).toBe(0);
  expect(out.readInt32BE(15)).toBe(0);
  expect(out.readInt16BE(out.length - 2)).toBe(-1);
  return out.subarray(19, out.length - 2);
}

describe("BinaryCopyWriter", () => {
  it("writes each field as its length and PostgreSQL's binary send form", () => {
    const bytes = tupleBytes((w) =>
      w.row(7).uuid("0123abcd-4567-89ef-0123-456789ABCDEF").timestamp(Date.UTC(2000, 0, 1, 0, 0, 1, 500)).int4(-2).int8(2 ** 40 + 3).bool(true).null().text("ü"),
    );
    const expected = Buffer.concat([
      Buffer.from([0, 7]),
      Buffer.from([0, 0, 0, 16]), Buffer.from("0123abcd456789ef0123456789abcdef", "hex"),
      Buffer.from([0, 0, 0, 8]), Buffer.from("000000000016e360", "hex"), // 1.5 s after PostgreSQL's epoch, in µs
      Buffer.from([0, 0, 0, 4]), Buffer.from([0xff, 0xff, 0xff, 0xfe]),
      Buffer.from([0, 0, 0, 8]), Buffer.from("0000010000000003", "hex"),
      Buffer.from([0, 0, 0, 1, 1]),
      Buffer.from([0xff, 0xff, 0xff, 0xff]),
      Buffer.from([0, 0, 0, 2]), Buffer.from("ü", "utf8"),
    ]);
    expect(bytes.toString("hex")).toBe(expected.toString("hex"));
  });

  it("encodes timestamps before 2000 as negative microseconds", () => {
    const bytes = tupleBytes((w) => w.row(1).timestamp(Date.UTC(1999, 11, 31, 23, 59, 59, 999)));
    expect(bytes.readBigInt64BE(6)).toBe(-1000n);
  });

  it("grows past its initial size and keeps every byte", () => {
    const long = "x".repeat(10_000);
    const bytes = tupleBytes((w) => w.row(2).text(long).text("abc"));
    expect(bytes.readInt32BE(2)).toBe(10_000);
    expect(bytes.subarray(6, 10_006).toString()).toBe(long);
    expect(bytes.subarray(10_010).toString()).toBe("abc");
  });

  it("refuses what it cannot encode faithfully", () => {
    const w = new BinaryCopyWriter();
    expect(() => w.uuid("not-a-uuid")).toThrow(TypeError);
    expect(() => w.uuid("0123abcd-4567-89ef-0123-456789abcdeg")).toThrow(TypeError);
  });
});
