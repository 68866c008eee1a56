// Runs slackify-markdown over Lucy's formatter corpus: writes each document's output, then times passes.
// Arguments: peerDir filesJson outputsJson warmupMs measureMs
const path = require('path');
const fs = require('fs');
const [peerDir, filesJson, outputsJson, warmupMs, measureMs] = process.argv.slice(2);
const slackify = require(path.join(peerDir, 'node_modules', 'slackify-markdown'));
const docs = JSON.parse(fs.readFileSync(filesJson, 'utf8')).map(f => fs.readFileSync(f, 'utf8'));
const outputs = docs.map(d => {
  try {
    return { ok: true, text: slackify(d) };
  } catch (e) {
    return { ok: false, error: String(e && e.message || e) };
  }
});
fs.writeFileSync(outputsJson, JSON.stringify(outputs));
const timed = docs.filter((d, i) => outputs[i].ok);
function pass() {
  let chars = 0;
  for (const d of timed) chars += slackify(d).length;
  return chars;
}
let end = Date.now() + Number(warmupMs);
while (Date.now() < end) pass();
let passes = 0;
let sink = 0;
const start = process.hrtime.bigint();
end = Date.now() + Number(measureMs);
while (Date.now() < end) {
  sink += pass();
  passes++;
}
const nanos = Number(process.hrtime.bigint() - start);
console.log(JSON.stringify({ passes, docs: passes * timed.length, nanos, sink }));
