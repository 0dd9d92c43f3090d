#!/usr/bin/env python3
"""Writes the Configuration Manager scenarios of four content-distribution
articles (see README.md): CM-content-distribution-error-80070070,
CM-content-distribution-idispatch-error,
CM-package-distribution-to-remote-dp-fails and CM-boot-image-distribution-fails.

Every value is invented: primary site P01 on CM01.CONTOSO.COM (Eastern,
UTC-5), distribution points DP02.CONTOSO.COM (Pacific, UTC-8), PXE01.CONTOSO.COM
(Mountain, UTC-7) and DP.FABRIKAM.COM in an untrusted domain (Central European,
UTC+1), whose logs are given, and DP03.CONTOSO.COM and a cloud distribution
point P01CDP1.CLOUDAPP.NET, which only the site server's logs name. All
logs are CMTrace format (`<![LOG[...]LOG]!><time="HH:MM:SS.mmm+bias" ...>`,
the bias in minutes, UTC = local time + bias), UTF-8 with CRLF line ends, on
one UTC timeline in November 2026; each server writes its own local time.
The lines the articles quote are kept as they print them; the rest (thread
starts, sends that succeed, status processing) follow the walk-throughs in
Microsoft's content-distribution guide, with our own values.
`python3 make_cm1.py` rewrites the folders byte for byte.
"""
from datetime import datetime, timedelta
import os

HERE = os.path.dirname(os.path.abspath(__file__))

DM = "SMS_DISTRIBUTION_MANAGER"
PX = "SMS_PACKAGE_TRANSFER_MANAGER"
DPPROV = "SMSDPProv"

SITE = "P01"
SITE_SERVER = "CM01.CONTOSO.COM"
# Minutes to add to local time to get UTC, as CMTrace writes them.
BIAS = {
    "CM01.CONTOSO.COM": 300,
    "DP02.CONTOSO.COM": 480,
    "PXE01.CONTOSO.COM": 420,
    "DP.FABRIKAM.COM": -60,
}
START = datetime(2026, 11, 9, 13, 0, 0)  # UTC
PID = 5428


def nal(server):
    return f'["Display=\\\\{server}\\"]MSWNET:["SMS_SITE={SITE}"]\\\\{server}\\'


class Log:
    """One server's log: entries kept by UTC time, written in local time."""

    def __init__(self, server, source_file):
        self.server = server
        self.bias = BIAS[server]
        self.source_file = source_file
        self.entries = []

    def add(self, utc, comp, thread, msg, kind=1):
        self.entries.append((utc, len(self.entries), comp, thread, msg, kind))

    def lines(self):
        out = []
        for utc, _, comp, thread, msg, kind in sorted(self.entries):
            local = utc - timedelta(minutes=self.bias)
            ms = local.microsecond // 1000
            time = f"{local:%H:%M:%S}.{ms:03d}{self.bias:+d}"
            date = f"{local:%m-%d-%Y}"
            out.append(
                f'<![LOG[{msg}]LOG]!><time="{time}" date="{date}" component="{comp}" '
                f'context="" type="{kind}" thread="{thread}" file="{self.source_file}">'
            )
        return out


def write(folder, name, log, bom=False):
    os.makedirs(os.path.join(HERE, folder), exist_ok=True)
    text = "\r\n".join("\n".join(log.lines()).split("\n")) + "\r\n"
    with open(os.path.join(HERE, folder, name), "wb") as f:
        f.write((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))


def statmsg(msg_id, comp, tid, utc, istrs, attrs, sev="I"):
    ms = utc.microsecond // 1000
    gmt = f"{utc:%a %b %d %H:%M:%S}.{ms:03d} {utc:%Y}"
    istr = " ".join(f'ISTR{i}="{istrs[i] if i < len(istrs) else ""}"' for i in range(10))
    aids = " ".join(f'AID{i}={a} AVAL{i}="{v}"' for i, (a, v) in enumerate(attrs))
    return (f'STATMSG: ID={msg_id} SEV={sev} LEV=M SOURCE="SMS Server" COMP="{comp}" '
            f"SYS={SITE_SERVER} SITE={SITE} PID={PID} TID={tid} GMTDATE={gmt} {istr} "
            f"NUMATTRS={len(attrs)} {aids}")


