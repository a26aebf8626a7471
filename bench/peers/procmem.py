"""Resident memory of this process from /proc/self/status (Linux): VmRSS now, VmHWM the peak, in bytes."""


def rss(field):
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0
