#!/usr/bin/env python3
"""Writes the Configuration Manager scenarios for CM-troubleshoot-content-distribution
and CM-dp-installation-upgrade-configuration (see README.md).

Every value is invented. Primary site PS1 (site server PS1SITE.CONTOSO.COM,
Eastern Standard Time, bias +300) under the central site CS1; standard DP
PS1DP1 (Central European Time, bias -060); pull DP PS1PDP1 (Pacific Standard
Time, bias +480); a new DP PS1DP3 (bias -060) and an upgraded DP PS1SYS (India
Standard Time, bias -330). Packages PS100031..PS100033 are distributed
normally as noise; PS100034 is the one that fails. The log lines are the shapes
the source pages quote; each server writes CMTrace logs in its own local time,
all on one UTC timeline (11 February 2025). UTF-8, CRLF line ends.
`python3 make_cm2.py` rewrites them byte for byte.
"""
from datetime import datetime, timedelta
import os
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
DM = "SMS_DISTRIBUTION_MANAGER"
PX = "SMS_PACKAGE_TRANSFER_MANAGER"
HMAN = "SMS_HIERARCHY_MANAGER"
SITE = "PS1SITE.CONTOSO.COM"
T0 = datetime(2025, 2, 11, 13, 0, 0, 117000)  # UTC
EST, CET, PST, IST = 300, -60, 480, -330


def nal(server, site="PS1"):
    return f'["Display=\\\\{server}\\"]MSWNET:["SMS_SITE={site}"]\\\\{server}\\'


DP1, PDP, DP3, SYS = "PS1DP1.CONTOSO.COM", "PS1PDP1.CONTOSO.COM", "PS1DP3.CONTOSO.COM", "PS1SYS.CONTOSO.COM"


