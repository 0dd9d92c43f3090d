#!/usr/bin/env python3
"""Writes the scenarios for the Configuration Manager articles
CM-duplicate-rows-in-distributioncontentversion,
CM-hash-mismatch-error-download-contentinfo-tar and
CM-deployment-package-distribution-fails (see README.md).

Every value is invented: a central administration site CAS (server
CM-CAS01, UTC), primary sites PS1 (CM-PS101, New York, bias +300) and PS2
(CM-PS201, Berlin, bias -60), clients in Seattle (+480) and Berlin. Logs
are CMTrace lines, UTF-8 with CRLF line ends; SQL results are SQL Server
Management Studio copies (tab-separated, NULL for a null) or CSV files.
`python3 make_cmev.py` rewrites them byte for byte.
"""
from datetime import datetime, timedelta
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DAY = datetime(2026, 11, 18)


def write(folder, name, lines, newline="\r\n"):
    os.makedirs(os.path.join(HERE, folder), exist_ok=True)
    with open(os.path.join(HERE, folder, name), "wb") as f:
        f.write((newline.join(lines) + newline).encode("utf-8"))


def cm(msg, comp, utc, bias, thread, kind=1, source=""):
    """A CMTrace line written at UTC time `utc` by a server whose bias is
    `bias` minutes (local = UTC - bias)."""
    t = utc - timedelta(minutes=bias)
    sign = "+" if bias >= 0 else "-"
    time = t.strftime("%H:%M:%S.") + "%03d" % (t.microsecond // 1000) + f"{sign}{abs(bias):03d}"
    date = f"{t.month:02d}-{t.day:02d}-{t.year}"
    return (f'<![LOG[{msg}]LOG]!><time="{time}" date="{date}" component="{comp}" '
            f'context="" type="{kind}" thread="{thread}" file="{source}">')


def statmsg(msg_id, site, server, tid, utc, pkg, istr0):
    g = utc.strftime("%a %b %d %H:%M:%S.") + "%03d" % (utc.microsecond // 1000) + utc.strftime(" %Y")
    strs = " ".join(f'ISTR{i}="{v}"' for i, v in enumerate([istr0, pkg] + [""] * 8))
    return (f'STATMSG: ID={msg_id} SEV=I LEV=M SOURCE="SMS Server" COMP="SMS_DISTRIBUTION_MANAGER" '
            f'SYS={server} SITE={site} PID=2216 TID={tid} GMTDATE={g} {strs} NUMATTRS=1 AID0=400 AVAL0="{pkg}"')


DM = "SMS_DISTRIBUTION_MANAGER"


def distmgr(site, server, bias, start, packages, extra=()):
    """A site's distmgr.log: the main thread, one package processing thread
    per package (started, working, exiting), and `extra` lines
    (offset seconds, message, type) from the main thread."""
    main = 3648
    out = [cm(f"SMS_EXECUTIVE started SMS_DISTRIBUTION_MANAGER as thread ID {main} (0x{main:X})", DM, start, bias, 2496)]
    t = start + timedelta(seconds=2)
    out.append(cm("Starting the content cleanup thread, thread ID = 0x1604 (5636)", DM, t, bias, main))
    out.append(cm("Content cleanup: no orphaned content found.", DM, t + timedelta(seconds=1), bias, 5636))
    for n, (pkg, name) in enumerate(packages):
        t = start + timedelta(minutes=5 + 7 * n, seconds=n)
        tid = 5800 + 16 * n
        out.append(cm(f"Found package properties updated notification for package '{pkg}'", DM, t, bias, main))
        out.append(cm(f"Started package processing thread for package '{pkg}', thread ID = 0x{tid:X} ({tid})", DM, t + timedelta(seconds=1), bias, main))
        out.append(cm(f"Used 1 out of 3 allowed processing threads.", DM, t + timedelta(seconds=1), bias, main))
        out.append(cm(statmsg(2300, site, server, tid, t + timedelta(seconds=2), pkg, name), DM, t + timedelta(seconds=2), bias, tid))
        out.append(cm(f"Start updating the package {pkg}...", DM, t + timedelta(seconds=2), bias, tid))
        out.append(cm(f"Taking package snapshot for package {pkg} from source", DM, t + timedelta(seconds=3), bias, tid))
        out.append(cm(statmsg(2301, site, server, tid, t + timedelta(seconds=40), pkg, name), DM, t + timedelta(seconds=40), bias, tid))
        out.append(cm(f"Exiting package processing thread for package {pkg}.", DM, t + timedelta(seconds=41), bias, tid))
    for offset, msg, kind in extra:
        out.append(cm(msg, DM, start + timedelta(seconds=offset), bias, main, kind))
    out.append(cm("Sleep 3600 seconds...", DM, start + timedelta(minutes=59), bias, main))
    return out


NAL = r'["Display=\\{dp}\"]MSWNET:["SMS_SITE={site}"]\\{dp}\ '.rstrip()


def nal(dp, site):
    return NAL.replace("{dp}", dp).replace("{site}", site)


def tsv(rows):
    return ["\t".join("NULL" if v is None else v for v in r) for r in rows]


def csv_cell(v):
    if v is None:
        return ""
    if any(c in v for c in ',"\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def csv(rows):
    return [",".join(csv_cell(v) for v in r) for r in rows]


def dcv():
    pkgs_ps1 = [("PS100012", "Contoso VPN client"), ("PS100015", "Office LTSC 2024")]
    pkgs_ps2 = [("PS20003A", "Berlin printers")]
    ps1 = distmgr("PS1", "CM-PS101.contoso.com", 300, DAY + timedelta(hours=14), pkgs_ps1)
    ps2 = distmgr("PS2", "CM-PS201.contoso.com", -60, DAY + timedelta(hours=13, minutes=30), pkgs_ps2, extra=[
        (20, "Starting the shared DP reassignment thread, thread ID = 0x9C0C (39948)", 1),
    ])
    dp = "DP07.contoso.com"
    head = ("PkgID", "DPNALPath", "SiteCode", "NALPath", "SMSSiteCode")
    stale = [(p, nal(dp, "PS1"), "PS2", nal(dp, "PS1"), "PS1") for p in ("PS100012", "PS100015", "PS20003A")]
    for folder, rows in (("cm-dcv-reassigned", stale), ("cm-dcv-healthy", [])):
        write(folder, "dcv-detect-cas.tsv", tsv([head] + rows))
        write(folder, "distmgr-ps1.log", ps1)
        write(folder, "distmgr-ps2.log", ps2)
    # The whole table as a CSV file: the moved DP's packages twice.
    table = [("PkgID", "DPNALPath", "SiteCode")]
    for p in ("PS100012", "PS100015"):
        table.append((p, nal(dp, "PS1"), "PS2"))
        table.append((p, nal(dp, "PS1"), "PS1"))
    table.append(("PS100012", nal("DP02.contoso.com", "PS1"), "PS1"))
    table.append(("PS100020", nal("DP02.contoso.com", "PS1"), None))
    write("cm-dcv-table", "dcv-table-ps1.csv", csv(table), newline="\r\n")
    write("cm-dcv-table", "distmgr-ps1.log", ps1)


CTM = "ContentTransferManager"


def ctm(bias, start, host_jobs, failing):
    out = []
    for n, job in enumerate(host_jobs):
        t = start + timedelta(minutes=11 * n)
        out.append(cm(f"Created CTM job {{{job}}} for user S-1-5-18", CTM, t, bias, 4120))
        out.append(cm(f"CTM job {{{job}}} entered phase CCM_DOWNLOADSTATUS_DOWNLOADING_DATA", CTM, t + timedelta(seconds=1), bias, 4120))
        if failing:
            out.append(cm(
                "CCTMJob::_ProcessContentInfo - failed to verify hash (algorithm ID = 32780, provider type = 24). "
                f"Actual value - 9F{n}C2A7D0E4B61F35A8C09D2E7{n}B4F1A6C3D8E05B27F94A1C6E3D0B8F27A5C4E1D9B, "
                f"Computed value - 3B{n}E8F1A4C7D02B95E6A3F8C1D4{n}7B0E9A2F5C8D1E46B3A70F9C2E5D8B1A4F7", CTM, t + timedelta(seconds=4), bias, 4120, kind=3))
            out.append(cm(f"CTM job {{{job}}} encountered a retryable error and will retry later", CTM, t + timedelta(seconds=4), bias, 4120, kind=2))
        else:
            out.append(cm(f"CTM job {{{job}}} successfully processed download completion.", CTM, t + timedelta(seconds=30), bias, 4120))
    return out


def pkgxfer(bias, start):
    comp = "SMS_PACKAGE_TRANSFER_MANAGER"
    out = []
    for n, pkg in enumerate(("PS100031", "PS100032")):
        t = start + timedelta(minutes=3 * n)
        tid = 8360 + 8 * n
        out.append(cm(f"Found send request with ID {12771 + n}, package {pkg}, Version 3, Priority 2, destination CLOUDDP{n + 1:02d}.CLOUDAPP.NET, DPPriority 200", comp, t, bias, 2040))
        out.append(cm(f"Sending thread starting for Job: {12771 + n}, package: {pkg}, Version: 3, Priority: 2, server: CLOUDDP{n + 1:02d}.CLOUDAPP.NET, DPPriority: 200", comp, t + timedelta(seconds=1), bias, tid))
        out.append(cm(f"Sent Contentinfo.tar for package {pkg} to CLOUDDP{n + 1:02d}.CLOUDAPP.NET", comp, t + timedelta(seconds=20), bias, tid))
        out.append(cm(f"Sending thread complete for Job: {12771 + n}", comp, t + timedelta(seconds=21), bias, tid))
    return out


def hashes():
    jobs_a = ["6D1E2A40-5B7C-4E8F-9A01-2B3C4D5E6F70", "A8F1C3D5-E7B9-4A2C-8D6E-0F1A2B3C4D5E"]
    jobs_b = ["0C9B8A7F-6E5D-4C3B-2A19-081726354453"]
    for folder, failing in (("cm-hash-clients", True), ("cm-hash-healthy", False)):
        write(folder, "ContentTransferManager-WKS0142.log", ctm(480, DAY + timedelta(hours=17), jobs_a, failing))
        write(folder, "ContentTransferManager-WKS0871.log", ctm(-60, DAY + timedelta(hours=16, minutes=40), jobs_b, failing))
        write(folder, "PkgXferMgr-ps1.log", pkgxfer(300, DAY + timedelta(hours=15)))


VIEWER_HEAD = "Severity\tType\tSite code\tDate / Time\tSystem\tComponent\tMessage ID\tDescription\tProcess ID\tThread ID"


def viewer_row(sev, kind, site, utc, bias, system, msg_id, text, pid, tid):
    t = utc - timedelta(minutes=bias)
    hour = t.hour % 12 or 12
    stamp = f"{t.month}/{t.day}/{t.year} {hour}:{t.minute:02d}:{t.second:02d} {'AM' if t.hour < 12 else 'PM'}"
    return f"{sev}\t{kind}\t{site}\t{stamp}\t{system}\tSMS_DISTRIBUTION_MANAGER\t{msg_id}\t{text}\t{pid}\t{tid}"


def sources():
    guid = "bfdc178c-6e80-47cb-b698-b34dc39b67f4"
    shared = r"\\SRC01\Source\Updates\SCEP"
    start = DAY + timedelta(hours=9)
    error = (20 * 60 + 5, f'The source directory "{shared}\\{guid}" for package "CAS00042" does not exist.', 3)
    cas_bad = distmgr("CAS", "CM-CAS01.contoso.com", 0, start, [("CAS00050", "Windows 11 updates 2026-11")], extra=[error])
    cas_ok = distmgr("CAS", "CM-CAS01.contoso.com", 0, start, [("CAS00050", "Windows 11 updates 2026-11"), ("CAS00042", "Endpoint Protection definitions")])
    ps1 = distmgr("PS1", "CM-PS101.contoso.com", 300, start + timedelta(minutes=2), [("PS100012", "Contoso VPN client")])
    head = ("PackageID", "Name", "PkgSourcePath", "PackageType")
    shared_rows = [
        ("CAS00042", "Endpoint Protection definitions", shared, "5"),
        ("CAS00043", "Endpoint Protection definitions, servers", shared, "5"),
        ("CAS00050", "Windows 11 updates 2026-11", r"\\SRC01\Source\Updates\Win11-2026-11", "5"),
        ("CAS00007", "Contoso VPN client", r"\\SRC01\Source\Apps\VPN", "0"),
    ]
    own_rows = [
        ("CAS00042", "Endpoint Protection definitions", shared + r"\Workstations", "5"),
        ("CAS00043", "Endpoint Protection definitions, servers", shared + r"\Servers", "5"),
        ("CAS00050", "Windows 11 updates 2026-11", r"\\SRC01\Source\Updates\Win11-2026-11", "5"),
        ("CAS00007", "Contoso VPN client", r"\\SRC01\Source\Updates\SCEP", "0"),
    ]
    viewer = [VIEWER_HEAD]
    for n, pkg in enumerate(("CAS00050", "CAS00051")):
        t = start + timedelta(minutes=5 + 7 * n)
        viewer.append(viewer_row("Information", "Milestone", "CAS", t, 0, "CM-CAS01.contoso.com", 2300,
                                 f'Distribution Manager is beginning to process package "Updates {n}" (package ID = {pkg}).', 2216, 5800 + 16 * n))
        viewer.append(viewer_row("Information", "Milestone", "CAS", t + timedelta(seconds=40), 0, "CM-CAS01.contoso.com", 2301,
                                 f'Distribution Manager successfully processed package "Updates {n}" (package ID = {pkg}).', 2216, 5800 + 16 * n))
    for folder, cas, rows in (("cm-source-shared", cas_bad, shared_rows), ("cm-source-healthy", cas_ok, own_rows)):
        write(folder, "distmgr-cas.log", cas)
        write(folder, "distmgr-ps1.log", ps1)
        write(folder, "update-packages.csv", csv([head] + rows), newline="\r\n")
        write(folder, "status-viewer-cas.txt", viewer)


if __name__ == "__main__":
    dcv()
    hashes()
    sources()