def tick(t, seconds):
    return t + timedelta(seconds=seconds, milliseconds=37 * (int(seconds) % 7))


# ---------------------------------------------------------------- noise


def distmgr_round(log, t, package, version, dp, threads):
    """A package change processed normally: main thread, package processing
    thread, DP thread creating the transfer job, and the status update that
    comes back from Package Transfer Manager a few minutes later."""
    main, proc, dpt, repl = threads
    log.add(t, DM, main, f"Adding package '{package}' to package processing queue.")
    log.add(tick(t, 1), DM, main, "~Currently using 0 out of 3 allowed package processing threads.")
    log.add(tick(t, 1), DM, main,
            f"~Started package processing thread for package '{package}', thread ID = 0x{proc:X} ({proc})")
    log.add(tick(t, 2), DM, proc, f"~Processing package {package} (SourceVersion:{version};StoredVersion:{version})")
    log.add(tick(t, 2), DM, proc,
            f"No action specified for the package {package}, however there may be package server changes for this package.")
    log.add(tick(t, 3), DM, proc, f"Start adding package {package} to server {nal(dp)}...")
    log.add(tick(t, 3), DM, proc,
            f"~Created DP processing thread {dpt} for addition or update of package {package} on server {nal(dp)}")
    log.add(tick(t, 3), DM, proc, f"~Waiting for all DP threads to complete for package {package} processing thread.")
    log.add(tick(t, 4), DM, dpt, f"DP Thread: Attempting to add or update package {package} on DP {nal(dp)}")
    log.add(tick(t, 5), DM, dpt,
            f"~Created package transfer job to send package {package} to distribution point {nal(dp)}.")
    log.add(tick(t, 5), DM, dpt, statmsg(2357, DM, dpt, tick(t, 5), [package, nal(dp)], [(400, package), (404, nal(dp))]))
    log.add(tick(t, 6), DM, proc,
            f"~DP thread for package {package} with thread handle 00000000000025{dpt % 100:02d} and thread ID {dpt} ended.")
    log.add(tick(t, 6), DM, proc, f"~All DP threads have completed for package {package} processing thread.")
    log.add(tick(t, 6), DM, proc, f"~Exiting package processing thread for package {package}.")
    s = t + timedelta(minutes=3, seconds=20)
    sta = f"E:\\ConfigMgr\\inboxes\\distmgr.box\\INCOMING\\{package[-4:]}{version:02d}XQ.STA"
    log.add(s, DM, repl, f"~Processing incoming file {sta}.")
    log.add(tick(s, 1), DM, repl, f"~Processing STA for regular DP {nal(dp)}")
    log.add(tick(s, 1), DM, repl, f"~Processing status update for package {package}")
    log.add(tick(s, 1), DM, repl,
            f"~Successfully updated the package server status for {nal(dp)} for package {package}, Status 3")
    log.add(tick(s, 2), DM, repl, statmsg(2330, DM, repl, tick(s, 2), [package, nal(dp)], [(400, package), (404, nal(dp))]))
    log.add(tick(s, 2), DM, repl, f"~Successfully delete package status file {sta}")


