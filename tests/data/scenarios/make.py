#!/usr/bin/env python3
"""Writes the diagnosis scenario inputs (run from this folder: python3 make.py).

Every file is synthetic: SMS 2.0 distmgr.log entries with STATMSG lines, Status
Message Viewer tab-separated exports, regedit exports and file-version listings,
in the shapes ../../../../shared/FORMATS.md describes. Site CEN (server
CENTRAL01) is a central site with child sites PR1, PR2 and PR3; times are
Pacific Daylight Time (UTC-7), June 2004.
"""
import os

ZONE = "Pacific Daylight Time"
DIST = "SMS_DISTRIBUTION_MANAGER"
TEMPLATES = {
    2328: "SMS Distribution Manager failed to copy package {pkg} from {src} to {dp}.",
    2302: "SMS Distribution Manager failed to process package {name} (package ID = {pkg}).",
    2339: "SMS Distribution Manager instructed SMS Scheduler and Sender to send the package information for package {pkg} to child site {child}.",
    2300: "SMS Distribution Manager is beginning to process package \"{name}\" (package ID = {pkg}).",
    2301: "SMS Distribution Manager successfully processed package \"{name}\" (package ID = {pkg}).",
    2321: "SMS Distribution Manager failed to decompress package {pkg}.",
}
SEV = {2328: "E", 2302: "E", 2321: "E", 2339: "I", 2300: "I", 2301: "I"}
DAYS = "Mon Tue Wed Thu Fri Sat Sun".split()


def stamp(day, h, m, s, ms):
    # June 2004: the 7th is a Monday.
    return f"{DAYS[(day - 7) % 7]} Jun {day:02d} {h:02d}:{m:02d}:{s:02d}.{ms:03d} 2004"


def trailer(day, h, m, s, ms, thread=1288):
    return f"$$<{DIST}><{stamp(day, h, m, s, ms)} {ZONE}><thread={thread} (0x{thread:X})>"


def entry(text, t):
    return f"{text}  {trailer(*t)}"


def statmsg(mid, t, istr, site="CEN", system="CENTRAL01", pkg=None):
    day, h, m, s, ms = t
    gh = h + 7
    gday = day + gh // 24
    gmt = stamp(gday, gh % 24, m, s, ms)
    strs = " ".join(f'ISTR{i}="{v}"' for i, v in enumerate(istr))
    rest = " ".join(f'ISTR{i}=""' for i in range(len(istr), 10))
    attrs = f' NUMATTRS=1 AID0=400 AVAL0="{pkg}"' if pkg else " NUMATTRS=0"
    text = (f'STATMSG: ID={mid} SEV={SEV[mid]} LEV=M SOURCE="SMS Server" COMP="{DIST}" '
            f"SYS={system} SITE={site} PID=312 TID=1288 GMTDATE={gmt} {strs} {rest}{attrs}")
    return entry(text, t)


def fail_2328(t, pkg="CEN00012", dp="\\\\DP01\\SMSPKGC$"):
    return [
        entry(f"Start updating the package {pkg}...", t),
        entry(f"Cannot copy package {pkg} to the distribution point {dp}\\{pkg}\\, will retry later.", t),
        statmsg(2328, t, [pkg, "\\\\SRC01\\Packages\\Office2000", f"{dp}\\{pkg}\\"], pkg=pkg),
    ]


def fan_out(t, pkg="CEN00012", children=("PR1", "PR2", "PR3")):
    out = []
    for c in children:
        out.append(entry(f"Package {pkg} information will be sent to child site {c}.", t))
        out.append(statmsg(2339, t, [pkg, c], pkg=pkg))
    return out


def idle(t):
    return [entry("Used 0 out of 3 allowed processing threads.", t)]


def write(path, lines, crlf=True):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    nl = "\r\n" if crlf else "\n"
    with open(path, "wb") as f:
        f.write((nl.join(lines) + nl).encode("cp1252"))


