// Validates an RDF file against SHACL shapes with rdf-validate-shacl (a SHACL Core engine in JavaScript) and
// prints one JSON object: {"conforms": bool, "results": [{"focus", "path", "shape", "component", "message"}]}.
// Exit code 2 (and the error on stderr) when the engine cannot load the shapes or stops. Used by
// tests/test_shacl_core.py.   Usage: node shacl-run.mjs DATA.ttl SHAPES.ttl
import rdf from "@zazuko/env-node";
import SHACLValidator from "rdf-validate-shacl";

async function main() {
  const [dataFile, shapesFile] = process.argv.slice(2);
  if (!dataFile || !shapesFile) {
    console.error("usage: node shacl-run.mjs DATA.ttl SHAPES.ttl");
    process.exit(2);
  }
  const shapes = await rdf.dataset().import(rdf.fromFile(shapesFile));
  const data = await rdf.dataset().import(rdf.fromFile(dataFile));
  const report = await new SHACLValidator(shapes, { factory: rdf }).validate(data);
  const value = (term) => (term ? term.value : null);
  const results = report.results.map((r) => ({
    focus: value(r.focusNode), path: value(r.path), shape: value(r.sourceShape),
    component: value(r.sourceConstraintComponent), message: r.message.map((m) => m.value).join(" "),
  }));
  console.log(JSON.stringify({ conforms: report.conforms, results }));
}

main().catch((error) => {
  console.error(String(error && error.stack ? error.stack : error));
  process.exit(2);
});
