#!/usr/bin/env node
// validate.mjs checks claimgraph's standard-format exports with real parsers and prints
// what they read, as one JSON object on stdout, for provexport's Go tests to assert on.
//
//   node validate.mjs [--turtle FILE] [--jsonld FILE] [--prov-json FILE --schema FILE]
//
//   --turtle     parses FILE as Turtle (n3, strict text/turtle) and prints every triple
//                as {s, p, o}, each term {type, value[, datatype][, language]}.
//   --jsonld     expands FILE (jsonld, safe mode: a term that would be dropped is an
//                error) and prints the expanded document. Nothing is fetched: the
//                document loader refuses every URL, so the document must carry its own
//                @context.
//   --prov-json  validates FILE against the PROV-JSON JSON Schema (draft-04) given by
//                --schema, with format checks (uri, date-time), and prints
//                {valid, errors}.
//
// Output: {"turtle": {"triples": [...]}, "jsonld": {"expanded": [...]},
// "provJSON": {"valid": true, "errors": []}} with only the parts asked for. Exit status
// 0 when everything parsed and validated, 1 when something did not (the reason is in
// the part's "error" or "errors"), 2 on bad usage.

import { readFile } from "node:fs/promises";
import { Parser } from "n3";
import jsonld from "jsonld";
import Ajv04 from "ajv-draft-04";
import addFormats from "ajv-formats";

function usage(msg) {
  process.stderr.write(`validate.mjs: ${msg}\nusage: node validate.mjs [--turtle FILE] [--jsonld FILE] [--prov-json FILE --schema FILE]\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {};
  const names = { "--turtle": "turtle", "--jsonld": "jsonld", "--prov-json": "provJSON", "--schema": "schema" };
  for (let i = 0; i < argv.length; i++) {
    const key = names[argv[i]];
    if (!key) usage(`unknown argument ${JSON.stringify(argv[i])}`);
    if (i + 1 >= argv.length) usage(`${argv[i]} needs a file`);
    opts[key] = argv[++i];
  }
  if (opts.provJSON && !opts.schema) usage("--prov-json needs --schema");
  if (!opts.turtle && !opts.jsonld && !opts.provJSON) usage("nothing to do");
  return opts;
}

function term(t) {
  const out = { type: t.termType, value: t.value };
  if (t.termType === "Literal") {
    out.datatype = t.datatype.value;
    if (t.language) out.language = t.language;
  }
  return out;
}

async function turtle(file) {
  const text = await readFile(file, "utf8");
  const parser = new Parser({ format: "text/turtle" });
  try {
    const quads = parser.parse(text);
    return { ok: true, out: { triples: quads.map((q) => ({ s: term(q.subject), p: term(q.predicate), o: term(q.object) })) } };
  } catch (e) {
    return { ok: false, out: { error: String(e.message || e) } };
  }
}

// offlineLoader refuses every remote document, so expansion never touches the network.
async function offlineLoader(url) {
  throw new Error(`refusing to fetch ${url}: the document must carry its own @context`);
}

async function expand(file) {
  let doc;
  try {
    doc = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    return { ok: false, out: { error: `not JSON: ${e.message}` } };
  }
  try {
    const expanded = await jsonld.expand(doc, { documentLoader: offlineLoader, safe: true });
    return { ok: true, out: { expanded } };
  } catch (e) {
    let detail = "";
    if (e.details) {
      const { cause, ...rest } = e.details;
      detail = ` ${JSON.stringify(rest)}${cause ? ` (cause: ${cause.message || cause})` : ""}`;
    }
    return { ok: false, out: { error: `${e.name || "Error"}: ${e.message}${detail}` } };
  }
}

async function provJSON(file, schemaFile) {
  let doc, schema;
  try {
    schema = JSON.parse(await readFile(schemaFile, "utf8"));
  } catch (e) {
    return { ok: false, out: { valid: false, errors: [`schema ${schemaFile}: ${e.message}`] } };
  }
  try {
    doc = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    return { ok: false, out: { valid: false, errors: [`not JSON: ${e.message}`] } };
  }
  // strict: false because the schema has keywords Ajv does not know (the activity
  // definition lists prov:startTime/prov:endTime beside "properties").
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const valid = validate(doc);
  const errors = valid ? [] : validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`);
  return { ok: valid, out: { valid, errors } };
}

const opts = parseArgs(process.argv.slice(2));
const result = {};
let ok = true;
for (const [key, run] of [
  ["turtle", () => turtle(opts.turtle)],
  ["jsonld", () => expand(opts.jsonld)],
  ["provJSON", () => provJSON(opts.provJSON, opts.schema)],
]) {
  if (!opts[key]) continue;
  const r = await run();
  result[key] = r.out;
  ok = ok && r.ok;
}
// Set the exit status rather than calling process.exit, which would cut off output
// still queued for a pipe.
process.exitCode = ok ? 0 : 1;
process.stdout.write(JSON.stringify(result) + "\n");