def pkgxfer_ok(log, t, job, package, version, dp, main, thread):
    """A send to a standard distribution point that completes."""
    log.add(t, PX, main,
            f"Found send request with ID: {job}, Package: {package}, Version:{version}, Priority: 2, "
            f"Destination: {dp}, DPPriority: 200")
    log.add(tick(t, 1), PX, main, f"~Created sending thread (Thread ID = 0x{thread:X})")
    log.add(tick(t, 1), PX, thread,
            f"Sending thread starting for Job: {job}, package: {package}, Version: {version}, Priority: 2, "
            f"server: {dp}, DPPriority: 200")
    log.add(tick(t, 2), PX, thread,
            f"Sent status to the distribution manager for pkg {package}, version {version}, status 0 and "
            f"distribution point {nal(dp)}~")
    log.add(tick(t, 2), PX, thread, f"Sending legacy content {package}.{version} for package {package}")
    log.add(tick(t, 2), PX, thread, "Redistribute=0, Related=")
    log.add(tick(t, 40), PX, thread, f"Completed post-actions for remote DP {dp}")
    log.add(tick(t, 40), PX, thread, "~Sending completed successfully")
    log.add(tick(t, 41), PX, thread, f"~Finished sending SWD package {package} version {version} to distribution point {dp}")
    log.add(tick(t, 41), PX, thread,
            statmsg(8200, PX, thread, tick(t, 41), [package, str(version), dp], [(400, package), (410, str(version))]))
    log.add(tick(t, 42), PX, thread,
            f"Sent status to the distribution manager for pkg {package}, version {version}, status 3 and "
            f"distribution point {nal(dp)}~")
    log.add(tick(t, 42), PX, thread, "Sending thread complete~")


def dpprov_added(log, t, package, version, thread):
    log.add(t, DPPROV, thread, f"Content '{package}.{version}' for package '{package}' has been added to content library successfully")


def restart(t, bias, zone):
    local = t - timedelta(minutes=bias)
    return f"{local.month}/{local.day}/{local.year} {local:%I:%M:%S %p}".replace(" 0", " ") + f" {zone}"


def noise_days(distmgr, pkgxfer, dpprov, hours, skip=()):
    """Other packages going to DP02 every 110 minutes."""
    packages = ["P0100031", "P0100034", "P0100035", "P010003A"]
    for k, minutes in enumerate(range(20, hours * 60, 110)):
        if k in skip:
            continue
        t = START + timedelta(minutes=minutes, seconds=k * 7 % 50)
        package = packages[k % len(packages)]
        version = 2 + k % 3
        if distmgr is not None:
            distmgr_round(distmgr, t, package, version, "DP02.CONTOSO.COM", (4824, 2904 + 8 * k, 3792 + 4 * k, 6116))
        if pkgxfer is not None:
            pkgxfer_ok(pkgxfer, t + timedelta(minutes=1), 580 + k, package, version, "DP02.CONTOSO.COM", 5392, 3020 + 12 * k)
        if dpprov is not None:
            dpprov_added(dpprov, t + timedelta(minutes=1, seconds=35), package, version, 1304 + 4 * (k % 9))


# ------------------------------------------------- CM-content-distribution-error-80070070

CLOUD = "P01CDP1.CLOUDAPP.NET"
STACK = [
    "Call stack:",
    "at Microsoft.ConfigurationManager.AzureRoles.ContentManager.BranchCacheContentInfoStreamClass.Complete()",
    "at Microsoft.ConfigurationManager.AzureRoles.ContentManager.ContentInfoStream.Close()",
    "at Microsoft.ConfigurationManager.AzureRoles.ContentManager.CryptoUtilities.EncryptAndUploadFileAndSaveContentInfo(String fileName, String contentInfoFullPath, CloudBlockBlob blob, EncryptionParams encryptionParams, IsCanceledCallback isCanceledDelegate)",
    "at Microsoft.ConfigurationManager.AzureRoles.ContentManager.ContentManager.RecursiveUpload(String packageId, ContentRouter contentRouter, CloudBlobContainer container, String sourceDir, String contentInfoDir, String relativeTargetPath, EncryptionParams encryptionParams, Int32& fileCounter)",
    "at Microsoft.ConfigurationManager.AzureRoles.ContentManager.ContentManager.UploadContent(String packageId, String contentId, String contentSource, String contentInfoPath, Boolean uploadFiles, EncryptionParams encryptionParams, ContentRouter contentRouter, String& contentInfoFile)",
    "at Microsoft.ConfigurationManager.AzureRoles.ContentManager.ContentManager.UploadPackageToCloudWithContentInfo(String packageId, String contentSource, String contentInfoPath, String cloudDP, String encryptionKey, String algName, Int32 keySize, Int32 blockSize, String& contentInfoFile)",
]


