#!/usr/bin/env python3
"""Writes the scenarios for Q235774, Q207416, Q320638 and Q266195 (see README.md).

Every value is invented: central site CEN (server CENTRAL01), child primary
site PR2 (server PR2SRV01), packages CEN000xx. Logs are Windows-1252 with CRLF
line ends; times are Pacific Standard Time. `python3 make_enc2.py` rewrites
them byte for byte.
"""
from datetime import datetime, timedelta
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ZONE = "Pacific Standard Time"
KEPT = r'["Display=\\DP02\"]MSWNET:["SMS_SITE=PR2"]\\DP02\ '.rstrip()


def write(folder, name, lines, encoding="cp1252"):
    os.makedirs(os.path.join(HERE, folder), exist_ok=True)
    with open(os.path.join(HERE, folder, name), "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode(encoding))


def sms(msg, comp, t, thread="1644 (0x66C)"):
    stamp = t.strftime("%a %b %d %H:%M:%S.") + "%03d" % (t.microsecond // 1000) + t.strftime(" %Y ") + ZONE
    return f"{msg}  $$<{comp}><{stamp}><thread={thread}>"


def normal_package(n, comp, t, thread):
    pkg = f"CEN0002{n}"
    msgs = [
        f"Processing incoming file C:\\SMS\\inboxes\\distmgr.box\\INCOMING\\A{n}B7C2D9.PKG.",
        f"Updated replicated package info for package {pkg}",
        f"No changed detected for package server {KEPT} for package {pkg}, no need to update",
        f"Finished processing package {pkg}.",
    ]
    return [sms(m, comp, t + timedelta(seconds=1 + k), thread) for k, m in enumerate(msgs)]


def sender_log(folder, start, days):
    """SMS_LAN_SENDER noise over the same days."""
    out = []
    comp = "SMS_LAN_SENDER"
    for h in range(0, 24 * days, 3):
        t = start + timedelta(hours=h, minutes=4, seconds=h % 40)
        out.append(sms("Checking for sending capacity.", comp, t, "733 (0x2DD)"))
        out.append(sms(f"Sending completed [D:\\SMS\\INBOXES\\SCHEDULE.BOX\\TOSEND\\0000{h % 10}A1B.PCK]",
                       comp, t + timedelta(seconds=6), "733 (0x2DD)"))
    write(folder, "sender.log", out)


# Q235774: the child site PR2 keeps package CEN00057, deleted at CEN while PR2
# was offline.
def q235774(folder, orphan):
    out = []
    start = datetime(2002, 3, 4, 7, 10, 0, 250000)
    comp = "SMS_DISTRIBUTION_MANAGER"
    for step in range(0, 3 * 24 * 2, 3):
        t = start + timedelta(minutes=30 * step, seconds=step % 30)
        out.append(sms("Used 0 out of 3 allowed processing threads.", comp, t, "402 (0x192)"))
        if step % 9 == 0:
            out += normal_package(step % 4, comp, t, "402 (0x192)")
        if orphan and step % 6 == 0:
            out.append(sms("Updated replicated package info for package CEN00057", comp, t + timedelta(seconds=8), "402 (0x192)"))
            out.append(sms("~SQL Msg #3606> Arithmetic overflow occurred.~", comp, t + timedelta(seconds=9), "402 (0x192)"))
            out.append(sms("~SQL Msg #99901> This PkgID (CEN00057) does not exist in the parent table, SMSPackages.~",
                           comp, t + timedelta(seconds=9), "402 (0x192)"))
        out.append(sms("Sleeping for 3600 seconds...", comp, t + timedelta(seconds=15), "402 (0x192)"))
    write(folder, "distmgr.log", out)
    sender_log(folder, start, 3)


# Q207416: at CEN, new package CEN00061 takes its source from C:\TEMP\SETUP,
# which an Explorer window keeps open; Distribution Manager retries hourly.
def q207416(folder, locked):
    out = []
    start = datetime(2000, 10, 9, 8, 20, 0, 600000)
    comp = "SMS_DISTRIBUTION_MANAGER"
    th = "1244 (0x4DC)"
    for step in range(0, 2 * 24):
        t = start + timedelta(hours=step, seconds=step % 45)
        out.append(sms("Used 0 out of 3 allowed processing threads.", comp, t, th))
        if step % 7 == 2:
            out += normal_package(step % 4, comp, t, th)
        if step >= 3 if locked else step == 3:
            out.append(sms("Start adding package CEN00061...", comp, t + timedelta(seconds=7), th))
            if locked:
                out.append(sms("The source directory C:\\TEMP\\SETUP for package CEN00061 will be compressed", comp, t + timedelta(seconds=8), th))
                out.append(sms("Error 32: The process cannot access the file because it is being used by another process.", comp, t + timedelta(seconds=9), th))
                out.append(sms("Failed to process package CEN00061, will retry later", comp, t + timedelta(seconds=9), th))
            else:
                out.append(sms("The source directory C:\\PKGSRC\\SETUP for package CEN00061 will be compressed", comp, t + timedelta(seconds=8), th))
                out.append(sms("Finished processing package CEN00061.", comp, t + timedelta(seconds=12), th))
        out.append(sms("Sleeping for 3600 seconds...", comp, t + timedelta(seconds=15), th))
    write(folder, "distmgr.log", out)
    sender_log(folder, start, 2)


def replmgr_log(folder, start, days):
    """SMS_REPLICATION_MANAGER noise over the same days."""
    out = []
    comp = "SMS_REPLICATION_MANAGER"
    for h in range(0, 24 * days, 2):
        t = start + timedelta(hours=h, minutes=12, seconds=h % 50)
        out.append(sms("Processing replication objects in D:\\SMS\\inboxes\\replmgr.box\\outbound\\normal", comp, t, "566 (0x236)"))
        out.append(sms("Sleeping for 1800 seconds...", comp, t + timedelta(seconds=3), "566 (0x236)"))
    write(folder, "replmgr.log", out)


# Q320638: at CEN, the Scheduler's UID token files were deleted; every cycle
# it skips the Inter Site Replication minijobs of jobs JYF3B7Z and JYF3B80.
def q320638(folder, tokens_gone):
    out = []
    start = datetime(2002, 6, 17, 6, 45, 0, 150000)
    comp = "SMS_SCHEDULER"
    th = "512 (0x200)"
    for step in range(0, 2 * 24):
        t = start + timedelta(hours=step, seconds=step % 40)
        out.append(sms("Checking for new send requests.", comp, t, th))
        out.append(sms("Send request 2_003PR1 is now completed.", comp, t + timedelta(seconds=2), th))
        for k, job in enumerate(["JYF3B7Z", "JYF3B80"]):
            head = f'<JOB {job}>~ Updating status of minijob "Inter Site Replication".~ Need to generate send request for minijob.~ '
            tail = ("Skipping minijob. Could not retrieve the request ID" if tokens_gone
                    else f"Generated send request 0000{step:02d}{k}1 for minijob.")
            out.append(sms(head + tail, comp, t + timedelta(seconds=4 + k), th))
    write(folder, "sched.log", out)
    replmgr_log(folder, start, 2)


# Q266195: at CEN, Schedule.box\\Uid is empty; new package CEN00075 is never
# sent to the child sites.
def q266195(folder, uid_empty):
    out = []
    start = datetime(2000, 8, 21, 9, 5, 0, 700000)
    comp = "SMS_SCHEDULER"
    th = "488 (0x1E8)"
    for step in range(0, 3 * 12):
        t = start + timedelta(hours=2 * step, seconds=step % 40)
        out.append(sms("Checking for new send requests.", comp, t, th))
        if step % 5 == 1:
            out.append(sms("Send request 2_003PR1 is now completed.", comp, t + timedelta(seconds=2), th))
        if uid_empty:
            out.append(sms("Skipping minijob. Could not retrieve the request ID", comp, t + timedelta(seconds=4), th))
            out.append(sms("Error. Could not give send request to scheduler. Possibly could not reach the schedule box on the site server. Skipping minijob.",
                           comp, t + timedelta(seconds=4), th))
        elif step == 0:
            out.append(sms("Send request 2_004PR1 for package CEN00075 created.", comp, t + timedelta(seconds=4), th))
    write(folder, "sched.log", out)
    sender_log(folder, start, 3)


if __name__ == "__main__":
    q235774("q235774-orphan", True)
    q235774("q235774-healthy", False)
    q207416("q207416-locked", True)
    q207416("q207416-healthy", False)
    q320638("q320638-tokens", True)
    q320638("q320638-healthy", False)
    q266195("q266195-uid", True)
    q266195("q266195-healthy", False)