def write_utf16(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(b"\xff\xfe" + ("\r\n".join(lines) + "\r\n").encode("utf-16-le"))


def full_fault_log(retries=3, start_hour=9):
    lines = [entry("SMS Distribution Manager started.", (7, 8, 58, 2, 111)),
             entry("Processing incoming file D:\\SMS\\inboxes\\distmgr.box\\INCOMING\\CEN00012.PKG.", (7, 8, 59, 40, 5))]
    for r in range(retries):
        t = (7, start_hour + r, 5, 12, 201)
        lines += fail_2328(t)
        lines += fan_out((7, start_hour + r, 5, 13, 450))
        lines += idle((7, start_hour + r, 6, 0, 0))
    return lines


# 1. The whole fault in distmgr.log.
write("full-fault/distmgr.log", full_fault_log())

# 2. The same from a status-message export plus a .reg export.
header = "Severity\tType\tSite Code\tDate / Time\tSystem\tComponent\tMessage ID\tDescription"
rows = [header]
for r in range(3):
    h = 9 + r
    rows.append("\t".join(["Error", "Milestone", "CEN", f"6/7/2004 {h}:05:12 AM", "CENTRAL01", DIST, "2328",
                           TEMPLATES[2328].format(pkg="CEN00012", src="\\\\SRC01\\Packages\\Office2000",
                                                  dp="\\\\DP01\\SMSPKGC$\\CEN00012\\")]))
    for c in ("PR1", "PR2"):
        rows.append("\t".join(["Information", "Milestone", "CEN", f"6/7/2004 {h}:05:13 AM", "CENTRAL01", DIST, "2339",
                               TEMPLATES[2339].format(pkg="CEN00012", child=c)]))
write("export-and-reg/status-messages.txt", rows)
write_utf16("export-and-reg/retry-history.reg", [
    "Windows Registry Editor Version 5.00",
    "",
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History]",
    "",
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History\\CEN00012]",
    "\"Retry Count\"=dword:00000003",
    "",
])

# 3. A .reg export alone (REGEDIT4, two packages being retried).
write("reg-only/retry-history.reg", [
    "REGEDIT4",
    "",
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History]",
    "",
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History\\CEN00012]",
    "\"Retry Count\"=dword:00000005",
    "",
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History\\CEN00015]",
    "\"Retry Count\"=dword:00000002",
    "",
])

# 4. No child sites: the package fails and is retried, nothing is sent down.
lines = []
for r in range(3):
    lines += fail_2328((7, 9 + r, 5, 12, 201))
    lines += idle((7, 9 + r, 6, 0, 0))
write("no-child-sites/distmgr.log", lines)

# 5. Patched Distmgr.dll (listing in the KB table's shape) beside failures.
write("patched/distmgr.log", lines)
write("patched/versions.txt", [
    "Date        Time   Version         Size     File name     Platform",
    "1-Mar-2001  17:25  2.00.1493.3253  527,296  Baseutil.dll  I386",
    "1-Mar-2001  17:45  2.00.1493.3257  231,312  Distmgr.dll   I386",
])

# 6. One failure, never retried (the next pass succeeds).
write("no-retries/distmgr.log",
      fail_2328((7, 9, 5, 12, 201)) + idle((7, 9, 6, 0, 0)) + [
          statmsg(2301, (7, 9, 20, 0, 0), ["Office 2000", "CEN00012"], pkg="CEN00012")])

# 7. An unrelated Distribution Manager problem: a package that will not decompress.
write("unrelated/distmgr.log", [
    statmsg(2300, (7, 9, 0, 0, 0), ["Office 2000", "CEN00020"], pkg="CEN00020"),
    entry("Failed to decompress package CEN00020.", (7, 9, 0, 5, 0)),
    statmsg(2321, (7, 9, 0, 5, 0), ["CEN00020"], pkg="CEN00020"),
    statmsg(2300, (7, 10, 0, 0, 0), ["Office 2000", "CEN00020"], pkg="CEN00020"),
    statmsg(2321, (7, 10, 0, 5, 0), ["CEN00020"], pkg="CEN00020"),
])

# 8. Contradiction: a fixed Distmgr.dll (dated 1 March 2001) beside fan-out in 2004.
write("contradictory/distmgr.log", full_fault_log())
write("contradictory/versions.txt", [
    "1-Mar-2001  17:45  2.00.1493.3257  231,312  Distmgr.dll   I386",
])
