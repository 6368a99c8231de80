// Interop: the AWS SDK for JavaScript v3 (@aws-sdk/client-eks, as tools/oracle/js's lockfile
// pins it) against `ekscodec serve` (issue 10 item 3).
//
//   node tests/interop/serve_js.mjs PATH/TO/ekscodec
//
// 1. DisassociateIdentityProviderConfig for cluster names with ' ', '/', 'ü', ':' and '+':
//    the typed Update the SDK returns is the body the server sent (createdAt to the
//    millisecond), and the server's --log has its $metadata.requestId with status 200,
//    verdict valid and no signature diagnostic.
// 2. DescribeUpdate until Successful (--complete-after 1), the same createdAt each time.
// 3. A wrong secret: InvalidSignatureException, HTTP 403 (logged with signature_mismatch).
// 4. A server with --error ResourceNotFoundException: the SDK throws its
//    ResourceNotFoundException class.
// The raw bodies are read by a request handler wrapped around the SDK's own Node handler,
// so the SDK parses exactly the bytes compared here.
//
// Exit: 0 pass, 1 fail, 77 skip (node_modules missing; under CI=true a failure).
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { createRequire } from "node:module";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

const SOURCE = process.env.EKSCODEC_SOURCE_DIR ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const JS_DIR = join(SOURCE, "tools", "oracle", "js");
const REGION = "us-west-2";
const ACCESS_KEY = "AKIDSERVEEXAMPLE";
const SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSERVEKEY";
const NAMES = ["js prod", "my cluster", "a/b", "clüster", "a:b", "a+b"];
const SIG_CODES = ["signature_mismatch", "signature_missing", "signature_malformed", "clock_skew"];

const failures = [];
function fail(msg) {
  failures.push(msg);
  console.error(`FAIL: ${msg}`);
}

function skipOrFail(why) {
  if ((process.env.CI ?? "").toLowerCase() === "true") {
    console.error(`FAIL (CI=true, a missing interop peer is a failure): ${why}`);
    process.exit(1);
  }
  console.error(`SKIP: serve_js: ${why}`);
  process.exit(77);
}

if (!existsSync(join(JS_DIR, "node_modules", "@aws-sdk", "client-eks"))) {
  skipOrFail(`the JS SDK is not installed in ${JS_DIR} (scripts/setup.sh runs npm ci there)`);
}
// Resolved from tools/oracle/js, where the lockfile installed it, not from this file's folder.
const requireJs = createRequire(join(JS_DIR, "package.json"));
const eks = requireJs("@aws-sdk/client-eks");
const { NodeHttpHandler } = requireJs("@smithy/node-http-handler");
const SDK_VERSION = requireJs("@aws-sdk/client-eks/package.json").version;

function startServer(exe, tmp, name, extra) {
  const log = join(tmp, `${name}.log`);
  const env = { ...process.env, AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY };
  delete env.AWS_SESSION_TOKEN;
  const proc = spawn(exe, ["serve", "--listen", "127.0.0.1:0", "--log", log, "--region", REGION, ...extra],
    { env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout });
    rl.once("line", (line) => {
      const m = /^listening on 127\.0\.0\.1:(\d+)$/.exec(line);
      if (!m) reject(new Error(`serve did not start: ${line}`));
      const stop = () => new Promise((done) => {
        const timer = setTimeout(() => { proc.kill("SIGKILL"); fail(`${name}: serve did not stop`); }, 10000);
        proc.once("exit", (code) => {
          clearTimeout(timer);
          if (code !== 0) fail(`${name}: serve exited ${code}: ${stderr}`);
          if (/runtime error:|Sanitizer/.test(stderr)) fail(`${name}: sanitizer report: ${stderr.slice(0, 2000)}`);
          done();
        });
        proc.kill("SIGTERM");
      });
      const records = () => readFileSync(log, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
      resolve({ url: `http://127.0.0.1:${m[1]}`, stop, records });
    });
    proc.once("error", reject);
  });
}

// The SDK's own handler, with every response body read once and handed on unchanged.
class RecordingHandler {
  constructor() { this.base = new NodeHttpHandler(); this.last = null; }
  async handle(request, options) {
    const out = await this.base.handle(request, options);
    const chunks = [];
    for await (const c of out.response.body) chunks.push(c);
    const body = Buffer.concat(chunks);
    this.last = { status: out.response.statusCode, body: body.toString("utf8") };
    out.response.body = Readable.from([body]);
    return out;
  }
  updateHttpClientConfig(key, value) { this.base.updateHttpClientConfig(key, value); }
  httpHandlerConfigs() { return this.base.httpHandlerConfigs(); }
  destroy() { this.base.destroy(); }
}

function client(url, secret = SECRET_KEY) {
  const handler = new RecordingHandler();
  const c = new eks.EKSClient({
    region: REGION, endpoint: url, maxAttempts: 1, requestHandler: handler,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: secret },
  });
  return { c, handler };
}

// Epoch milliseconds of the wire's createdAt (seconds with three decimals), from the text.
function wireMillis(body) {
  const m = /"createdAt":(\d+)(?:\.(\d{1,3}))?[,}]/.exec(body);
  return m ? Number(m[1]) * 1000 + Number((m[2] ?? "").padEnd(3, "0")) : NaN;
}

