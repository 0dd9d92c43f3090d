#!/usr/bin/env python3
"""Writes the scenarios for Q309381, Q318834, Q326045 and Q242490 (see README.md).

Every value is invented: central site CEN with child site PR1, packages
CEN00020..CEN00023 and CEN00050..CEN00052 processed normally, SR30002F (the
package of Q326045, named as in the article) and CEN00047 (removed from the
common share PKGSHARE). Logs are Windows-1252 with CRLF line ends; times are
Pacific Daylight Time. `python3 make_enc4.py` rewrites them byte for byte.
"""
from datetime import datetime, timedelta

from make_vocab import sms, write, normal_messages

DM = "SMS_DISTRIBUTION_MANAGER"
SENDER = "SMS_LAN_SENDER"


def sender_log(start, days):
    out = []
    for h in range(0, 24 * days, 5):
        t = start + timedelta(hours=h)
        out.append(sms("Checking for site-specific sending capacity.", SENDER, t, "820 (0x334)"))
        out.append(sms("Sending completed [\\\\PR1SRV01\\SMS_SITE]", SENDER, t + timedelta(seconds=4), "820 (0x334)"))
    return out


def listing(rows):
    out = ["Date        Time   Version         Size       File name     Platform"]
    for date, time, version, size, name in rows:
        out.append(f"{date}  {time}  {version}  {size:>9}  {name:<12}  I386")
    return out


NOISE_FILES = [
    ("14-Jan-2001", "11:02", "2.00.1493.3000", "94,480", "Sitecomp.exe"),
    ("14-Jan-2001", "11:02", "2.00.1493.3000", "40,208", "Smsexec.exe"),
    ("14-Jan-2001", "11:05", "2.00.1493.3000", "210,704", "Statmgr.dll"),
    ("14-Jan-2001", "11:05", "2.00.1493.3000", "118,544", "Sender.dll"),
]


def q309381():
    # Distmgr.dll from SP3 with an earlier hotfix: below every table that lists it.
    rows = NOISE_FILES[:2] + [("12-Feb-2001", "09:40", "2.00.1493.3182", "229,648", "Distmgr.dll")] + NOISE_FILES[2:]
    write("q309381-old-distmgr", "versions.txt", listing(rows))
    write("q309381-old-distmgr", "sender.log", sender_log(datetime(2002, 9, 16, 7, 12, 0, 500000), 3))


def q318834():
    # The Q309381 hotfix is in (Distmgr.dll 3197), Baseutil.dll is older than 3240.
    rows = NOISE_FILES[:2] + [
        ("1-Mar-2001", "20:45", "2.00.1493.3197", "230,800", "Distmgr.dll"),
        ("14-Jan-2001", "11:04", "2.00.1493.3150", "525,760", "Baseutil.dll"),
    ] + NOISE_FILES[2:]
    write("q318834-old-baseutil", "versions.txt", listing(rows))
    write("q318834-old-baseutil", "sender.log", sender_log(datetime(2002, 9, 23, 6, 40, 0, 250000), 3))
    rows = NOISE_FILES[:2] + [
        ("1-Mar-2001", "17:25", "2.0.1493.3241", "231,312", "Distmgr.dll"),
        ("1-Mar-2001", "17:20", "2.0.1493.3240", "526,272", "Baseutil.dll"),
    ] + NOISE_FILES[2:]
    write("q318834-patched", "versions.txt", listing(rows))


def add_package(pkg, size, comp_size, t):
    msgs = [
        f"Start adding package {pkg}...",
        f"Package {pkg} uses the compressed copy of the source directory.",
        f"Package {pkg} doesn't have a compressed copy of the source directory, starting the compression.",
        f"The size of package {pkg} is {size} KBytes",
        f"Compressing package source directory for package {pkg}",
        f"The compressed size of package {pkg} is {comp_size} KBytes",
        f"Successfully created/updated the package {pkg}",
    ]
    gaps = [0, 1, 2, 3, 4, 95, 97]
    return [sms(m, DM, t + timedelta(seconds=g), "1416 (0x588)") for m, g in zip(msgs, gaps)]


def size_log(wrong):
    out = []
    start = datetime(2002, 8, 19, 7, 0, 0, 410000)
    added = {
        9: ("CEN00050", 48213, 30117),
        23: ("SR30002F", 1 if wrong else 26877, 19821),
        40: ("CEN00051", 3120, 1884),
    }
    for step in range(0, 3 * 24, 2):
        t = start + timedelta(hours=step)
        out.append(sms("Used 0 out of 3 allowed processing threads.", DM, t, "1416 (0x588)"))
        if step % 6 == 0:
            for k, m in enumerate(normal_messages(step % 4)):
                out.append(sms(m, DM, t + timedelta(seconds=5 + k), "1416 (0x588)"))
        for at, (pkg, size, comp) in added.items():
            if step <= at < step + 2:
                out += add_package(pkg, size, comp, t + timedelta(minutes=20))
    return out


def q326045():
    write("q326045-onekb", "distmgr.log", size_log(True))
    write("q326045-onekb", "sender.log", sender_log(datetime(2002, 8, 19, 7, 3, 0, 500000), 3))
    write("q326045-healthy", "distmgr.log", size_log(False))


def removal(pkg, t, stuck):
    th = "2260 (0x8D4)"
    out = [
        sms(f"Start deleting the package {pkg}...", DM, t, th),
        sms(f"Removing package {pkg} from distribution point \\\\PR1DP02\\PKGSHARE", DM, t + timedelta(seconds=1), th),
    ]
    if not stuck:
        out.append(sms(f"Removed share PKGSHARE on \\\\PR1DP02 for package {pkg}", DM, t + timedelta(seconds=2), th))
    out.append(sms(f"Successfully deleted the package {pkg}", DM, t + timedelta(seconds=3), th))
    if stuck:
        # The article: DistMgr tries to remove the share a number of times.
        for k in range(5):
            out.append(sms("The package share directory E:\\PKGSHARE is not empty, cannot remove the share PKGSHARE.",
                           DM, t + timedelta(minutes=1 + 20 * k, seconds=4), th))
    return out


def share_log(stuck):
    out = []
    start = datetime(2002, 7, 8, 8, 15, 0, 620000)
    for step in range(0, 3 * 24, 3):
        t = start + timedelta(hours=step)
        out.append(sms("Used 0 out of 3 allowed processing threads.", DM, t, "1416 (0x588)"))
        if step % 9 == 0:
            for k, m in enumerate(normal_messages(step % 4)):
                out.append(sms(m, DM, t + timedelta(seconds=5 + k), "1416 (0x588)"))
        if step == 27:
            out += removal("CEN00047", t + timedelta(minutes=10), stuck)
    return out


def q242490():
    write("q242490-share", "distmgr.log", share_log(True))
    write("q242490-share", "sender.log", sender_log(datetime(2002, 7, 8, 8, 3, 0, 500000), 3))
    write("q242490-healthy", "distmgr.log", share_log(False))


if __name__ == "__main__":
    q309381()
    q318834()
    q326045()
    q242490()
