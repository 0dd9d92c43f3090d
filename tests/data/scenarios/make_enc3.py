#!/usr/bin/env python3
"""Writes the scenarios for Q215130, Q212937, Q261874 and Q278357 (see README.md).

Every value is invented: parent/central site CEN (server CENTRAL01), child
sites PR1 and PR2 (servers PR1SRV01, PR2SRV01) in service, a lost child site
PR7 (Q215130) and a deleted secondary site SC4 (Q212937). Logs are
Windows-1252 with CRLF line ends; times are Pacific Daylight Time.
`python3 make_enc3.py` rewrites them byte for byte. Helpers come from
make_vocab.py.
"""
from datetime import datetime, timedelta

from make_vocab import sms, statmsg, write

SCHED = "SMS_SCHEDULER"
SENDER = "SMS_LAN_SENDER"


def sched_log(start, days, lost=None, line=False, every=2):
    """Scheduler noise every `every` hours; with `lost`, a 3400 for it (and,
    with `line`, the missing-address line before it)."""
    out = [statmsg(500, "I", SCHED, start, [])]
    for h in range(0, 24 * days, every):
        t = start + timedelta(hours=h, minutes=1)
        out.append(sms("Checking for new send requests.", SCHED, t, "512 (0x200)"))
        peer = "PR1" if h % 4 == 0 else "PR2"
        out.append(sms(f"Send request 2_00{h % 7}{peer} is now completed.", SCHED, t + timedelta(seconds=2), "512 (0x200)"))
        if lost:
            if line:
                out.append(sms(f"There is no address defined for site {lost}", SCHED, t + timedelta(seconds=3), "512 (0x200)"))
            out.append(statmsg(3400, "W", SCHED, t + timedelta(seconds=4), [lost, "CEN"]))
    return out


def sender_log(start, days, extra=None):
    """LAN Sender noise every five hours; `extra(t)` adds lines to a round."""
    out = []
    for k, h in enumerate(range(0, 24 * days, 5)):
        t = start + timedelta(hours=h)
        peer = "PR1SRV01" if k % 2 == 0 else "PR2SRV01"
        out.append(sms("Checking for site-specific sending capacity.", SENDER, t, "820 (0x334)"))
        if extra:
            out += extra(k, t)
        out.append(sms(f"Sending completed [\\\\{peer}\\SMS_SITE]", SENDER, t + timedelta(minutes=3), "820 (0x334)"))
    return out


def distmgr_noise(start, days):
    out = []
    for h in range(0, 24 * days, 3):
        t = start + timedelta(hours=h, minutes=7)
        out.append(sms("Used 0 out of 3 allowed processing threads.", "SMS_DISTRIBUTION_MANAGER", t, "225 (0xE1)"))
        out.append(sms("Sleeping for 3600 seconds...", "SMS_DISTRIBUTION_MANAGER", t + timedelta(seconds=2), "225 (0xE1)"))
    return out


def q215130():
    start = datetime(2003, 2, 10, 7, 0, 0, 200000)
    write("q215130-noaddress", "sched.log", sched_log(start, 3, "PR7", line=True))
    write("q215130-noaddress", "sender.log", sender_log(start + timedelta(minutes=2), 3))
    write("q215130-healthy", "sched.log", sched_log(start, 3))


def q212937():
    start = datetime(2003, 3, 3, 9, 30, 0, 600000)
    write("q212937-deleted", "sched.log", sched_log(start, 4, "SC4", every=3))
    write("q212937-deleted", "distmgr.log", distmgr_noise(start, 4))


def err487(k, t):
    if k % 3 != 1:
        return []
    return [sms("Error during WNetAddConnection2 to \\\\PR2SRV01\\SMS_SITE (487).", SENDER, t + timedelta(seconds=5), "820 (0x334)")]


def heartbeat(k, t):
    if k not in (5, 11):
        return []
    return [
        sms("Heartbeat is expired.", SENDER, t + timedelta(minutes=1), "1032 (0x408)"),
        sms("Can't re-establish the connection.", SENDER, t + timedelta(minutes=1, seconds=1), "1032 (0x408)"),
        sms("Cannot create/open the remote file \\\\PR1SRV01\\SMS_SITE\\2_4O7PRI.PCK, Win32 error = 32.", SENDER, t + timedelta(minutes=2), "1188 (0x4A4)"),
    ]


def q261874():
    start = datetime(2000, 4, 17, 8, 3, 0, 500000)
    write("q261874-err487", "sender.log", sender_log(start, 3, err487))
    write("q261874-err487", "sched.log", sched_log(start - timedelta(minutes=2), 3))
    write("q261874-healthy", "sender.log", sender_log(start, 3))


def q278357():
    start = datetime(2002, 5, 20, 6, 3, 0, 500000)
    write("q278357-heartbeat", "sender.log", sender_log(start, 4, heartbeat))
    write("q278357-heartbeat", "distmgr.log", distmgr_noise(start, 4))
    write("q278357-healthy", "sender.log", sender_log(start, 4))


if __name__ == "__main__":
    q215130()
    q212937()
    q261874()
    q278357()