def cloud_rounds(pkgxfer, failing, stack=STACK):
    package, version = "P0100042", 3
    for attempt in range(6):
        t = START + timedelta(hours=1, minutes=5 + 60 * attempt, seconds=11)
        thread = 7720 + 16 * attempt
        job = 611
        pkgxfer.add(t, PX, 5392,
                    f"Found send request with ID: {job}, Package: {package}, Version:{version}, Priority: 2, "
                    f"Destination: {CLOUD}, DPPriority: 200")
        pkgxfer.add(tick(t, 1), PX, 5392, f"~Created sending thread (Thread ID = 0x{thread:X})")
        pkgxfer.add(tick(t, 1), PX, thread,
                    f"Sending thread starting for Job: {job}, package: {package}, Version: {version}, Priority: 2, "
                    f"server: {CLOUD}, DPPriority: 200")
        pkgxfer.add(tick(t, 3), PX, thread, f"About to upload files from package source directory E:\\SMSPKGSIG\\{package}")
        if failing:
            msg = ("WARNING: Caught exception System.Runtime.InteropServices.COMException - There is not enough "
                   "space on the disk. (Exception from HRESULT: 0x80070070)\n" + "\n".join(stack))
            pkgxfer.add(tick(t, 95), PX, thread, msg, kind=2)
            pkgxfer.add(tick(t, 96), PX, thread,
                        f"~ Sending failed. Failure count = {attempt + 1}, Restart time = "
                        f"{restart(t + timedelta(hours=1), BIAS[SITE_SERVER], 'Eastern Standard Time')}", kind=3)
        else:
            pkgxfer.add(tick(t, 95), PX, thread, "~Sending completed successfully")
            pkgxfer.add(tick(t, 95), PX, thread,
                        f"~Finished sending SWD package {package} version {version} to distribution point {CLOUD}")
            pkgxfer.add(tick(t, 96), PX, thread, "Sending thread complete~")
            return


def cm_80070070():
    # The near miss: the same exception raised while the encrypted file is
    # uploaded, its stack without the BranchCache content information frames.
    other_stack = STACK[:1] + STACK[3:]
    cases = (("cm-80070070-cache", True, STACK), ("cm-80070070-healthy", False, STACK),
             ("cm-80070070-nobranchcache", True, other_stack))
    for case, failing, stack in cases:
        distmgr = Log(SITE_SERVER, "")
        pkgxfer = Log(SITE_SERVER, "")
        dpprov = Log("DP02.CONTOSO.COM", "")
        noise_days(distmgr, pkgxfer, dpprov, 12)
        cloud_rounds(pkgxfer, failing, stack)
        write(case, "CM01-distmgr.log", distmgr)
        write(case, "CM01-PkgXferMgr.log", pkgxfer)
        write(case, "DP02-SMSDPProv.log", dpprov, bom=True)


# ------------------------------------------------- CM-content-distribution-idispatch-error

NEW_DP = "DP03.CONTOSO.COM"


def dp_install(distmgr, failing):
    """The DP upgrade worker thread installing DP03, once an hour until it works."""
    for attempt in range(5 if failing else 1):
        t = START + timedelta(hours=2, minutes=60 * attempt, seconds=14)
        worker = 4788 + 20 * attempt
        distmgr.add(t, DM, 6504, f"~Starting the DP upgrade worker thread for {nal(NEW_DP)}, thread ID = 0x{worker:X} ({worker})")
        distmgr.add(tick(t, 2), DM, worker,
                    f"Installed ISAPI on {NEW_DP}, copied E:\\ConfigMgr\\bin\\x64\\..\\x64\\smsfileisapi.dll to "
                    f"\\\\{NEW_DP}\\ADMIN$\\system32\\inetsrv\\smsfileisapi.dll")
        distmgr.add(tick(t, 3), DM, worker, f"~Successfully created share SMS_DP$ on server {NEW_DP}")
        distmgr.add(tick(t, 20), DM, worker, f"~OS version 10.0.20348: installed IIS on remote server {NEW_DP}.")
        distmgr.add(tick(t, 22), DM, worker, f"MSXML 6.0 is configured on DP {NEW_DP} successfully")
        distmgr.add(tick(t, 40), DM, worker, "~Successfully installed DP WMI provider on the remote distribution point")
        if failing:
            for retry in range(3):
                r = t + timedelta(seconds=42 + 6 * retry)
                distmgr.add(r, DM, worker, "CWmi::PutObject(): PutInstance() failed. - 0x80041013", kind=3)
                distmgr.add(tick(r, 0), DM, worker, "ERROR CreateApplicationPool: Failed with error = IDispatch error #3603", kind=3)
                distmgr.add(tick(r, 1), DM, worker,
                            "ERROR CreateVirtualDirectory: Failed to update virtual directory SMS_DP_SMSPKG$. error = IDispatch error #3603", kind=3)
                distmgr.add(tick(r, 1), DM, worker,
                            f"vdHelper.CreateVirtualDirectory() - Failed to CreateVirtualDirectory SMS_DP_SMSPKG$ for DP {NEW_DP}. Will retry in 5 seconds", kind=2)
        else:
            distmgr.add(tick(t, 44), DM, worker, f"Configure IIS virtual directories successfully on the distribution point {NEW_DP}")
            distmgr.add(tick(t, 45), DM, worker, "ConfigureDP")
            distmgr.add(tick(t, 46), DM, worker, f"DP registry settings have been successfully updated on {NEW_DP}")


