/**
 * `COPY … FROM STDIN` with plain `pg` (pg-copy-streams is not a dependency). The client accepts any object with
 * a `submit(connection)` method as a query and forwards the protocol messages of the copy sub-protocol to it:
 * we send the COPY statement, PostgreSQL answers CopyInResponse, we stream the rows as CopyData and finish with
 * CopyDone. The whole payload is already in memory (one seeding batch), so there is no stream to throttle.
 * The payload is in whatever format the statement names (tables.ts sends binary COPY streams).
 */
import type pg from "pg";

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** CopyData messages are limited in size by nothing but memory; 256 KiB keeps each socket write reasonable. */
const CHUNK_BYTES = 256 * 1024;

class CopyIn {
  callback?: (error: Error | null) => void;
  private isDone = false;
  private failure: Error | null = null;

  constructor(
    private readonly sql: string,
    private readonly payload: Uint8Array,
    private readonly settle: (error: Error | null) => void,
  ) {}

  submit(connection: CopyConnection): void {
    connection.query(this.sql);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    for (let offset = 0; offset < this.payload.length; offset += CHUNK_BYTES) {
      connection.sendCopyFromChunk(Buffer.from(this.payload.buffer, this.payload.byteOffset + offset, Math.min(CHUNK_BYTES, this.payload.length - offset)));
    }
    connection.endCopyFrom();
  }

  handleError(error: Error): void {
    // The client hands errors to the active query and forgets it; ReadyForQuery will not reach us.
    this.failure = error;
    this.finish();
  }

  handleReadyForQuery(): void {
    this.finish();
  }

  private finish(): void {
    if (this.isDone) return;
    this.isDone = true;
    this.settle(this.failure);
  }

  // Messages a COPY never produces, but the client may call them on whatever query is active.
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** Runs a `COPY <table> (<columns>) FROM STDIN …` statement with `payload` as its data. */
export function copyIn(client: pg.Client, sql: string, payload: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const copy = new CopyIn(sql, payload, (error) => (error ? reject(error) : resolve()));
    void client.query(copy as unknown as pg.QueryConfig);
  });
}
