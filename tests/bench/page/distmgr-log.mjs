// The benchmark's input: a deterministic SMS 2.0 distmgr.log with the same
// line shapes as crates/engine/src/sample.rs (half the lines STATMSG lines
// with IDs 2300, 2328, 2302, 2339 in turn, the rest ordinary Distribution
// Manager lines, every line with its `$$<...>` trailer, CRLF line ends), so the
// browser and the native benchmarks read the same kind of text.
// Pure: works in a page and in node.

const IDS = [[2300, 'I'], [2328, 'E'], [2302, 'E'], [2339, 'I']];

const pad = (value, width) => String(value).padStart(width, '0');

/** Line `n` of the log (0-based), CRLF included. */
export function distmgrLine(n) {
  const ms = n % 1000;
  const sec = Math.floor(n / 1000) % 60;
  const min = Math.floor(n / 60000) % 60;
  const pkg = pad(n % 97, 5);
  const trailer = `$$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:${pad(min, 2)}:${pad(sec, 2)}.${pad(ms, 3)} 2004 Pacific Daylight Time><thread=1288 (0x508)>`;
  if (n % 2 === 0) {
    const [id, sev] = IDS[(n / 2) % 4];
    return `STATMSG: ID=${id} SEV=${sev} LEV=M SOURCE="SMS Server" COMP="SMS_DISTRIBUTION_MANAGER" SYS=CENTRAL1 SITE=CEN PID=312 TID=1288 GMTDATE=Mon Jun 07 23:${pad(min, 2)}:${pad(sec, 2)}.${pad(ms, 3)} 2004 ISTR0="CEN${pkg}" ISTR1="PR${n % 7}" ISTR2="" ISTR3="" ISTR4="" ISTR5="" ISTR6="" ISTR7="" ISTR8="" ISTR9="" NUMATTRS=1 AID0=400 AVAL0="CEN${pkg}"  ${trailer}\r\n`;
  }
  if (n % 3 === 0) return `Used 0 out of 3 allowed processing threads.  ${trailer}\r\n`;
  return `Processing incoming file C:\\SMS\\inboxes\\distmgr.box\\INCOMING\\CEN${pkg}.PKG.  ${trailer}\r\n`;
}

/**
 * The log: lines until it is at least `bytes` long (as parse.rs does), or
 * exactly `lines` lines. Returns { text, lines }.
 */
export function distmgrLog({ bytes = Infinity, lines = Infinity }) {
  const parts = [];
  let length = 0;
  let n = 0;
  while (length < bytes && n < lines) {
    const line = distmgrLine(n);
    parts.push(line);
    length += line.length;
    n += 1;
  }
  return { text: parts.join(''), lines: n };
}