def cm_idispatch():
    for case, failing in (("cm-idispatch-3603", True), ("cm-idispatch-healthy", False)):
        distmgr = Log(SITE_SERVER, "")
        pkgxfer = Log(SITE_SERVER, "")
        dpprov = Log("DP02.CONTOSO.COM", "")
        noise_days(distmgr, pkgxfer, dpprov, 12)
        dp_install(distmgr, failing)
        write(case, "CM01-distmgr.log", distmgr)
        write(case, "CM01-PkgXferMgr.log", pkgxfer)
        write(case, "DP02-SMSDPProv.log", dpprov, bom=True)


# ------------------------------------------------- CM-package-distribution-to-remote-dp-fails

FAB = "DP.FABRIKAM.COM"


def fabrikam_sends(pkgxfer, dpprov, failing, install_account=True):
    package, version = "P010002C", 1
    for attempt in range(6 if failing else 1):
        t = START + timedelta(hours=3, minutes=60 * attempt, seconds=3)
        thread = 4892 + 24 * attempt
        job = 726
        pkgxfer.add(t, PX, 7280,
                    f"Found send request with ID: {job}, Package: {package}, Version:{version}, Priority: 2, "
                    f"Destination: {FAB}, DPPriority: 200")
        pkgxfer.add(tick(t, 1), PX, 7280, f"~Created sending thread (Thread ID = 0x{thread:X})")
        pkgxfer.add(tick(t, 1), PX, thread,
                    f"Sending thread starting for Job: {job}, package: {package}, Version: {version}, Priority: 2, "
                    f"server: {FAB}, DPPriority: 200")
        if install_account:
            pkgxfer.add(tick(t, 1), PX, thread, f'~"FABRIKAM\\svc-cminstall" user will be used to connect to the remote DP machine "{FAB}"')
        pkgxfer.add(tick(t, 2), PX, thread, f"Sending legacy content {package}.{version} for package {package}")
        if failing:
            pkgxfer.add(tick(t, 3), PX, thread, "CContentDefinition::TotalFileSizes failed; 0x8007052e", kind=3)
            pkgxfer.add(tick(t, 3), PX, thread, "CSendFileAction::SendFiles failed; 0x8007052e", kind=3)
            pkgxfer.add(tick(t, 3), PX, thread, "CSendFileAction::SendContent failed; 0x8007052e", kind=3)
            pkgxfer.add(tick(t, 4), PX, thread,
                        f"Sent status to the distribution manager for pkg {package}, version {version}, status 4 and "
                        f"distribution point {nal(FAB)}~")
            pkgxfer.add(tick(t, 4), PX, thread,
                        f"~ Sending failed. Failure count = {attempt + 1}, Restart time = "
                        f"{restart(t + timedelta(hours=1), BIAS[SITE_SERVER], 'Eastern Standard Time')}", kind=3)
        else:
            pkgxfer.add(tick(t, 30), PX, thread, f"Completed post-actions for remote DP {FAB}")
            pkgxfer.add(tick(t, 30), PX, thread, "~Sending completed successfully")
            pkgxfer.add(tick(t, 31), PX, thread, f"~Finished sending SWD package {package} version {version} to distribution point {FAB}")
            pkgxfer.add(tick(t, 31), PX, thread, "Sending thread complete~")
            dpprov_added(dpprov, t + timedelta(seconds=29), package, version, 2996)