const WANT_PARAMS = JSON.stringify([{ type: "IdentityProviderConfig", value: '[{"type":"oidc","name":"okta"}]' }]);

async function flow(srv, logged) {
  const { c, handler } = client(srv.url);
  const created = [];
  for (const name of NAMES) {
    const t0 = Date.now();
    let out;
    try {
      out = await c.send(new eks.DisassociateIdentityProviderConfigCommand({
        clusterName: name, identityProviderConfig: { type: "oidc", name: "okta" } }));
    } catch (e) {
      fail(`disassociate ${JSON.stringify(name)}: ${e.name}: ${e.message}`);
      continue;
    }
    const up = out.update;
    logged.push([name, out.$metadata.requestId, 200]);
    if (up.status !== "InProgress" || up.type !== "DisassociateIdentityProviderConfig" ||
        JSON.stringify(up.params) !== WANT_PARAMS || JSON.stringify(up.errors) !== "[]") {
      fail(`disassociate ${JSON.stringify(name)}: update ${JSON.stringify(up)}`);
    }
    const wire = wireMillis(handler.last.body);
    if (!(up.createdAt instanceof Date) || up.createdAt.getTime() !== wire) {
      fail(`${JSON.stringify(name)}: createdAt ${up.createdAt?.toISOString?.()} != the server's ${handler.last.body}`);
    }
    if (wire < t0 - 1000 || wire > Date.now() + 1000) fail(`${JSON.stringify(name)}: createdAt ${wire} is not now`);
    created.push([name, up.id, up.createdAt.getTime()]);
  }
  const deadline = Date.now() + 15000;
  for (const [name, id, ms] of created) {
    for (;;) {
      const d = await c.send(new eks.DescribeUpdateCommand({ name, updateId: id }));
      logged.push([name, d.$metadata.requestId, 200]);
      if (d.update.createdAt.getTime() !== ms) fail(`describeUpdate ${JSON.stringify(name)}: createdAt changed`);
      if (d.update.status === "Successful") break;
      if (Date.now() > deadline) { fail(`update of ${JSON.stringify(name)} never Successful`); break; }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const bad = client(srv.url, "not-the-secret");
  try {
    await bad.c.send(new eks.DescribeUpdateCommand({ name: "js prod", updateId: created[0]?.[1] ?? "x" }));
    fail("wrong secret accepted");
  } catch (e) {
    logged.push(["wrong secret", e.$metadata?.requestId, 403]);
    if (e.name !== "InvalidSignatureException" || e.$metadata?.httpStatusCode !== 403) {
      fail(`wrong secret: ${e.name} ${e.$metadata?.httpStatusCode}: ${e.message}`);
    }
  }
  console.log(`JS SDK ${SDK_VERSION}: ${created.length} updates created and Successful; wrong secret -> InvalidSignatureException`);
}

function checkLog(srv, logged) {
  const byId = new Map(srv.records().filter((r) => r.requestId).map((r) => [r.requestId, r]));
  for (const [what, rid, status] of logged) {
    const r = byId.get(rid);
    if (!r) { fail(`${what}: request id ${rid} not in the server's log`); continue; }
    const codes = (r.diagnostics ?? []).map((d) => d.code);
    if (r.status !== status) fail(`${what}: log status ${r.status}, want ${status}`);
    if (status === 200 && (r.verdict !== "valid" || codes.some((c) => SIG_CODES.includes(c)))) {
      fail(`${what}: logged exchange not valid/verified: ${JSON.stringify(r)}`);
    }
    if (status === 403 && !codes.includes("signature_mismatch")) fail(`${what}: no signature_mismatch logged`);
  }
}

async function errorPart(exe, tmp) {
  const srv = await startServer(exe, tmp, "error", ["--error", "ResourceNotFoundException"]);
  try {
    await client(srv.url).c.send(new eks.DescribeUpdateCommand({ name: "prod", updateId: "x" }));
    fail("--error: nothing thrown");
  } catch (e) {
    if (!(e instanceof eks.ResourceNotFoundException) || e.$metadata?.httpStatusCode !== 404) {
      fail(`--error: threw ${e.name} (${e.constructor?.name}), not eks.ResourceNotFoundException`);
    }
  } finally {
    await srv.stop();
  }
}

async function main() {
  const exe = process.argv[2];
  if (!exe) { console.error("usage: serve_js.mjs PATH/TO/ekscodec"); process.exit(2); }
  const tmp = mkdtempSync(join(tmpdir(), "serve_js."));
  const t0 = Date.now();
  const srv = await startServer(exe, tmp, "main", ["--complete-after", "1"]);
  const logged = [];
  try {
    await flow(srv, logged);
  } catch (e) {
    fail(`unexpected: ${e.stack ?? e}`);
  } finally {
    await srv.stop();
  }
  checkLog(srv, logged);
  await errorPart(exe, tmp);
  console.log(`${logged.length} JS SDK exchanges checked against the log, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (failures.length) {
    console.error(`${failures.length} failure(s); files kept in ${tmp}`);
    process.exit(1);
  }
  rmSync(tmp, { recursive: true, force: true });
  console.log("PASS");
}

await main();
