import { describe, expect, it } from "vitest";
import { GraphError } from "../core/types";
import { parseSendMail } from "./parse-send-mail";

const valid = {
  message: {
    subject: "Approval needed",
    body: { contentType: "html", content: "<p>hi</p>" },
    toRecipients: [{ emailAddress: { address: "p01@contoso.example", name: "Priya" } }],
    ccRecipients: [],
    bccRecipients: [{ emailAddress: { address: "audit@contoso.example" } }],
    internetMessageHeaders: [{ name: "X-Jit-Request-Id", value: "42" }],
  },
  saveToSentItems: false,
};

function codeOf(input: unknown): string {
  try {
    parseSendMail(input);
  } catch (error) {
    if (error instanceof GraphError && error.status === 400) return error.code;
    throw error;
  }
  throw new Error("expected a 400");
}

describe("parseSendMail", () => {
  it("accepts a complete message and keeps the body exactly as posted", () => {
    const parsed = parseSendMail(valid);
    expect(parsed.body).toEqual({ contentType: "html", content: "<p>hi</p>" });
    expect(parsed.to).toEqual([{ address: "p01@contoso.example", name: "Priya" }]);
    expect(parsed.bcc).toEqual([{ address: "audit@contoso.example", name: null }]);
    expect(parsed.headers).toEqual([{ name: "X-Jit-Request-Id", value: "42" }]);
    expect(parsed.saveToSentItems).toBe(false);
  });

  it("defaults a missing subject and body to empty text", () => {
    const parsed = parseSendMail({ message: { toRecipients: valid.message.toRecipients } });
    expect(parsed).toMatchObject({ subject: "", body: { contentType: "Text", content: "" }, saveToSentItems: true });
  });

  it.each([
    ["a non-object body", "hello", "RequestBodyRead"],
    ["no message", {}, "ErrorInvalidParameter"],
    ["a numeric subject", { message: { ...valid.message, subject: 5 } }, "RequestBodyRead"],
    ["an unknown content type", { message: { ...valid.message, body: { contentType: "Markdown", content: "x" } } }, "RequestBodyRead"],
    ["no recipients", { message: { ...valid.message, toRecipients: [] } }, "ErrorInvalidRecipients"],
    ["an address without @", { message: { ...valid.message, toRecipients: [{ emailAddress: { address: "priya" } }] } }, "ErrorInvalidRecipients"],
    ["a recipient without emailAddress", { message: { ...valid.message, ccRecipients: [{ address: "p01@contoso.example" }] } }, "ErrorInvalidRecipients"],
    ["a standard header", { message: { ...valid.message, internetMessageHeaders: [{ name: "Subject", value: "x" }] } }, "InvalidInternetMessageHeader"],
    ["a string saveToSentItems", { ...valid, saveToSentItems: "false" }, "RequestBodyRead"],
  ])("rejects %s", (_name, input, code) => {
    expect(codeOf(input)).toBe(code);
  });
});