def cm_remotedp():
    cases = (("cm-remotedp-logon", True, True), ("cm-remotedp-healthy", False, True),
             ("cm-remotedp-noaccount", True, False))
    for case, failing, account in cases:
        distmgr = Log(SITE_SERVER, "")
        pkgxfer = Log(SITE_SERVER, "")
        fabprov = Log(FAB, "")
        noise_days(distmgr, pkgxfer, None, 12)
        # The Fabrikam DP got its other content before the library moved.
        for k, package in enumerate(["P0100031", "P0100034"]):
            dpprov_added(fabprov, START + timedelta(minutes=30 + 45 * k), package, 2, 2996)
        fabrikam_sends(pkgxfer, fabprov, failing, account)
        write(case, "CM01-distmgr.log", distmgr)
        write(case, "CM01-PkgXferMgr.log", pkgxfer)
        write(case, "FABDP-SMSDPProv.log", fabprov, bom=True)


# ------------------------------------------------- CM-boot-image-distribution-fails

PXE = "PXE01.CONTOSO.COM"


def boot_image_rounds(distmgr, pxeprov, failing):
    package, version = "P0100005", 4
    for attempt in range(4 if failing else 1):
        t = START + timedelta(hours=4, minutes=90 * attempt, seconds=55)
        main, proc = 4824, 3472 + 8 * attempt
        distmgr.add(t, DM, main, f"Adding package '{package}' to package processing queue.")
        distmgr.add(tick(t, 1), DM, main,
                    f"~Started package processing thread for package '{package}', thread ID = 0x{proc:X} ({proc})")
        distmgr.add(tick(t, 2), DM, proc, f"~Processing package {package} (SourceVersion:{version};StoredVersion:{version})")
        distmgr.add(tick(t, 3), DM, proc, statmsg(2375, DM, proc, tick(t, 3), [nal(PXE)], [(404, nal(PXE))]))
        distmgr.add(tick(t, 3), DM, proc,
                    f"User (NT AUTHORITY\\SYSTEM) running application(SMS_DISTRIBUTION_MANAGER) from machine "
                    f"({SITE_SERVER}) is submitting SDK changes from site({SITE})")
        distmgr.add(tick(t, 4), DM, proc,
                    f"RDC: Successfully created package signature file from \\\\?\\E:\\SMSPKGSIG\\{package}.{version} "
                    f"to \\\\{SITE_SERVER}\\SMSSIG$\\{package}.{version}.tar")
        distmgr.add(tick(t, 4), DM, proc,
                    f'Setting permissions on file MSWNET:["SMS_SITE={SITE}"]\\\\{SITE_SERVER}\\SMSSIG$\\{package}.{version}.tar.')
        distmgr.add(tick(t, 5), DM, proc, f"ExpandPXEImage: {package}, 16778240")
        if failing:
            distmgr.add(tick(t, 5), DM, proc, "CContentDefinition::GetFileProperties failed; 0x80070003", kind=3)
            distmgr.add(tick(t, 5), DM, proc, "CContentDefinition::TotalFileSizes failed; 0x80070003", kind=3)
            distmgr.add(tick(t, 5), DM, proc, "ExpandPXEImage failed; 0x80070003", kind=3)
            distmgr.add(tick(t, 5), DM, proc, "Error occurred. Performing error cleanup prior to returning.", kind=3)
            distmgr.add(tick(t, 6), DM, proc, f"~Exiting package processing thread for package {package}.")
        else:
            dpt = 5120
            distmgr.add(tick(t, 30), DM, proc, f"Start adding package {package} to server {nal(PXE)}...")
            distmgr.add(tick(t, 30), DM, dpt, f"DP Thread: Attempting to add or update package {package} on DP {nal(PXE)}")
            distmgr.add(tick(t, 31), DM, dpt,
                        f"~Created package transfer job to send package {package} to distribution point {nal(PXE)}.")
            distmgr.add(tick(t, 31), DM, dpt,
                        statmsg(2357, DM, dpt, tick(t, 31), [package, nal(PXE)], [(400, package), (404, nal(PXE))]))
            distmgr.add(tick(t, 32), DM, proc, f"~All DP threads have completed for package {package} processing thread.")
            distmgr.add(tick(t, 32), DM, proc, f"~Exiting package processing thread for package {package}.")
            dpprov_added(pxeprov, t + timedelta(minutes=4), package, version, 3384)


