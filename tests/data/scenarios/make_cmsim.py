#!/usr/bin/env python3
"""Writes the scenarios for CM-components-and-threads (see README.md).

Every value is invented: primary site PS1 on PS1SITE.CONTOSO.COM, twelve
standard distribution points PS1DP01..PS1DP12.CONTOSO.COM, packages
PS100021..PS100032. distmgr.log is in CMTrace format, times Eastern Standard
Time (bias +300), UTF-8 with CRLF line ends, as the site server writes it.
The log lines are the ones the support articles quote; the order and timing
of a busy Distribution Manager around them are ours.
`python3 make_cmsim.py` rewrites them byte for byte.
"""
from datetime import datetime, timedelta
import os

HERE = os.path.dirname(os.path.abspath(__file__))
COMP = "SMS_DISTRIBUTION_MANAGER"
MAIN = 3648  # the main DistMgr thread
SITE_SERVER = "PS1SITE.CONTOSO.COM"


def nal(n):
    dp = f"PS1DP{n:02d}.CONTOSO.COM"
    return f'["Display=\\\\{dp}\\"]MSWNET:["SMS_SITE=PS1"]\\\\{dp}\\'


def entry(t, thread, msg, kind=1, src="distmgr.cpp"):
    time = t.strftime("%H:%M:%S.") + "%03d" % (t.microsecond // 1000) + "+300"
    date = f"{t.month:02d}-{t.day:02d}-{t.year}"
    return (f'<![LOG[{msg}]LOG]!><time="{time}" date="{date}" component="{COMP}" '
            f'context="" type="{kind}" thread="{thread}" file="{src}">')


class Log:
    def __init__(self):
        self.rows = []

    def at(self, t, thread, msg, kind=1, src="distmgr.cpp"):
        self.rows.append((t, len(self.rows), entry(t, thread, msg, kind, src)))

    def lines(self):
        return [r[2] for r in sorted(self.rows)]


def startup(log, t):
    log.at(t, MAIN, f"SMS_EXECUTIVE started {COMP} as thread ID {MAIN} (0x{MAIN:X}).", src="sitecomp.cpp")
    log.at(t + timedelta(seconds=1), MAIN, "Starting thread for processing replication, thread ID = 0x1A14 (6676)")
    log.at(t + timedelta(seconds=1), MAIN, "Starting the DP Manager thread, thread ID = 0x5D8 (1496)")
    log.at(t + timedelta(seconds=2), MAIN, "Starting the content cleanup thread, thread ID = 0x1604 (5636)")
    log.at(t + timedelta(seconds=2), MAIN, "Starting the DP upgrade processing thread, thread ID = 0x1968 (6504)")


def queue(log, t, pkg, in_use):
    log.at(t, MAIN, f"Found package properties updated notification for package '{pkg}'")
    log.at(t, MAIN, f"Adding package '{pkg}' to package processing queue.")
    log.at(t + timedelta(milliseconds=40), MAIN, f"~Currently using {in_use} out of 3 allowed package processing threads.")


def process(log, t, pkg, thread, dps, dp_gap, stuck=None):
    """A package processing thread's story, from started to exiting; with
    `stuck`, the DP thread of that DP never returns (its WMI call waits
    forever), so neither does the package processing thread."""
    log.at(t, MAIN, f"~Started package processing thread for package '{pkg}', thread ID = 0x{thread:X} ({thread})")
    t += timedelta(seconds=2)
    log.at(t, thread, f"~Processing package {pkg} (SourceVersion:3;StoredVersion:3)")
    log.at(t, thread, f"Start updating the package {pkg}...")
    log.at(t, thread, "~The Package Action is 1, the Update Mask is 160 and UpdateMaskEx is 0.")
    log.at(t + timedelta(seconds=1), thread, "~Use drive E for storing the compressed package.")
    t += timedelta(seconds=20)
    log.at(t, thread, f"~Successfully created/updated the package {pkg}")
    for i, n in enumerate(dps):
        dp_thread = thread + 16 * (i + 1)
        start = t + timedelta(seconds=dp_gap * (i // 5))
        log.at(start, thread, f"Start adding package {pkg} to server {nal(n)}...")
        log.at(start, thread, f"~Created DP processing thread {dp_thread} for addition or update of package {pkg} on server {nal(n)}")
        log.at(start + timedelta(seconds=1), dp_thread, f"DP Thread: Attempting to add or update package {pkg} on DP {nal(n)}")
        log.at(start + timedelta(seconds=1), dp_thread, f"The current user context will be used for connecting to {nal(n)}.~")
        if n == stuck:
            continue
        end = start + timedelta(seconds=dp_gap - 5)
        log.at(end, dp_thread, f"~Created package transfer job to send package {pkg} to distribution point {nal(n)}.")
        log.at(end, dp_thread, "Performing cleanup prior to returning.")
        log.at(end + timedelta(seconds=1), thread, f"~DP thread for package {pkg} with thread handle 000000000000{dp_thread:04X} and thread ID {dp_thread} ended.")
        last = end + timedelta(seconds=1)
    log.at(t, thread, f"~Waiting for all DP threads to complete for package {pkg} processing thread.")
    if stuck is not None:
        return None
    log.at(last, thread, f"~All DP threads have completed for package {pkg} processing thread.")
    log.at(last + timedelta(seconds=1), thread, f"~Exiting package processing thread for package {pkg}.")
    return last + timedelta(seconds=1)


def fault():
    """Three packages hold every thread (the DP thread for PS1DP07 never
    returns: WMI on that DP does not answer); nine more wait in the queue,
    and each new one finds 3 of 3 in use."""
    log = Log()
    t0 = datetime(2025, 3, 11, 8, 58, 0)
    startup(log, t0)
    pkgs = [f"PS1000{n}" for n in range(21, 33)]
    dps = list(range(1, 13))
    # The first three start at once and hang on PS1DP07 for hours.
    start = t0 + timedelta(minutes=2)
    for i, pkg in enumerate(pkgs[:3]):
        t = start + timedelta(seconds=10 * i)
        queue(log, t, pkg, i)
        process(log, t + timedelta(seconds=1), pkg, 2364 + 8 * i, dps, 40, stuck=7)
    # Nine more arrive over two hours and wait: every thread is in use.
    for i, pkg in enumerate(pkgs[3:]):
        t = start + timedelta(minutes=7 + 13 * i, seconds=17 * i)
        queue(log, t, pkg, 3)
    # The main thread keeps reporting the queue while it waits.
    for k in range(6):
        t = start + timedelta(minutes=20 + 25 * k, seconds=3)
        log.at(t, MAIN, "~Currently using 3 out of 3 allowed package processing threads.")
    return log.lines()


def healthy():
    """Four packages, each processed in a few minutes on a free thread."""
    log = Log()
    t0 = datetime(2025, 3, 11, 8, 58, 0)
    startup(log, t0)
    t = t0 + timedelta(minutes=2)
    for i, pkg in enumerate(["PS100021", "PS100022", "PS100023", "PS100024"]):
        queue(log, t, pkg, 0)
        t = process(log, t + timedelta(seconds=1), pkg, 2364 + 8 * i, range(1, 13), 12)
        t += timedelta(minutes=9, seconds=31)
    return log.lines()


def write(folder, name, lines):
    os.makedirs(os.path.join(HERE, folder), exist_ok=True)
    with open(os.path.join(HERE, folder, name), "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode("utf-8"))


write("cm-threads-fault", "distmgr.log", fault())
write("cm-threads-healthy", "distmgr.log", healthy())
