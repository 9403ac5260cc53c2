/**
 * Rows in PostgreSQL's binary COPY format (`COPY … FROM STDIN WITH (FORMAT binary)`), written straight into one
 * growing buffer. Binary input skips the server's text parsing of every uuid, timestamp and number, which is
 * most of what a text COPY of the history tables costs the database.
 *
 *   header   "PGCOPY\n\xff\r\n\0", int32 flags (0), int32 header-extension length (0)
 *   tuple    int16 field count, then per field: int32 byte length (-1 for NULL) and the bytes
 *   trailer  int16 -1
 *
 * Field encodings used here (each type's binary "send" form): uuid = 16 bytes; timestamptz = int64 microseconds
 * since 2000-01-01 UTC; int4/int8 big-endian; bool = one byte; text, enum labels and json = their UTF-8 text.
 */

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
/** 2000-01-01T00:00:00Z in Unix milliseconds: PostgreSQL's timestamp epoch. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;

/** Byte value of a pair of hex digits, indexed by (first char code << 7) | second char code; -1 if not hex. */
const hexPair = new Int16Array(1 << 14).fill(-1);
const hexDigit = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1);
for (let a = 0; a < 128; a++) {
  for (let b = 0; b < 128; b++) {
    if (hexDigit(a) >= 0 && hexDigit(b) >= 0) hexPair[(a << 7) | b] = (hexDigit(a) << 4) | hexDigit(b);
  }
}
/** Where the 16 byte-pairs of a uuid's text form start. */
const uuidPairs = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

export class BinaryCopyWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initialBytes = 1 << 20, options: { header?: boolean } = {}) {
    this.buf = Buffer.allocUnsafe(initialBytes);
    if (options.header === false) return;
    this.ensure(SIGNATURE.length + 8);
    SIGNATURE.copy(this.buf, 0);
    this.pos = SIGNATURE.length;
    this.buf.writeInt32BE(0, this.pos);
    this.buf.writeInt32BE(0, this.pos + 4);
    this.pos += 8;
  }

  /** Fields encoded beforehand (`encodeFields`), copied as they are. */
  raw(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  /** Starts a tuple of `fields` fields. */
  row(fields: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(fields, this.pos);
    this.pos += 2;
    return this;
  }

  null(): this {
    this.ensure(4);
    this.buf.writeInt32BE(-1, this.pos);
    this.pos += 4;
    return this;
  }

  /** A uuid from its 36-character text form. */
  uuid(value: string): this {
    const dash = 45;
    if (value.length !== 36 || value.charCodeAt(8) !== dash || value.charCodeAt(13) !== dash || value.charCodeAt(18) !== dash || value.charCodeAt(23) !== dash) {
      throw new TypeError(`not a uuid: ${value}`);
    }
    this.ensure(20);
    const b = this.buf;
    b.writeInt32BE(16, this.pos);
    const p = this.pos + 4;
    for (let k = 0; k < 16; k++) {
      const i = uuidPairs[k] as number;
      const hi = value.charCodeAt(i);
      const lo = value.charCodeAt(i + 1);
      const byte = (hi | lo) > 0x7f ? -1 : (hexPair[(hi << 7) | lo] ?? -1);
      if (byte < 0) throw new TypeError(`not a uuid: ${value}`);
      b[p + k] = byte;
    }
    this.pos = p + 16;
    return this;
  }

  /** A uuid from its 16 bytes. */
  uuidBytes(bytes: Uint8Array): this {
    this.ensure(20);
    this.buf.writeInt32BE(16, this.pos);
    for (let i = 0; i < 16; i++) this.buf[this.pos + 4 + i] = bytes[i] as number;
    this.pos += 20;
    return this;
  }

  uuidOrNull(value: string | null): this {
    return value === null ? this.null() : this.uuid(value);
  }

  /** A timestamptz from Unix milliseconds. */
  timestamp(ms: number): this {
    return this.int8((ms - PG_EPOCH_MS) * 1000);
  }

  timestampOrNull(ms: number | null): this {
    return ms === null ? this.null() : this.timestamp(ms);
  }

  int4(value: number): this {
    this.ensure(8);
    this.buf.writeInt32BE(4, this.pos);
    this.buf.writeInt32BE(value, this.pos + 4);
    this.pos += 8;
    return this;
  }

  /** An int8 from a safe integer (negative too). */
  int8(value: number): this {
    this.ensure(12);
    const hi = Math.floor(value / TWO_32);
    this.buf.writeInt32BE(8, this.pos);
    this.buf.writeInt32BE(hi, this.pos + 4);
    this.buf.writeUInt32BE(value - hi * TWO_32, this.pos + 8);
    this.pos += 12;
    return this;
  }

  bool(value: boolean): this {
    this.ensure(5);
    this.buf.writeInt32BE(1, this.pos);
    this.buf[this.pos + 4] = value ? 1 : 0;
    this.pos += 5;
    return this;
  }

  /** text, varchar, an enum label or json: the value's UTF-8 bytes. */
  text(value: string): this {
    this.ensure(4 + value.length * 3);
    const written = this.buf.write(value, this.pos + 4, "utf8");
    this.buf.writeInt32BE(written, this.pos);
    this.pos += 4 + written;
    return this;
  }

  /** A text field whose UTF-8 bytes are `src[start, end)`. */
  textBytes(src: Buffer, start: number, end: number): this {
    const n = end - start;
    this.ensure(4 + n);
    this.buf.writeInt32BE(n, this.pos);
    src.copy(this.buf, this.pos + 4, start, end);
    this.pos += 4 + n;
    return this;
  }

  textOrNull(value: string | null): this {
    return value === null ? this.null() : this.text(value);
  }

  /**
   * A run of fields encoded once and copied into many rows with `raw()` (an actor's id, type and name appear in
   * every event of theirs).
   */
  static encodeFields(fill: (w: BinaryCopyWriter) => void): Buffer {
    const w = new BinaryCopyWriter(256, { header: false });
    fill(w);
    return Buffer.from(w.buf.subarray(0, w.pos));
  }

  /** Ends the stream and returns it (the writer must not be used afterwards). */
  finish(): Buffer {
    this.ensure(2);
    this.buf.writeInt16BE(-1, this.pos);
    this.pos += 2;
    return this.buf.subarray(0, this.pos);
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
}
