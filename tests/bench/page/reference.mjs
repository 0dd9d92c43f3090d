// The JavaScript reference of the browser benchmark: the extraction a web
// developer would write by hand for Q319207's distmgr.log evidence, to compare
// kbwiz's wasm engine against in the same page. Idiomatic and straightforward
// on purpose (split the text into lines, one regular expression for the SMS
// 2.0 `$$<component><time><thread=...>` trailer of every line, one for the
// STATMSG fields), not tuned and not deliberately slow.
//
// It groups the three messages of the article (2328 and 2302: a local
// distribution point was not updated; 2339: package sent to a child site) by
// package ID, and 2339 also by child site. The package ID comes from attribute
// 400 when the line has it, else from the message's insertion strings in the
// order of its KB template, as kbwiz does.
// Pure: works in a page and in node.

/** The article's message IDs, with the insertion string holding the package ID. */
const PACKAGE_ISTR = { 2328: 0, 2302: 1, 2339: 0 };
export const IDS = Object.keys(PACKAGE_ISTR).map(Number);

const TRAILER = /\$\$<([^>]*)><([^>]*)><thread=(\d+)[^>]*>$/;
const STATMSG = /^STATMSG: ID=(\d+) SEV=(\w) .*? SITE=(\w+) .*?GMTDATE=(\w{3} \w{3} \d\d \d\d:\d\d:\d\d\.\d{3} \d{4})/;
const ISTR = /ISTR(\d)="([^"]*)"/g;
const PACKAGE_ATTR = /AID(\d+)=400 AVAL\1="([^"]*)"/;

/**
 * Extract from distmgr.log text. Returns
 * { lines, entries, statmsgs, messages: { ID: { PACKAGE: { count, first, last, children: { SITE: count } } } } }
 * where first/last are the trailer times of the first and last occurrence.
 */
export function extract(text) {
  const groups = new Map(IDS.map((id) => [id, new Map()]));
  let lines = 0;
  let entries = 0;
  let statmsgs = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue;
    lines += 1;
    const trailer = TRAILER.exec(line);
    if (!trailer) continue;
    entries += 1;
    const time = trailer[2];
    const body = line.slice(0, trailer.index);
    const m = STATMSG.exec(body);
    if (!m) continue;
    statmsgs += 1;
    const id = Number(m[1]);
    const byPackage = groups.get(id);
    if (!byPackage) continue;
    const strings = [];
    for (const s of body.matchAll(ISTR)) strings[Number(s[1])] = s[2];
    const attr = PACKAGE_ATTR.exec(body);
    const pkg = attr ? attr[2] : strings[PACKAGE_ISTR[id]];
    if (!pkg) continue;
    let group = byPackage.get(pkg);
    if (!group) {
      group = { count: 0, first: time, last: time, children: new Map() };
      byPackage.set(pkg, group);
    }
    group.count += 1;
    group.last = time;
    if (id === 2339 && strings[1]) group.children.set(strings[1], (group.children.get(strings[1]) || 0) + 1);
  }
  const messages = {};
  for (const [id, byPackage] of groups) {
    messages[id] = {};
    for (const [pkg, g] of byPackage) {
      messages[id][pkg] = { count: g.count, first: g.first, last: g.last, children: Object.fromEntries(g.children) };
    }
  }
  return { lines, entries, statmsgs, messages };
}

/**
 * The same grouping (counts only) from `kbwiz.scan`'s JSON, to check the
 * reference against the engine: { ID: { PACKAGE: { count, children } } }.
 */
export function groupScan(scan) {
  const out = Object.fromEntries(IDS.map((id) => [id, {}]));
  for (const e of scan.evidence) {
    if (e.kind !== 'status_message' || !(e.id in out) || !e.package_id) continue;
    const g = (out[e.id][e.package_id] ||= { count: 0, children: {} });
    g.count += 1;
    if (e.id === 2339 && e.child_site) g.children[e.child_site] = (g.children[e.child_site] || 0) + 1;
  }
  return out;
}

/** `extract`'s messages without the times, for comparing with `groupScan`. */
export function countsOnly(messages) {
  const out = {};
  for (const [id, byPackage] of Object.entries(messages)) {
    out[id] = {};
    for (const [pkg, g] of Object.entries(byPackage)) out[id][pkg] = { count: g.count, children: g.children };
  }
  return out;
}
