/**
 * Validation of a `sendMail` request body (entra-graph-api.md §7.5). Type errors use Graph's OData reader code
 * `RequestBodyRead`; recipient and header problems use the Exchange codes (wording UNVERIFIED, §17 #14).
 */
import { GraphError, type MailMessage } from "../core/types";

type Address = MailMessage["to"][number];

export interface ParsedSendMail {
  subject: string;
  body: { contentType: string; content: string };
  to: Address[];
  cc: Address[];
  bcc: Address[];
  headers: { name: string; value: string }[];
  saveToSentItems: boolean;
}

const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+$/;

function bodyRead(message: string): GraphError {
  return new GraphError(400, "RequestBodyRead", message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function recipients(value: unknown, field: string): Address[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw bodyRead(`Property '${field}' must be an array of recipients.`);
  return value.map((entry) => {
    const email = isRecord(entry) ? entry.emailAddress : undefined;
    const address = isRecord(email) ? email.address : undefined;
    if (typeof address !== "string" || !ADDRESS.test(address.trim())) {
      throw new GraphError(
        400,
        "ErrorInvalidRecipients",
        `At least one recipient is not valid., Recipient '${typeof address === "string" ? address : ""}' is not resolved. All recipients must be resolved before a message can be submitted.`,
      );
    }
    const name = isRecord(email) && typeof email.name === "string" && email.name !== "" ? email.name : null;
    return { address: address.trim(), name };
  });
}

function messageBody(value: unknown): { contentType: string; content: string } {
  if (value === undefined || value === null) return { contentType: "Text", content: "" };
  if (!isRecord(value)) throw bodyRead("Property 'body' must be an itemBody object.");
  const contentType = value.contentType ?? "Text";
  if (typeof contentType !== "string" || !["text", "html"].includes(contentType.toLowerCase())) {
    throw bodyRead(`Cannot convert the literal '${typeof contentType === "string" ? contentType : JSON.stringify(contentType)}' to the expected type 'microsoft.graph.bodyType'.`);
  }
  if (value.content !== undefined && value.content !== null && typeof value.content !== "string") throw bodyRead("Property 'content' must be a string.");
  return { contentType, content: typeof value.content === "string" ? value.content : "" };
}

function internetHeaders(value: unknown): { name: string; value: string }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw bodyRead("Property 'internetMessageHeaders' must be an array.");
  return value.map((h) => {
    if (!isRecord(h) || typeof h.name !== "string" || typeof h.value !== "string") {
      throw bodyRead("Each internetMessageHeader needs a string 'name' and 'value'.");
    }
    // Exchange only lets clients add custom headers; standard ones (From, Subject…) are set from the message.
    if (!/^x-/i.test(h.name)) {
      throw new GraphError(400, "InvalidInternetMessageHeader", `The internet message header name '${h.name}' should start with 'x-' or 'X-'.`);
    }
    return { name: h.name, value: h.value };
  });
}

export function parseSendMail(input: unknown): ParsedSendMail {
  if (!isRecord(input)) throw bodyRead("The request body must be a JSON object.");
  const message = input.message;
  if (!isRecord(message)) throw new GraphError(400, "ErrorInvalidParameter", "The value of the parameter 'Message' is empty.");
  if (message.subject !== undefined && message.subject !== null && typeof message.subject !== "string") throw bodyRead("Property 'subject' must be a string.");
  if (input.saveToSentItems !== undefined && typeof input.saveToSentItems !== "boolean") {
    throw bodyRead(`Cannot convert the literal '${JSON.stringify(input.saveToSentItems)}' to the expected type 'Edm.Boolean'.`);
  }
  const to = recipients(message.toRecipients, "toRecipients");
  const cc = recipients(message.ccRecipients, "ccRecipients");
  const bcc = recipients(message.bccRecipients, "bccRecipients");
  if (to.length === 0) throw new GraphError(400, "ErrorInvalidRecipients", "At least one recipient is required in 'toRecipients'.");
  return {
    subject: typeof message.subject === "string" ? message.subject : "",
    body: messageBody(message.body),
    to,
    cc,
    bcc,
    headers: internetHeaders(message.internetMessageHeaders),
    saveToSentItems: input.saveToSentItems ?? true,
  };
}
