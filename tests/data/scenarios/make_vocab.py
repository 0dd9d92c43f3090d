#!/usr/bin/env python3
"""Writes the scenarios for Q319189, Q235184 and Q324204 (see README.md).

Every value is invented: central site CEN, a removed child site PR9 (server
PR9SRV01), package CEN00034 stuck in a loop, other packages CEN00020..CEN00023
processed normally. Logs are Windows-1252 with CRLF line ends; times are
Pacific Daylight Time. `python3 make_vocab.py` rewrites them byte for byte.
"""
from datetime import datetime, timedelta
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ZONE = "Pacific Daylight Time"
PKG = r"C:\SMS\inboxes\distmgr.box\INCOMING\K7Q2M4ZD.PKG"
GONE = r'["Display=\\PR9SRV01\"]MSWNET:["SMS_SITE=PR9"]\\PR9SRV01\ '.rstrip()
KEPT = r'["Display=\\DP02\"]MSWNET:["SMS_SITE=PR1"]\\DP02\ '.rstrip()


def write(folder, name, lines, encoding="cp1252"):
    os.makedirs(os.path.join(HERE, folder), exist_ok=True)
    with open(os.path.join(HERE, folder, name), "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode(encoding))


def sms(msg, comp, t, thread="1644 (0x66C)"):
    stamp = t.strftime("%a %b %d %H:%M:%S.") + "%03d" % (t.microsecond // 1000) + t.strftime(" %Y ") + ZONE
    return f"{msg}  $$<{comp}><{stamp}><thread={thread}>"


def cmtrace(msg, comp, t, kind=1):
    time = t.strftime("%H:%M:%S.") + "%03d" % (t.microsecond // 1000) + "+420"
    date = f"{t.month}-{t.day}-{t.year}"
    return (f'<![LOG[{msg}]LOG]!><time="{time}" date="{date}" component="{comp}" '
            f'context="" type="{kind}" thread="1644" file="">')


def loop_messages():
    """The stuck package's round, as our distmgr.log shows it."""
    return [
        f"Processing incoming file {PKG}.",
        "Updated replicated package info for package CEN00034",
        f"No changed detected for package server {KEPT} for package CEN00034, no need to update",
        "SQL Err #10007> General SQL Server error: Check messages from the SQL Server.~",
        "~SQL Msg #99901> This SiteCode (PR9) does not exist in the parent table, Sites.~",
        f"Cannot update the package server {GONE} for package CEN00034, error = 3",
    ]


def normal_messages(n):
    pkg = f"CEN0002{n}"
    return [
        f"Processing incoming file C:\\SMS\\inboxes\\distmgr.box\\INCOMING\\A{n}B7C2D9.PKG.",
        f"Updated replicated package info for package {pkg}",
        f"No changed detected for package server {KEPT} for package {pkg}, no need to update",
        f"Finished processing package {pkg}.",
    ]


def dm_log(fmt, looping):
    out = []
    start = datetime(2002, 10, 14, 8, 0, 0, 120000)
    comp = "SMS_DISTRIBUTION_MANAGER"
    t = start
    # Three days; the loop comes round whenever the Incoming folder changes.
    for step in range(0, 3 * 24 * 3, 7):
        t = start + timedelta(minutes=20 * step, seconds=step % 50)
        out.append(fmt("Used 0 out of 3 allowed processing threads.", comp, t))
        if step % 5 == 0:
            for k, m in enumerate(normal_messages(step % 4)):
                out.append(fmt(m, comp, t + timedelta(seconds=1 + k)))
        if looping:
            for k, m in enumerate(loop_messages()):
                out.append(fmt(m, comp, t + timedelta(seconds=10 + k)))
        out.append(fmt("Sleeping for 3600 seconds...", comp, t + timedelta(seconds=20)))
    return out


def sender_log():
    out = []
    start = datetime(2002, 10, 14, 8, 3, 0, 500000)
    for h in range(0, 72, 5):
        t = start + timedelta(hours=h)
        out.append(sms("Checking for site-specific sending capacity.", "SMS_LAN_SENDER", t, "820 (0x334)"))
        out.append(sms("Sending completed [\\\\PR1SRV01\\SMS_SITE]", "SMS_LAN_SENDER", t + timedelta(seconds=4), "820 (0x334)"))
    return out


def q319189():
    write("q319189-loop", "distmgr.log", dm_log(sms, True))
    write("q319189-loop", "sender.log", sender_log())
    write("q319189-cmtrace", "distmgr.log", dm_log(cmtrace, True))
    write("q319189-healthy", "distmgr.log", dm_log(sms, False))
    write("q319189-paste", "from-the-admin.txt", [
        "Hi, distmgr keeps doing this on our central server since we took PR9 out:",
        "",
        f"  ~Processing incoming file {PKG}.",
        "  ~Updated replicated package info for package CEN00034",
        "  ~SQL Err #10007> General SQL Server error: Check messages from the SQL",
        "  Server.~",
        "  ~SQL Msg #99901> This SiteCode (PR9) does not exist in the parent table,",
        "  Sites.~",
        "  ~Cannot update the package server",
        f"  {GONE} for package",
        "  CEN00034, error = 3",
        "",
        "Any idea? Thanks.",
    ])


def reg(folder, flags):
    lines = [
        "REGEDIT4",
        "",
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER]",
        '"Thread Limit"=dword:00000003',
        '"Retry Delay"=dword:0000003c',
        '"Number of Retries"=dword:00000064',
    ]
    if flags is not None:
        lines.append(f'"Reserved Flags"=dword:{flags:08x}')
    lines += [
        "",
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_SCHEDULER]",
        '"Thread Limit"=dword:00000005',
        "",
    ]
    write(folder, "distmgr-component.reg", lines)


def q235184():
    reg("q235184-default", None)
    reg("q235184-overwrite", 1)


def q324204():
    out = []
    start = datetime(2002, 9, 2, 6, 0, 0, 250000)
    comp = "SMS_COLLECTION_EVALUATOR"
    for day in range(2):
        t = start + timedelta(days=day)
        out.append(sms("Processing file A0100015.UDC", comp, t, "2104 (0x838)"))
        out.append(sms("Update flags for collection: 0xF, ChangeCount=1", comp, t + timedelta(seconds=1), "2104 (0x838)"))
        out.append(sms("Collection A0100015 refreshed.", comp, t + timedelta(minutes=2), "2104 (0x838)"))
        t = t + timedelta(hours=1)
        out.append(sms("**********~Processing file A01001F3.UDC", comp, t, "2104 (0x838)"))
        for k in range(18):
            out.append(sms("Waiting to recover from SQL Error...", comp, t + timedelta(minutes=1 + k), "2104 (0x838)"))
        out.append(sms("CCollectionSource_SQL::RefreshResults - query timed out. Cmd = insert into Temp1__RES_COLL_A01001F3 (MachineID,Name) select all...", comp, t + timedelta(minutes=19), "2104 (0x838)"))
        out.append(sms("Could not refresh results for collection A01001F3.", comp, t + timedelta(minutes=19, seconds=1), "2104 (0x838)"))
    write("q324204-timeout", "colleval.log", out)


def q244405():
    out = []
    start = datetime(2002, 11, 4, 7, 30, 0, 300000)
    comp = "SMS_DISTRIBUTION_MANAGER"
    for step in range(0, 2 * 24 * 2, 3):
        t = start + timedelta(minutes=30 * step)
        out.append(sms("Used 0 out of 3 allowed processing threads.", comp, t, "225 (0xE1)"))
        if step == 27:
            out.append(sms("~Starting package processing thread, thread ID = 297", comp, t + timedelta(seconds=1), "225 (0xE1)"))
            out.append(sms("Start deleting the package CEN00041...", comp, t + timedelta(seconds=2), "297 (0x129)"))
            out.append(sms("~Successfully deleted the package CEN00041", comp, t + timedelta(seconds=3), "297 (0x129)"))
        if step % 9 == 0:
            for k, m in enumerate(normal_messages(step % 4)):
                out.append(sms(m, comp, t + timedelta(seconds=5 + k), "225 (0xE1)"))
    write("q244405-deleted", "distmgr.log", out)


def statmsg(msg_id, sev, comp, t, strings):
    gmt = t + timedelta(hours=8)
    istr = " ".join(f'ISTR{i}="{v}"' for i, v in enumerate(strings + [""] * (10 - len(strings))))
    body = (f'STATMSG: ID={msg_id} SEV={sev} LEV=M SOURCE="SMS Server" COMP="{comp}" SYS=CENTRAL01 '
            f'SITE=CEN PID=408 TID=512 GMTDATE={gmt.strftime("%a %b %d %H:%M:%S.")}{gmt.microsecond // 1000:03d}'
            f'{gmt.strftime(" %Y")} {istr} NUMATTRS=0')
    return sms(body, comp, t, "512 (0x200)")


def sched_log(folder, with_3400):
    out = []
    start = datetime(2002, 11, 12, 6, 15, 0, 400000)
    comp = "SMS_SCHEDULER"
    out.append(statmsg(500, "I", comp, start, []))
    for h in range(0, 48, 2):
        t = start + timedelta(hours=h, minutes=1)
        out.append(sms("Checking for new send requests.", comp, t, "512 (0x200)"))
        out.append(sms("Send request 2_003PR1 is now completed.", comp, t + timedelta(seconds=2), "512 (0x200)"))
        if with_3400:
            out.append(statmsg(3400, "W", comp, t + timedelta(seconds=3), ["SX1", "CEN"]))
    write(folder, "sched.log", out)


if __name__ == "__main__":
    q319189()
    q235184()
    q324204()
    q244405()
    sched_log("q264171-noaddress", True)
    sched_log("q264171-healthy", False)