def cm_bootimage():
    for case, failing in (("cm-bootimage-nosms", True), ("cm-bootimage-healthy", False)):
        distmgr = Log(SITE_SERVER, "")
        dp02 = Log("DP02.CONTOSO.COM", "")
        pxeprov = Log(PXE, "")
        noise_days(distmgr, None, dp02, 12)
        for k, package in enumerate(["P0100031", "P0100035"]):
            dpprov_added(pxeprov, START + timedelta(minutes=140 + 200 * k), package, 3, 3384)
        boot_image_rounds(distmgr, pxeprov, failing)
        write(case, "CM01-distmgr.log", distmgr)
        write(case, "DP02-SMSDPProv.log", dp02, bom=True)
        write(case, "PXE01-SMSDPProv.log", pxeprov)


def cm_bootimage_clipboard():
    """An admin's mail quoting rows copied out of CMTrace (tab-separated, the
    German console's dates, Central European time) on another site."""
    site, server, package = "B01", "CMB01.CONTOSO.DE", "B0100012"
    dp = f'["Display=\\\\PXEB1.CONTOSO.DE\\"]MSWNET:["SMS_SITE={site}"]\\\\PXEB1.CONTOSO.DE\\'
    local = "12.11.2026 09:40:17"
    rows = [
        (f'STATMSG: ID=2375 SEV=I LEV=M SOURCE="SMS Server" COMP="SMS_DISTRIBUTION_MANAGER" SYS={server} '
         f'SITE={site} PID=2244 TID=3472 GMTDATE=Thu Nov 12 08:40:17.233 2026 ISTR0="{dp}" ISTR1="" ISTR2="" '
         f'ISTR3="" ISTR4="" ISTR5="" ISTR6="" ISTR7="" ISTR8="" ISTR9="" NUMATTRS=1 AID0=404 AVAL0="{dp}"'),
        (f"User (NT AUTHORITY\\SYSTEM) running application(SMS_DISTRIBUTION_MANAGER) from machine ({server}) "
         f"is submitting SDK changes from site({site})"),
        (f"RDC: Successfully created package signature file from \\\\?\\D:\\SMSPKGSIG\\{package}.7 to "
         f"\\\\{server}\\SMSSIG$\\{package}.7.tar"),
        f"ExpandPXEImage: {package}, 16778240",
        "CContentDefinition::GetFileProperties failed; 0x80070003",
        "CContentDefinition::TotalFileSizes failed; 0x80070003",
        "ExpandPXEImage failed; 0x80070003",
        "Error occurred. Performing error cleanup prior to returning.",
    ]
    text = ["Hallo,", "",
            "since this morning our boot image will not go to the PXE DP. CMTrace on the site server shows:", ""]
    text += [f"{r}\t{DM}\t{local}\t3472 (0x0D90)" for r in rows]
    text += ["", "The DP is fine for every other package. Any idea?", ""]
    os.makedirs(os.path.join(HERE, "cm-bootimage-clipboard"), exist_ok=True)
    with open(os.path.join(HERE, "cm-bootimage-clipboard", "from-the-admin.txt"), "wb") as f:
        f.write("\r\n".join(text).encode("utf-8"))


if __name__ == "__main__":
    cm_80070070()
    cm_idispatch()
    cm_remotedp()
    cm_bootimage()
    cm_bootimage_clipboard()
