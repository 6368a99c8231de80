// AWS SDK for JavaScript v3 (@aws-sdk/client-eks) run as an oracle for the ekscodec corpus.
//
// Reads JSON Lines jobs on stdin, writes one JSON result a line on stdout, in order:
//   {"op":"encode","params":{...},"region":"us-west-2"}
//     -> {"ok":true,"method","path","host","contentType","body","tokenGenerated"} |
//        {"ok":false,"error":"<name>: <message>"}
//   {"op":"decode","status":200,"headers":[[name,value],...],"bodyBase64":"..."}
//     -> {"ok":true,"output":{...}}  (Date -> epoch seconds, $metadata dropped) |
//        {"ok":false,"errorName","message","fault","httpStatus","fields":{...}} |
//        {"ok":false,"exception":"<name>"}  (the SDK threw something that is not a service error)
//
// A job may name another operation with "operation" (API name, e.g. "DescribeCluster";
// default DisassociateIdentityProviderConfig); such jobs (tools/oracle/gen_ops_corpus.py)
// get richer encode answers: "rawQuery" (as the SDK's HTTP handler builds it), "query"
// ([[name, value], ...] decoded, in that order), "contentLength", "hasBody"; decode jobs may
// carry "params" (a valid input for the call); encode jobs name the idempotency-token member
// in "tokenMember" (or null). Jobs without "operation" are answered exactly as before.
//
// Nothing is sent anywhere: a custom requestHandler captures the serialized request and
// answers with a canned response. Retries are off (maxAttempts 1) so a 5xx is parsed once.
// Generated idempotency tokens are reported as tokenGenerated and replaced by a fixed marker,
// so the output does not depend on randomness.
import { createInterface } from "node:readline";
import * as eks from "@aws-sdk/client-eks";
import { buildQueryString } from "@smithy/core/protocols";

const { EKSClient, DisassociateIdentityProviderConfigCommand } = eks;

function command(job, params) {
  const op = job.operation ?? "DisassociateIdentityProviderConfig";
  const Cmd = eks[`${op}Command`];
  if (!Cmd) throw new Error(`no command for ${op}`);
  return new Cmd(params);
}

const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

class CannedHandler {
  constructor() { this.captured = null; this.reply = null; }
  async handle(request) {
    this.captured = request;
    const r = this.reply;
    return {
      response: {
        statusCode: r.status,
        headers: r.headers,
        body: r.body,
      },
    };
  }
  updateHttpClientConfig() {}
  httpHandlerConfigs() { return {}; }
}

function makeClient(region, handler) {
  return new EKSClient({
    region,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
    requestHandler: handler,
    maxAttempts: 1,
  });
}

function plain(value) {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    const out = {};
    for (const k of Object.keys(value).sort()) {
      if (k === "$metadata" || value[k] === undefined) continue;
      out[k] = plain(value[k]);
    }
    return out;
  }
  return value;
}

async function encode(job) {
  const handler = new CannedHandler();
  handler.reply = { status: 200, headers: { "content-type": "application/json" },
                    body: new TextEncoder().encode("{}") };
  const client = makeClient(job.region, handler);
  const extended = "operation" in job;
  try {
    await client.send(command(job, job.params));
  } catch (e) {
    if (!handler.captured) return { ok: false, error: `${e.name}: ${e.message}` };
  }
  const req = handler.captured;
  const headers = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  let body = typeof req.body === "string" ? req.body : new TextDecoder().decode(req.body ?? new Uint8Array());
  let tokenGenerated = false;
  const token = extended ? job.tokenMember : "clientRequestToken";
  if (token && (!(token in job.params) || job.params[token] === undefined) && (body || !extended)) {
    let parsed = null;
    try { parsed = JSON.parse(body); } catch (e) { if (!extended) throw e; }
    if (parsed && typeof parsed[token] === "string" && UUID4.test(parsed[token])) {
      tokenGenerated = true;
      body = body.replace(parsed[token], "<generated-uuid4>");
    }
  }
  const out = { ok: true, method: req.method, path: req.path, host: headers.host ?? req.hostname,
                contentType: headers["content-type"] ?? null, body, tokenGenerated };
  if (extended) {
    const query = [];
    for (const k of Object.keys(req.query ?? {})) {
      const v = req.query[k];
      if (Array.isArray(v)) for (const x of v) query.push([k, String(x)]);
      else query.push([k, v === null || v === undefined ? "" : String(v)]);
    }
    out.rawQuery = buildQueryString(req.query ?? {});
    out.query = query;
    out.contentLength = headers["content-length"] ?? null;
    out.hasBody = body !== "";
  }
  return out;
}

async function decode(job) {
  const handler = new CannedHandler();
  const headers = {};
  for (const [k, v] of job.headers) {
    const key = k.toLowerCase();
    headers[key] = key in headers ? `${headers[key]}, ${v}` : v;
  }
  handler.reply = { status: job.status, headers, body: Buffer.from(job.bodyBase64, "base64") };
  const client = makeClient("us-west-2", handler);
  try {
    const out = await client.send("operation" in job ? command(job, job.params) : new DisassociateIdentityProviderConfigCommand(
      { clusterName: "prod", identityProviderConfig: { type: "oidc", name: "okta" },
        clientRequestToken: "11111111-2222-4333-8444-555555555555" }));
    return { ok: true, output: plain(out) };
  } catch (e) {
    if (!e || e.$metadata === undefined || e.$fault === undefined)
      return { ok: false, exception: e && e.name ? e.name : String(e) };
    const fields = {};
    for (const k of Object.keys(e).sort()) {
      if (k.startsWith("$") || k === "name" || k === "message" || k === "Message") continue;
      if (e[k] !== undefined) fields[k] = plain(e[k]);
    }
    return { ok: false, errorName: e.name, message: e.message ?? null, fault: e.$fault,
             httpStatus: e.$metadata.httpStatusCode ?? null, fields };
  }
}

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  const job = JSON.parse(line);
  let result;
  try {
    result = job.op === "encode" ? await encode(job) : await decode(job);
  } catch (e) {
    result = { ok: false, exception: `oracle: ${e && e.name}: ${e && e.message}` };
  }
  process.stdout.write(JSON.stringify(result) + "\n");
}