class Log:
    """One CMTrace log of one server: entries on the UTC timeline, written
    in the server's local time with its bias (UTC = local + bias)."""

    def __init__(self, bias, file="distmgr.cpp"):
        self.bias = bias
        self.file = file
        self.entries = []

    def add(self, t, comp, thread, msg, kind=1):
        self.entries.append((t, len(self.entries), comp, thread, msg, kind))
        return t

    def many(self, t, comp, thread, msgs, step=0.35):
        for k, m in enumerate(msgs):
            kind = 1
            if isinstance(m, tuple):
                m, kind = m
            self.add(t + timedelta(seconds=step * k), comp, thread, m, kind)
        return t + timedelta(seconds=step * len(msgs))

    def lines(self):
        out = []
        sign = "+" if self.bias >= 0 else "-"
        for t, _, comp, thread, msg, kind in sorted(self.entries):
            local = t - timedelta(minutes=self.bias)
            time = local.strftime("%H:%M:%S.") + "%03d" % (local.microsecond // 1000) + f"{sign}{abs(self.bias):03d}"
            date = local.strftime("%m-%d-%Y")
            out.append(f'<![LOG[{msg}]LOG]!><time="{time}" date="{date}" component="{comp}" '
                       f'context="" type="{kind}" thread="{thread}" file="{self.file}">')
        return out


def write(folder, name, log):
    os.makedirs(os.path.join(HERE, folder), exist_ok=True)
    with open(os.path.join(HERE, folder, name), "wb") as f:
        f.write(("\r\n".join(log.lines()) + "\r\n").encode("utf-8"))


def statmsg(msg_id, comp, t, tid, istrs, attrs=(), sev="I", pid=5428):
    istr = " ".join(f'ISTR{i}="{v}"' for i, v in enumerate(list(istrs) + [""] * (10 - len(istrs))))
    av = "".join(f' AID{i}={a} AVAL{i}="{v}"' for i, (a, v) in enumerate(attrs))
    gmt = t.strftime("%a %b %d %H:%M:%S.") + "%03d" % (t.microsecond // 1000) + t.strftime(" %Y")
    return (f'STATMSG: ID={msg_id} SEV={sev} LEV=M SOURCE="SMS Server" COMP="{comp}" SYS={SITE} SITE=PS1 '
            f'PID={pid} TID={tid} GMTDATE={gmt} {istr} NUMATTRS={len(attrs)}{av}')


def est(t):
    """A restart time as PkgXferMgr prints it (the site server's zone)."""
    local = t - timedelta(minutes=EST)
    return f"{local.month}/{local.day}/{local.year} {local.strftime('%I:%M:%S %p').lstrip('0')} Eastern Standard Time"


NAMES = {"PS100031": "Office Fonts", "PS100032": "Visio Viewer", "PS100033": "Drivers HP",
         "PS100034": "Viewer 2025", "CS100026": "Edge Enterprise", "PS100040": "Boot image (x64)"}


class Site:
    """The site server's logs and the DPs' logs of one scenario."""

    def __init__(self):
        self.dm = Log(EST)
        self.px = Log(EST, "pkgxfermgr.cpp")
        self.dp1 = Log(CET, "smsdpprov.cpp")
        self.pull = Log(PST, "pulldp.cpp")
        self.dts = Log(PST, "dtsjob.cpp")
        self.tid = 5200
        self.job = 570

    def next_tid(self):
        self.tid += 148
        return self.tid

    # --- Distribution Manager: a package processing thread and its DP thread
    def dm_package(self, t, pkg, dp, pull=False, dp_lines=None, used=0):
        main = 4824
        proc, dpt = self.next_tid(), self.next_tid()
        name = NAMES.get(pkg, "Package")
        n = nal(dp)
        t = self.dm.many(t, DM, main, [
            f"Found package properties updated notification for package '{pkg}'",
            f"Adding package '{pkg}' to package processing queue.",
            f"~Currently using {used} out of 3 allowed package processing threads.",
            f"~Started package processing thread for package '{pkg}', thread ID = 0x{proc:X} ({proc})"])
        t = self.dm.many(t, DM, proc, [
            statmsg(2300, DM, t, proc, [name, pkg], [(400, pkg)]),
            f"~Processing package {pkg} (SourceVersion:2;StoredVersion:2)",
            f"Start updating the package {pkg}...",
            "~The Package Action is 1, the Update Mask is 160 and UpdateMaskEx is 0.",
            f"Start adding package {pkg} to server {n}...",
            f"~Created DP processing thread {dpt} for addition or update of package {pkg} on server {n}",
            f"~Waiting for all DP threads to complete for package {pkg} processing thread."])
        lines = [f"DP Thread: Attempting to add or update package {pkg} on DP {n}"]
        if pull:
            lines.append(f"Package Server {n} is a PullDP.")
        if dp_lines is None:
            lines += [statmsg(2342, DM, t, dpt, [name, n], [(400, pkg), (404, n)]),
                      f"~Created package transfer job to send package {pkg} to distribution point {n}.",
                      statmsg(2357, DM, t, dpt, [pkg, n], [(400, pkg), (404, n)]),
                      "Performing cleanup prior to returning.",
                      f"Cancelling network connection to \\\\{dp}\\ADMIN$."]
        else:
            lines += dp_lines
        t = self.dm.many(t, DM, dpt, lines, step=0.9)
        self.dm.many(t, DM, proc, [
            f"~DP thread for package {pkg} with thread handle 000000000000{dpt:04X} and thread ID {dpt} ended.",
            f"~All DP threads have completed for package {pkg} processing thread.",
            statmsg(2301, DM, t, proc, [name, pkg], [(400, pkg)]),
            f"~Exiting package processing thread for package {pkg}."])
        return t + timedelta(seconds=3)

    def dm_status(self, t, pkg, dp, pull=False):
        rep = 6116
        n = nal(dp)
        if pull:
            lines = [f"~Processing PullDP response PS1 - {n}",
                     f"    Package {pkg}, Version 2(2), ActionState 1, PkgStatus 0, ActionData ="]
        else:
            sta = f"{zlib.crc32((pkg + dp).encode()) % 10**8:08d}"
            lines = [f"~Processing incoming file E:\\ConfigMgr\\inboxes\\distmgr.box\\INCOMING\\{sta}.STA.",
                     f"~Processing STA for regular DP {n}",
                     f"~Processing status update for package {pkg}"]
        lines += [f"~Successfully updated the package server status for {n} for package {pkg}, Status 3",
                  statmsg(2330, DM, t, rep, [pkg, n], [(400, pkg), (404, n)])]
        self.dm.many(t, DM, 32876 if pull else rep, lines)

    # --- Package Transfer Manager, standard DP
    def px_send(self, t, pkg, dp=DP1, body=None):
        self.job += 1
        st = self.next_tid()
        t = self.px.many(t, PX, 5392, [
            f"Found send request with ID: {self.job}, Package: {pkg}, Version:2, Priority: 2, Destination: {dp}, DPPriority: 200",
            f"~Created sending thread (Thread ID = 0x{st:X})"])
        start = [f"Sending thread starting for Job: {self.job}, package: {pkg}, Version: 2, Priority: 2, server: {dp}, DPPriority: 200",
                 f"Sent status to the distribution manager for pkg {pkg}, version 2, status 0 and distribution point {nal(dp)}~",
                 f"Sending legacy content {pkg}.2 for package {pkg}",
                 "Redistribute=0, Related="]
        if body is None:
            body = [f"Sending file '\\\\{dp}\\SMS_DP$\\73E055438D4731F41DB6C3BCB90919F6{st:08X}-{pkg}.2.temp'",
                    f"Adding {pkg.lower()}.cab file in {pkg}.2.",
                    f"Completed post-actions for remote DP {dp}",
                    "~Sending completed successfully",
                    f"~Finished sending SWD package {pkg} version 2 to distribution point {dp}",
                    statmsg(8200, PX, t, st, [pkg, "2", dp], [(400, pkg), (410, "2")]),
                    f"Sent status to the distribution manager for pkg {pkg}, version 2, status 3 and distribution point {nal(dp)}~",
                    statmsg(8210, PX, t, st, [pkg, "2", dp], [(400, pkg), (410, "2"), (404, nal(dp))]),
                    "Sending thread complete~"]
            if dp == DP1:
                self.dp1.add(t + timedelta(seconds=6), "SMSDPProv", 1304,
                             f"Content '{pkg}.2' for package '{pkg}' has been added to content library successfully")
        return self.px.many(t, PX, st, start + body, step=1.7)

    # --- Package Transfer Manager and the pull DP
    def px_pull(self, t, pkg, pull_body=None, dts_body=None):
        self.job += 1
        st = self.next_tid()
        t = self.px.many(t, PX, 5392, [
            f"Found send request with ID: {self.job}, Package: {pkg}, Version:2, Priority: 2, Destination: {PDP}, DPPriority: 200",
            f"~Created sending thread (Thread ID = 0x{st:X})"])
        t = self.px.many(t, PX, st, [
            f"Pull DP Sending thread starting for Job: {self.job}, package: {pkg}, Version: 2, Priority: 2, server: {PDP}, DPPriority: 200",
            f"Sending package info bundle {pkg} to PullDP. {nal(PDP)}",
            f"~Successfully performed WMI actions on pull DP {PDP}.",
            f"~ PullDP notification sent. Attempted count = 1/30, Restart time = {est(t + timedelta(hours=1))}",
            "Pull DP Sending thread complete~"])
        cj = "{C10457F9-DE3A-4B45-878C-%012X}" % (self.job * 7919)
        sj = "{3C962758-7ABE-40F2-A585-%012X}" % (self.job * 104729)
        fj = "{78635652-3D12-4A26-A51B-%012X}" % (self.job * 1299709)
        content = f"Content_3c9813ba-d7ab-4963-929c-{self.job:012x}.1"
        p = t + timedelta(seconds=20)
        p = self.pull.many(p, "PullDP", 4404, [
            f"CPullDPService::LoadJobsFromXML for {pkg}.2",
            f"- {pkg}.2 - XML has 1 content jobs.",
            "CPullDPPkgContJob::LoadContentJobFromXML(): Set JobState = NotStarted",
            f"CPullDPPkgJob::LoadJobFromXML() successfully loaded job for package {pkg}.2, there are 1 content jobs.",
            "CPullDPService::ExecuteJobs(). 1 jobs to do",
            f"{pkg}.2 Starting Download  there are 1 content jobs."])
        p = self.pull.many(p, "PullDP", 3812, [
            f"Content job {cj} running.",
            f"ContentExecuteJob {cj} (state: 1-NotStarted) for package {pkg}.2 content {content}.",
            f"Created SignatureDownload DTS job {sj} for package {pkg}.2, content id {content}. JobState = NotStarted"])
        self.dts.many(p, "DataTransferService", 3812, [
            f"DTSJob {sj} created to download from 'https://{SITE}:443/SMS_DP_SMSSIG$' to 'E:\\SMS_DP$\\{pkg}\\{content}'.",
            f"Starting BITS download for DTS job '{sj}'.",
            f"Starting BITS job '{{04498466-5A8E-4A22-97F2-{self.job:012X}}}' for DTS job '{sj}' under user 'S-1-5-18'."])
        p += timedelta(seconds=40)
        if pull_body is not None:
            self.pull.many(p, "PullDP", 4300, pull_body(cj, sj, content))
            if dts_body is not None:
                self.dts.many(p - timedelta(seconds=2), "DataTransferService", 3856, dts_body(sj))
            return t + timedelta(seconds=5)
        self.dts.many(p - timedelta(seconds=5), "DataTransferService", 2528, [
            f"DTSJob {sj} successfully completed download.",
            f"DTSJob {sj} in state 'NotifiedComplete'.",
            f"DTSJob {fj} created to download from 'https://{SITE}:443/SMS_DP_SMSPKG$/{content}' to 'E:\\SMS_DP$\\{pkg}\\{content}\\2'.",
            f"DTSJob {fj} in state 'DownloadingData'.",
            f"DTS job {fj} has completed:"], step=8)
        p = self.pull.many(p, "PullDP", 4300, [
            f"DTS succeeded message received for {pkg}.2, content job {cj}, status is 0x0 :",
            f"Created FullDownload(Manifest) DTS job {fj} for package {pkg}.2, content id {content}, content job id {cj}.",
            f"DTS succeeded message received for {pkg}.2, content job {cj}, status is 0x0 :",
            "CPullDPPkgContJob::ApplySingleInstancing(): JobState = Downloaded",
            f"CPullDPPkgContJob::NotifySucceeded(). Content job {cj} for package {pkg}.2 and content {content} has completed successfully. JobState = Succeeded",
            f"All 1 content jobs for {pkg}.2 have completed, notify of success for this pull dp job.",
            f"{pkg}.2 has completed successfully, will clear stored content job state.",
            f"Report state message 0x00000001 (1) to MP for package '{pkg}.2'",
            "Request was successful.",
            "CPullDPResponse::ReportPackageState return value 0x00000000."], step=6)
        poll = self.next_tid()
        q = p + timedelta(minutes=4)
        self.px.many(q, PX, poll, [
            f"Pull DP Sending thread starting for Job: {self.job}, package: {pkg}, Version: 2, Priority: 2, server: {PDP}, DPPriority: 200",
            f"~Finished sending SWD package {pkg} version 2 to distribution point {PDP}",
            f"Sent status to the distribution manager for pkg {pkg}, version 2, status 3 and distribution point {nal(PDP)}~",
            statmsg(8210, PX, q, poll, [pkg, "2", PDP], [(400, pkg), (410, "2"), (404, nal(PDP))]),
            "Pull DP Sending thread complete~"])
        self.dm_status(q + timedelta(minutes=1), pkg, PDP, pull=True)
        return t + timedelta(seconds=5)

    def noise(self, hours=6, skip=()):
        """Other packages distributed normally, every hour, to the
        standard DP and to the pull DP."""
        pkgs = ["PS100031", "PS100032", "PS100033"]
        for k in range(0, hours * 60, 60):
            t = T0 + timedelta(minutes=k, seconds=k % 17)
            pkg = pkgs[(k // 60) % 3]
            if pkg in skip:
                continue
            pull = (k // 60) % 3 == 2
            dp = PDP if pull else DP1
            self.dm_package(t, pkg, dp, pull=pull)
            if pull:
                self.px_pull(t + timedelta(seconds=30), pkg)
            else:
                self.px_send(t + timedelta(seconds=30), pkg)
                self.dm_status(t + timedelta(seconds=70), pkg, DP1)
        for k in range(0, hours * 60, 90):
            t = T0 + timedelta(minutes=k + 7)
            self.dp1.add(t, "SMSDPProv", 2996, "CSmsDPProvider::CheckDPState() - DP is in a good state")

    def save(self, folder, dp1=True, pull=True, dts=True):
        write(folder, "ps1site-distmgr.log", self.dm)
        write(folder, "ps1site-pkgxfermgr.log", self.px)
        if dp1:
            write(folder, "ps1dp1-smsdpprov.log", self.dp1)
        if pull:
            write(folder, "ps1pdp1-pulldp.log", self.pull)
        if dts:
            write(folder, "ps1pdp1-datatransferservice.log", self.dts)


STUCK = "PS100034"


def every(minutes, count, start=75):
    return [T0 + timedelta(minutes=start + minutes * i, seconds=3 * i) for i in range(count)]


def triage():
    # Healthy: the stuck package too reaches both DPs.
    s = Site()
    s.noise()
    for t in every(120, 2):
        s.dm_package(t, STUCK, DP1)
        s.px_send(t + timedelta(seconds=30), STUCK)
        s.dm_status(t + timedelta(seconds=75), STUCK, DP1)
    s.save("cm-triage-healthy")

    # The compressed copy from the central site has not arrived.
    s = Site()
    s.noise()
    pkg = "CS100026"
    for t in every(45, 4):
        proc = s.next_tid()
        s.dm.many(t, DM, 4824, [f"Adding package '{pkg}' to package processing queue.",
                                "~Currently using 1 out of 3 allowed package processing threads.",
                                f"~Started package processing thread for package '{pkg}', thread ID = 0x{proc:X} ({proc})"])
        s.dm.many(t + timedelta(seconds=2), DM, proc, [
            f"~Processing package {pkg} (SourceVersion:2;StoredVersion:1)",
            (f"~The contents for the package {pkg} hasn't arrived from site CS1 yet, will retry later.", 2),
            f"~All DP threads have completed for package {pkg} processing thread.",
            f"~Exiting package processing thread for package {pkg}."])
    s.save("cm-triage-notarrived")

    # The DP does not answer on the network.
    s = Site()
    s.noise()
    dp2 = "PS1DP2.CONTOSO.COM"
    for t in every(30, 5):
        s.dm_package(t, STUCK, dp2, dp_lines=[
            (f"Failed to make a network connection to \\\\{dp2}\\ADMIN$ (0x35).~", 3),
            (f"~Cannot establish connection to {nal(dp2)}. Error = 53", 3),
            ("Error occurred. Performing error cleanup prior to returning.", 3)])
    s.save("cm-triage-unreachable")

    # The package source cannot be read: access denied.
    s = Site()
    s.noise()
    src = "\\\\PS1SITE\\PKGSOURCE\\Viewer 2025"
    for t in every(30, 4):
        proc = s.next_tid()
        s.dm.many(t, DM, 4824, [f"Adding package '{STUCK}' to package processing queue.",
                                f"~Started package processing thread for package '{STUCK}', thread ID = 0x{proc:X} ({proc})"])
        s.dm.many(t + timedelta(seconds=2), DM, proc, [
            f"Taking package snapshot for package {STUCK} from source {src}",
            (f"~The source directory {src} doesn't exist or the SMS service cannot access it, Win32 last error = 5", 3),
            (f"~Failed to take snapshot of package {STUCK}", 3),
            f"~Exiting package processing thread for package {STUCK}."])
    s.save("cm-triage-source")

    # IIS on the DP refuses the virtual directory.
    s = Site()
    s.noise()
    for t in every(35, 4):
        s.dm_package(t, STUCK, DP1, dp_lines=[
            ("CWmi::PutObject(): PutInstance() failed. - 0x80041013", 3),
            ("ERROR CreateApplicationPool: Failed with error = IDispatch error #3603", 3),
            ("ERROR CreateVirtualDirectory: Failed to update virtual directory SMS_DP_SMSPKG$. error = IDispatch error #3603", 3),
            (f"vdHelper.CreateVirtualDirectory() - Failed to CreateVirtualDirectory SMS_DP_SMSPKG$ for DP {DP1}. Will retry in 5 seconds", 2)])
    s.save("cm-triage-idispatch")

    # A boot image to a PXE-enabled DP.
    s = Site()
    s.noise()
    img = "PS100040"
    for t in every(60, 3):
        proc = s.next_tid()
        s.dm.many(t, DM, 4824, [f"Adding package '{img}' to package processing queue.",
                                f"~Started package processing thread for package '{img}', thread ID = 0x{proc:X} ({proc})"])
        s.dm.many(t + timedelta(seconds=2), DM, proc, [
            statmsg(2375, DM, t, proc, [nal(DP1)], [(404, nal(DP1))]),
            f"RDC: Successfully created package signature file from \\\\?\\E:\\SMSPKGSIG\\{img}.2 to \\\\{DP1}\\SMSSIG$\\{img}.2.tar",
            f"ExpandPXEImage: {img}, 16778240",
            ("CContentDefinition::GetFileProperties failed; 0x80070003", 3),
            ("CContentDefinition::TotalFileSizes failed; 0x80070003", 3),
            ("ExpandPXEImage failed; 0x80070003", 3),
            ("Error occurred. Performing error cleanup prior to returning.", 3)])
    s.save("cm-triage-bootimage")

    # Every package processing thread busy for two hours.
    s = Site()
    s.noise()
    for i, t in enumerate(every(20, 7)):
        s.dm.many(t, DM, 4824, [f"Adding package 'PS1000{50 + i}' to package processing queue.",
                                "~Currently using 3 out of 3 allowed package processing threads."])
    s.save("cm-triage-threads")

    # Uploading to a cloud DP runs out of disk space.
    s = Site()
    s.noise()
    for t in every(60, 3):
        st = s.next_tid()
        s.px.many(t, PX, st, [
            f"About to upload files from package source directory E:\\SMSPKGSIG\\{STUCK}~~",
            ("WARNING: Caught exception System.Runtime.InteropServices.COMException - There is not enough space on the disk. (Exception from HRESULT: 0x80070070) ~~", 2),
            "Call stack:",
            "at Microsoft.ConfigurationManager.AzureRoles.ContentManager.BranchCacheContentInfoStreamClass.Complete()~~",
            "at Microsoft.ConfigurationManager.AzureRoles.ContentManager.ContentInfoStream.Close()~~"])
    s.save("cm-triage-diskfull")

    # A DP in an untrusted domain and a remote content library.
    s = Site()
    s.noise()
    fab = "DP.FABRIKAM.COM"
    for t in every(60, 3):
        s.px_send(t, STUCK, fab, body=[
            (f"~\"FABRIKAM\\cmsysinst\" user will be used to connect to the remote DP machine \"{fab}\"", 1),
            ("CContentDefinition::TotalFileSizes failed; 0x8007052e", 3),
            ("CSendFileAction::SendFiles failed; 0x8007052e", 3),
            ("CSendFileAction::SendContent failed; 0x8007052e", 3)])
    s.save("cm-triage-logon")

    # Content missing from the site server's content library.
    s = Site()
    s.noise()
    for t in every(60, 3):
        s.px_send(t, STUCK, body=[
            ("CContentDefinition::TotalFileSizes failed; 0x80070003", 3),
            f"Sending content 000f8a0a-825c-457b-a15b-57ade145a09b for package {STUCK}",
            ("CSendFileAction::SendFiles failed; 0x80070003", 3),
            ("CSendFileAction::SendContent failed; 0x80070003", 3)])
        s.px.add(t + timedelta(seconds=12), PX, 648,
                 f"Sent status to the distribution manager for pkg {STUCK}, version 2, status 4 and distribution point {nal(DP1)}~")
    s.save("cm-triage-missing")

    # The DP's WMI provider fails to add the file.
    s = Site()
    s.noise()
    h = "B53B6F96ECC3FB2AF59D02C84A2D31434904BACF2F9C90D80107B6602860BCFD"
    for i, t in enumerate(every(60, 3)):
        s.px_send(t, STUCK, body=[
            f"~Sending completed [D:\\SCCMContentLib\\FileLib\\B53B\\{h}]",
            ("~ExecStaticMethod failed (80041001)\r\nSMS_DistributionPoint, AddFile", 3),
            ("CSendFileAction::AddFile failed; 0x80041001", 3),
            f"~Deleting remote file \\\\{DP1}\\SMS_DP$\\Content_b034813c-bc60-4a16-b471-7a0dc3d9662b.1-{h}",
            (f"~ Sending failed. Failure count = {i + 1}, Restart time = {est(t + timedelta(minutes=60))}", 2)])
    s.save("cm-triage-addfile")

    # One job on several threads at once: a sharing violation.
    s = Site()
    s.noise()
    for i, t in enumerate(every(60, 3)):
        job = 12771
        threads = [8360, 10752, 12208, 4244, 8348]
        for k, th in enumerate(threads):
            s.px.add(t + timedelta(milliseconds=40 * k), PX, th,
                     f"Sending thread starting for Job: {job}, package: {STUCK}, Version: 8, Priority: 2, server: {DP1}, DPPriority: 200")
        s.px.many(t + timedelta(seconds=4), PX, threads[1], [
            ("CSendFileAction::SendFiles failed; 0x80070020", 3),
            (f"~ Sending failed. Failure count = {i + 1}, Restart time = {est(t + timedelta(minutes=60))}", 2)])
    s.save("cm-triage-sharing")

    # The schedule closes the DP's address during the transfer.
    s = Site()
    s.noise()
    h = "2F0819F959E788CF843F42E9CA7B44E258B8B4BA37BB63902DB39ACF747BE7DA"
    for i, t in enumerate(every(60, 3)):
        s.px.add(t - timedelta(minutes=5), PX, 21216,
                 f"~Address to {DP1} is currently under bandwidth control, therefore only one connection is allowed, returning send request to the pool.")
        s.px_send(t, STUCK, body=[
            (f"Address is closed for priority 2 jobs, stop sending[E:\\SCCMContentLib\\FileLib\\2F08\\{h}]", 2),
            f"Deleting remote file \\\\{DP1}\\SMS_DP$\\{STUCK}.6-{h}",
            ("CSendFileAction::SendFiles failed; 0x80004005", 3),
            (f"Sending failed. Failure count = {i + 1}, Restart time = {est(t + timedelta(minutes=120))}", 2)])
    s.save("cm-triage-bandwidth")

    # The pull DP has 50 unfinished jobs.
    s = Site()
    s.noise()
    for t in every(30, 6):
        s.px.many(t, PX, 4712, [
            f"PullDP {nal(PDP)} has reached maximum capacity 50",
            (f"~ PullDP has no capacity. Restart time = {est(t + timedelta(minutes=30))}", 2),
            (statmsg(8211, PX, t, 4712, [STUCK, "2", PDP], [(400, STUCK)], sev="E"), 3)])
    s.save("cm-triage-pullcap")

    # Signatures missing on a source DP on the site server: HTTP 404.
    s = Site()
    s.noise()
    for t in every(90, 3):
        s.dm_package(t, STUCK, PDP, pull=True)
        s.px_pull(t + timedelta(seconds=30), STUCK, pull_body=lambda cj, sj, c: [
            f"DTS message for content job {cj} received, searching 1 active jobs for any containing this content job.  DTS Job is {sj}",
            (f"DTS error message received for {STUCK}.2, content job {cj}, 0x80070002 : BITS error: 'HTTP status 404: The requested URL does not exist on the server.", 3)],
            dts_body=lambda sj: [(f"DTSJob {sj} encountered error 0x80070002.", 3)])
    s.save("cm-triage-sig404")

    # RPC endpoints: downloads from the source DP fail with 0x800706D9.
    s = Site()
    s.noise()
    for i, t in enumerate(every(25, 8)):
        s.dts.add(t, "DataTransferService", 4864,
                  f"CDTSJob::HandleErrors: DTS Job '{{5285F8B3-C426-4882-85F2-AD5331DD4179}}' BITS Job '{{D53BA625-24AA-41FA-A357-6EB1B7D7E701}}' under user 'S-1-5-18' OldErrorCount {22 + i} NewErrorCount {23 + i} ErrorCode 0x800706D9", 3)
    s.save("cm-triage-rpc")

    # A failure none of the specific lines explains.
    s = Site()
    s.noise()
    for i, t in enumerate(every(60, 4)):
        s.px_send(t, STUCK, body=[
            ("CSendFileAction::SendFiles failed; 0x80004005", 3),
            (f"~ Sending failed. Failure count = {i + 1}, Restart time = {est(t + timedelta(minutes=60))}", 2)])
    s.save("cm-triage-sendfailed", dp1=False)


# --- DP installation and upgrade -------------------------------------------

HM_SCU = "E:\\ConfigMgr\\inboxes\\hman.box\\PS1.SCU"


def hman_log(rounds, finish=True, new_dp=None):
    log = Log(EST, "hman.cpp")
    for i, t in enumerate(rounds):
        lines = ["~Processing site control file: Site PS1"]
        if new_dp and i == 0:
            lines += [f"New site system: PS1 {new_dp} SMS Distribution Point",
                      f"New site system: PS1 {new_dp} SMS Site System",
                      "~Server Info of site PS1 has changed. Update the DPInfo table in the database.",
                      "~Distribution Points of site PS1 have changed. Update the DistributionPoints table in the database."]
            if finish:
                lines.append(f"~Inserted DP {nal(new_dp)}. CRC:439BCA34,PDP:0,PullDP:0")
        else:
            lines.append("~Server Info of site PS1 has not changed.HMAN will not update the DPInfo table in the database.")
        if finish or not (new_dp and i == 0):
            for server, crc in [(SITE, "13639BB"), (DP1, "151AC30"), (SYS, "B65C605F")]:
                lines.append(f"~Will not update DP {nal(server)}. DBCRC:{crc},NewCRC:{crc},Action:0,PDP:0,PullDP:0")
            if finish:
                lines.append(statmsg(3306, HMAN, t, 2448, [HM_SCU, "ConfigMgr Primary Site 1", "PS1"], pid=1956))
        log.many(t, HMAN, 2448, lines)
    return log


def worker_lines(dpid, server, pxe):
    return [f"~Processing {dpid}.INS",
            f"~DPID {dpid} - NAL Path {nal(server)} , ServerName = {server}, DPDrive = , IsMulticast = 0, PXE = {pxe}, RemoveWDS = 0",
            f"Installed ISAPI on {server}, copied E:\\ConfigMgr\\bin\\x64\\\\..\\x64\\smsfileisapi.dll to \\\\{server}\\ADMIN$\\system32\\inetsrv\\smsfileisapi.dll",
            f"~Successfully created share SMS_DP$ on server {server}",
            f"~OS version 6.3.9600: installed IIS on remote server {server}.",
            f"MSXML 6.0 is configured on DP {server} successfully",
            "Run command 'C:\\SMS_DP$\\sms\\bin\\vcredist_x64.exe /q /norestart /log \"C:\\SMS_DP$\\sms\\bin\\vcredist.log\"' to install VC redist",
            "~Successfully installed DP WMI provider on the remote distribution point"]


PXE_HEAD = ["CcmInstallPXE",
            "Running: C:\\SMS_DP$\\sms\\bin\\vcredist_x64.exe /q /norestart /log \"C:\\SMS_DP$\\sms\\bin\\vcredist.log\"",
            "Run completed for: C:\\SMS_DP$\\sms\\bin\\vcredist_x64.exe /q /norestart /log \"C:\\SMS_DP$\\sms\\bin\\vcredist.log\"",
            "Created the DP mutex key for WDS.",
            "Finding Wimgapi.Dll",
            "MsiEnumRelatedProducts failed",
            ("FindProduct failed; 0x80070103", 3),
            "Found C:\\Windows\\system32\\wimgapi.dll",
            "Wimgapi.dll is already installed.",
            "Failed to open WDS service.",
            "WDS is NOT INSTALLED",
            "Installing WDS.",
            "Running: PowerShell.exe -Command Import-Module ServerManager; Get-WindowsFeature WDS; Add-WindowsFeature WDS",
            "Run completed for: PowerShell.exe -Command Import-Module ServerManager; Get-WindowsFeature WDS; Add-WindowsFeature WDS",
            "Successfully installed WDS.",
            "WDS is INSTALLED",
            "REMINST not set in WDS",
            "WDS is NOT Configured",
            ("Share (REMINST) does not exist. (NetNameNotFound) (0x00000906)", 3),
            ("GetFileSharePath failed; 0x80070906", 3),
            "REMINST share does not exist. Need to create it.",
            "Creating REMINST share to point to: C:\\RemoteInstall",
            "Succesfully created share REMINST",
            "Registering WDS provider: ProviderPath: C:\\SMS_DP$\\sms\\bin\\smspxe.dll",
            "PxeProviderRegister has suceeded (0x00000000)",
            "WDSServer is NOT STARTED",
            ("Failed to restart WDS service", 3),
            "Running: WDSUTIL.exe /Initialize-Server /REMINST:\"C:\\RemoteInstall\""]
PXE_TAIL = ["Run completed for: WDSUTIL.exe /Initialize-Server /REMINST:\"C:\\RemoteInstall\"",
            ("ProcessBootImages failed; 0x80070003", 3),
            "CcmInstallPXE: Deleting the DP mutex key for WDS.",
            "Installed PXE"]


def dp_install(folder, how):
    """A new PXE-enabled DP PS1DP3 (DPID 32) installed from the console."""
    s = Site()
    s.noise(hours=4)
    t = T0 + timedelta(minutes=50)
    finish_hman = how != "hman"
    write(folder, "ps1site-hman.log",
          hman_log([t, t + timedelta(minutes=60), t + timedelta(minutes=120)], finish=finish_hman, new_dp=DP3))
    if how != "hman":
        worker = 4788
        s.dm.add(t + timedelta(seconds=40), DM, 2860,
                 f"DP upgrade processing thread: Upgrading DP with ID 32. Thread 0x{worker:x}. Used 1 threads out of 50.")
        w = s.dm.many(t + timedelta(seconds=41), DM, worker, worker_lines(32, DP3, 1), step=4)
        if how == "iis":
            for k in range(3):
                w = s.dm.many(w + timedelta(seconds=5), DM, worker, [
                    ("CWmi::PutObject(): PutInstance() failed. - 0x80041013", 3),
                    ("ERROR CreateApplicationPool: Failed with error = IDispatch error #3603", 3),
                    ("ERROR CreateVirtualDirectory: Failed to update virtual directory SMS_DP_SMSPKG$. error = IDispatch error #3603", 3),
                    (f"vdHelper.CreateVirtualDirectory() - Failed to CreateVirtualDirectory SMS_DP_SMSPKG$ for DP {DP3}. Will retry in 5 seconds", 2)])
        else:
            w = s.dm.many(w, DM, worker, [
                f"Configure IIS virtual directories successfully on the distribution point {DP3}",
                "ConfigureDP",
                f"DP registry settings have been successfully updated on {DP3}",
                "ConfigurePXE"], step=3)
            dp3 = Log(CET, "smsdpprov.cpp")
            p = dp3.many(w + timedelta(seconds=5), "SMSDPProv", 2920, PXE_HEAD, step=2.5)
            if how == "healthy":
                p = dp3.many(p + timedelta(minutes=2), "SMSDPProv", 2920, PXE_TAIL, step=3)
                s.dm.many(p + timedelta(seconds=20), DM, worker, [
                    f"PullDP {nal(DP3)} is marked Uninstalled",
                    statmsg(2399, DM, p, worker, [nal(DP3), DP3], [(404, nal(DP3))], pid=1956)])
            write(folder, "ps1dp3-smsdpprov.log", dp3)
    write(folder, "ps1site-distmgr.log", s.dm)
    write(folder, "ps1site-pkgxfermgr.log", s.px)
    write(folder, "ps1dp1-smsdpprov.log", s.dp1)


def dp_upgrade(folder):
    """DistMgr reinstalled by a site upgrade upgrades DP 5 (PS1SYS), whose
    worker stops while the VC++ redistributable is installed."""
    s = Site()
    s.noise(hours=4)
    t = T0 + timedelta(minutes=30)
    sc = Log(EST, "sitecomp.cpp")
    sc.many(t - timedelta(minutes=3), "SMS_SITE_COMPONENT_MANAGER", 4364, [
        "Reinstalling component SMS_DISTRIBUTION_MANAGER...",
        "Updating DistributionPoints table",
        "Creating E:\\ConfigMgr\\inboxes\\distmgr.box\\resetdps.trn file."])
    write(folder, "ps1site-sitecomp.log", sc)
    s.dm.many(t, DM, 3048, ["SMS_EXECUTIVE started SMS_DISTRIBUTION_MANAGER as thread ID 4984 (0x1378)."])
    s.dm.many(t + timedelta(seconds=1), DM, 4984, ["Found file resetdps.trn, will upgrade all the Distribution Points",
                                                   "~Starting the DP upgrade processing thread, thread ID = 0x7C (124)"])
    s.dm.many(t + timedelta(seconds=2), DM, 124, [
        "DP upgrade processing thread: Started, will perform any pending work then will wait for additional work.",
        "DP upgrade processing thread: Upgrading DP with ID 5. Thread 0x8c8. Used 1 threads out of 50."])
    lines = worker_lines(5, SYS, 0)
    lines[3] = "DP share SMS_DP$ already exist on the remote DP~"
    lines[4] = "Install Internet server= 2"
    s.dm.many(t + timedelta(seconds=3), DM, 2248, lines[:-1], step=5)
    dp = Log(IST, "smsdpprov.cpp")
    dp.many(t + timedelta(seconds=40), "SMSDPProv", 2920, [
        "Started process C:\\SMS_DP$\\sms\\bin\\vcredist_x64.exe /q /norestart /l C:\\SMS_DP$\\sms\\logs\\vcredist.log"])
    write(folder, "ps1sys-smsdpprov.log", dp)
    write(folder, "ps1site-distmgr.log", s.dm)


if __name__ == "__main__":
    triage()
    dp_install("cm-dpinst-healthy", "healthy")
    dp_install("cm-dpinst-pxe", "pxe")
    dp_install("cm-dpinst-iis", "iis")
    dp_install("cm-dpinst-hman", "hman")
    dp_upgrade("cm-dpinst-unfinished")
