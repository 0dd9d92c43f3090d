#!/usr/bin/env python3
"""Writes the scenarios for Q267977, Q276259, Q316316 and Q245579 (see README.md).

Every value is invented: central site HQ1, child primary sites C02 and P10,
secondary sites S11 and T31 (third tier), packages HQ1000xx. Logs are
Windows-1252 with CRLF line ends; times are Eastern Standard Time.
`python3 make_enc1.py` rewrites them byte for byte.
"""
from datetime import datetime, timedelta
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ZONE = "Eastern Standard Time"


def write(folder, name, lines, encoding="cp1252"):
    os.makedirs(os.path.join(HERE, folder), exist_ok=True)
    with open(os.path.join(HERE, folder, name), "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode(encoding))


def sms(msg, comp, t, thread="1212 (0x4BC)"):
    stamp = t.strftime("%a %b %d %H:%M:%S.") + "%03d" % (t.microsecond // 1000) + t.strftime(" %Y ") + ZONE
    return f"{msg}  $$<{comp}><{stamp}><thread={thread}>"


def statmsg(msg_id, sev, comp, t, strings, site, system, thread="1212 (0x4BC)"):
    gmt = t + timedelta(hours=5)
    istr = " ".join(f'ISTR{i}="{v}"' for i, v in enumerate(strings + [""] * (10 - len(strings))))
    body = (f'STATMSG: ID={msg_id} SEV={sev} LEV=M SOURCE="SMS Server" COMP="{comp}" SYS={system} '
            f'SITE={site} PID=377 TID=1212 GMTDATE={gmt.strftime("%a %b %d %H:%M:%S.")}{gmt.microsecond // 1000:03d}'
            f'{gmt.strftime(" %Y")} {istr} NUMATTRS=0')
    return sms(body, comp, t, thread)


DM = "SMS_DISTRIBUTION_MANAGER"


def dm_idle(t, thread="1212 (0x4BC)"):
    return [
        sms("Used 0 out of 3 allowed processing threads.", DM, t, thread),
        sms("Sleeping for 3600 seconds...", DM, t + timedelta(seconds=2), thread),
    ]


def dm_decompress_ok(pkg, pkgfile, t, thread="1300 (0x514)"):
    return [
        sms(f"Processing incoming file D:\\SMS\\inboxes\\distmgr.box\\INCOMING\\{pkgfile}.PKG.", DM, t, thread),
        sms(f"Start updating the package {pkg}...", DM, t + timedelta(seconds=1), thread),
        sms(f"Package {pkg} is a new package, add it to the package source table.", DM, t + timedelta(seconds=2), thread),
        sms(f"Decompressing package D:\\SMSPKG\\{pkg}.PCK into D:\\SMSPKGD$\\{pkg}", DM, t + timedelta(seconds=3), thread),
        sms(f"Successfully decompressed package {pkg}.", DM, t + timedelta(seconds=40), thread),
        sms(f"The package and/or program properties for package {pkg} have been updated.", DM, t + timedelta(seconds=42), thread),
    ]


# Q267977: the NT 4.0 child site C02 cannot unpack HQ100012 (long file names,
# built on the Windows 2000 central site HQ1); other packages unpack fine.
def q267977_log(failing):
    out = []
    start = datetime(2002, 3, 11, 7, 10, 0, 150000)
    ok = [("HQ100009", "QX4M1B0A"), ("HQ100010", "RT7P2C1B"), ("HQ100011", "LM3K9D2C")]
    for step in range(0, 4 * 24, 3):
        t = start + timedelta(hours=step, seconds=step % 40)
        out += dm_idle(t)
        if step % 18 == 0:
            pkg, f = ok[(step // 18) % 3]
            out += dm_decompress_ok(pkg, f, t + timedelta(minutes=5))
        if failing and step in (27, 51, 75):
            u = t + timedelta(minutes=20)
            th = "1388 (0x56C)"
            out.append(sms("Processing incoming file D:\\SMS\\inboxes\\distmgr.box\\INCOMING\\ZK2W8F4N.PKG.", DM, u, th))
            out.append(sms("Start updating the package HQ100012...", DM, u + timedelta(seconds=1), th))
            out.append(sms("Decompressing package D:\\SMSPKG\\HQ100012.PCK into D:\\SMSPKGD$\\HQ100012", DM, u + timedelta(seconds=2), th))
            out.append(sms("Failed to write to the output file, Win32 Error = 13", DM, u + timedelta(seconds=31), th))
            out.append(sms("Cannot decompress package D:\\SMSPKG\\HQ100012.PCK to D:\\_S K7Q2P.TMP, CTool return code = 4", DM, u + timedelta(seconds=31), th))
            out.append(statmsg(2321, "E", DM, u + timedelta(seconds=32),
                               ["HQ100012", "D:\\SMSPKG\\HQ100012.PCK", "D:\\_S K7Q2P.TMP"], "C02", "CHILD02", th))
            out.append(sms("Failed to process package HQ100012, will retry later.", DM, u + timedelta(seconds=33), th))
    return out


def q267977_sender():
    out = []
    start = datetime(2002, 3, 11, 7, 40, 0, 700000)
    for h in range(0, 96, 7):
        t = start + timedelta(hours=h)
        out.append(sms("Checking for site-specific sending capacity.", "SMS_LAN_SENDER", t, "604 (0x25C)"))
        out.append(sms("Sending completed [\\\\HQ1SRV\\SMS_SITE]", "SMS_LAN_SENDER", t + timedelta(seconds=3), "604 (0x25C)"))
    return out


def q267977():
    write("q267977-lfn", "distmgr.log", q267977_log(True))
    write("q267977-lfn", "sender.log", q267977_sender())
    write("q267977-healthy", "distmgr.log", q267977_log(False))


# Q276259: the central site HQ1 has an address to its child primary P10 but
# none to T31, a third-tier site below P10.
SCHED = "SMS_SCHEDULER"
SENDER = "SMS_LAN_SENDER"


def q276259_sched(failing):
    out = []
    start = datetime(2002, 2, 4, 6, 5, 0, 330000)
    th = "742 (0x2E6)"
    for step in range(0, 3 * 24 * 2):
        t = start + timedelta(minutes=30 * step, seconds=step % 30)
        out.append(sms("Checking for new send requests.", SCHED, t, th))
        if step % 4 == 0:
            n = step // 4
            out.append(sms(f"Send request 2_{n:03d}P10 is now completed.", SCHED, t + timedelta(seconds=2), th))
        if failing and step % 11 == 5:
            out.append(sms("Cannot create the routing instruction.", SCHED, t + timedelta(seconds=3), th))
    return out


def q276259_sender(failing):
    out = []
    start = datetime(2002, 2, 4, 6, 7, 0, 810000)
    th = "1460 (0x5B4)"
    for step in range(0, 3 * 24 * 2):
        t = start + timedelta(minutes=30 * step, seconds=step % 25)
        out.append(sms("Checking for site-specific sending capacity.", SENDER, t, th))
        if step % 4 == 0:
            n = step // 4
            out.append(sms(f"Found send request. ID: 2_{n:03d}P10, Dest Site: P10", SENDER, t + timedelta(seconds=1), th))
            out.append(sms("Sending completed [\\\\P10SRV01\\SMS_SITE]", SENDER, t + timedelta(seconds=6), th))
        if failing and step >= 6:
            u = t + timedelta(seconds=10)
            out.append(sms("Found send request. ID: 1_H7KQ02, Dest Site: T31", SENDER, u, th))
            out.append(sms("There is no longer an address to destination site T31", SENDER, u + timedelta(seconds=1), th))
            out.append(sms("Returning send request to pending because address cannot not be found.", SENDER, u + timedelta(seconds=1), th))
            out.append(sms("Site T31 added to list of busy sites because there is no available address.", SENDER, u + timedelta(seconds=1), th))
    return out


def q276259():
    write("q276259-norouting", "sched.log", q276259_sched(True))
    write("q276259-norouting", "sender.log", q276259_sender(True))
    write("q276259-healthy", "sched.log", q276259_sched(False))
    write("q276259-healthy", "sender.log", q276259_sender(False))


# Q316316: the central site HQ1 compresses packages for its subsites; the
# source of HQ100031 has multistreamed files.
def q316316_log(failing):
    out = []
    start = datetime(2002, 5, 20, 8, 0, 0, 420000)
    th = "1620 (0x654)"
    for step in range(0, 3 * 24, 2):
        t = start + timedelta(hours=step, seconds=step % 50)
        out += dm_idle(t, "1104 (0x450)")
        if step % 8 == 2:
            pkg = f"HQ10002{step % 10}"
            out.append(sms(f"Start updating the package {pkg}...", DM, t + timedelta(minutes=1), th))
            out.append(sms(f"Compressing package {pkg} from \\\\HQ1SRV\\Source\\{pkg} to D:\\SMSPKG\\{pkg}.PCK", DM, t + timedelta(minutes=1, seconds=1), th))
            out.append(sms(f"Successfully created compressed package {pkg}.", DM, t + timedelta(minutes=2), th))
        if failing and step % 12 == 6:
            u = t + timedelta(minutes=20)
            out.append(sms("Start updating the package HQ100031...", DM, u, th))
            out.append(sms("Compressing package HQ100031 from \\\\HQ1SRV\\Source\\Viewer to D:\\SMSPKG\\HQ100031.PCK", DM, u + timedelta(seconds=1), th))
            out.append(sms("Cannot write to output file, Win32 Error = 998", DM, u + timedelta(seconds=9), th))
            out.append(sms("Failed to process package HQ100031, will retry later.", DM, u + timedelta(seconds=10), th))
    return out


def q316316():
    write("q316316-error998", "distmgr.log", q316316_log(True))
    write("q316316-error998", "sched.log", q276259_sched(False))
    write("q316316-healthy", "distmgr.log", q316316_log(False))
    # The same fault with the Q319207 hotfix files listed at their versions.
    write("q316316-hotfixed", "distmgr.log", q316316_log(True))
    write("q316316-hotfixed", "bin-i386.txt", [
        "Date        Time   Version         Size     File name     Platform",
        "1-Mar-2001  17:25  2.00.1493.3253  527,296  Baseutil.dll  I386",
        "1-Mar-2001  17:45  2.00.1493.3257  231,312  Distmgr.dll   I386",
    ])


# Q245579: the secondary site S11 (below child primary P10, below central
# HQ1) waits for version 3 of HQ10001B's compressed files.
def q245579_log(failing):
    out = []
    start = datetime(2002, 1, 14, 9, 20, 0, 90000)
    th = "388 (0x184)"
    for step in range(0, 3 * 24 * 2, 3):
        t = start + timedelta(minutes=30 * step, seconds=step % 40)
        out += dm_idle(t, "250 (0xFA)")
        if step % 15 == 0:
            out += dm_decompress_ok(f"HQ10001{step % 10}", f"B{step:02d}T4XQ9", t + timedelta(minutes=3), th)
        if failing and step >= 12 and step % 6 == 0:
            n = step // 6
            u = t + timedelta(minutes=9)
            out.append(sms(f"Processing incoming file D:\\SMS\\inboxes\\distmgr.box\\INCOMING\\V{n:02d}K8R2M.PKG.", DM, u, th))
            out.append(sms(f"~Package HQ10001B requires a newer version (3) of source files and the new compressed files hasn't arrived yet, current version is 2, skip D:\\SMS\\inboxes\\distmgr.box\\INCOMING\\V{n:02d}K8R2M.PKG", DM, u + timedelta(seconds=1), th))
            if step >= 100:
                out.append(sms("~Cannot update the package HQ10001B in the package source, error = 8", DM, u + timedelta(seconds=2), th))
    return out


def q245579():
    write("q245579-pileup", "distmgr.log", q245579_log(True))
    write("q245579-healthy", "distmgr.log", q245579_log(False))


if __name__ == "__main__":
    q267977()
    q276259()
    q316316()
    q245579()
