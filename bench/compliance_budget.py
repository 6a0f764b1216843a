"""The `budget:` block of bench/compliance_sync.py: each vendor's documented rate budget the measured
run used, and a projection for 5,000 people from it."""

import re

TARGET_PEOPLE = 5000
# Documented limits (../shared/contracts/credentially.md §4.1, icims.md §5): Credentially's
# per-second buckets by path (the first pattern that matches), iCIMS's licence per customer per day.
CREDENTIALLY_BUCKETS = [
    (re.compile(r"/api/documents/download"), "download-file", 5),
    (re.compile(r"/api/compliance-packages/."), "profile-compliance-packages", 25),
    (re.compile(r"/api/profile/[^/?]+/(right-to-work|references)"), "profile-right-to-work/references", 100),
    (re.compile(r"/api/profile/all"), "load-all-profiles", 5),
    (re.compile(r"/api/profile/(find|metadata)"), "profile-by-email/metadata", 100),
    (re.compile(r"/api/profile/[^/?]+"), "profile-by-id", 100),
    (re.compile(r"/api/profile"), "create-profile (list, PATCH)", 25),
    (re.compile(r"/api/documents/"), "get-documents", 100),
    (re.compile(r"/api/dbs/"), "profile-dbs-load", 100),
]
ICIMS_PER_DAY = 10_000
SATURATED = 0.85  # a bucket's time for 5,000 people within 15% of the scaled run: that bucket bounds it


def budget_lines(people: int, run: dict, *, latency_ms: int) -> list[str]:
    """Each vendor's rate budget the first run used, and what 5,000 people would take."""
    seconds, served = max(run["seconds"], 0.001), run["served"]
    rates = {name: rate for _, name, rate in CREDENTIALLY_BUCKETS}
    lines, bounds = [], [(seconds * TARGET_PEOPLE / people, "the flow's concurrency")]
    buckets = sorted(
        ((k.split(":", 1)[1], v) for k, v in served.items() if k.startswith("bucket:") and v),
        key=lambda kv: -kv[1] / rates.get(kv[0], 1e9),  # the fullest bucket first
    )
    for name, calls in buckets:
        rate = rates.get(name)
        used = calls / seconds
        share = f"{100 * used / rate:.0f}% of {rate}/s" if rate else "no documented bucket"
        lines.append(f"  credentially {name}: {calls} calls = {used * 60:.0f}/min ({used:.1f}/s), {share}")
        if rate:
            bounds.append((calls / people * TARGET_PEOPLE / rate, f"Credentially's {name} bucket ({rate}/s)"))
    icims = served.get("icims", 0)
    per_minute = ICIMS_PER_DAY / 1440
    lines.append(
        f"  icims: {icims} calls = {icims / seconds * 60:.0f}/min against {ICIMS_PER_DAY:,} a day "
        f"({per_minute:.1f}/min): {100 * icims / seconds * 60 / per_minute:.0f}% of the daily rate, "
        f"{100 * icims / ICIMS_PER_DAY:.1f}% of a day's calls"
    )
    lines.append(f"  429s: credentially {served.get('429:credentially', 0)}, icims {served.get('429:icims', 0)}")
    minutes, bound = max(bounds)
    fullest = max(bounds[1:], default=None)
    if fullest is not None and fullest[0] >= SATURATED * bounds[0][0]:
        bound = fullest[1]  # the run was waiting on that bucket: scaling it up scales the wait
    minutes /= 60
    icims_target = icims / people * TARGET_PEOPLE
    days = (
        f"; and iCIMS's {ICIMS_PER_DAY:,} calls a day: {icims_target:,.0f} calls"
        f" = {icims_target / ICIMS_PER_DAY:.1f} days"
    )
    lines.append(
        f"{TARGET_PEOPLE} people: {minutes:.1f} min at {latency_ms} ms per call; bound by {bound}"
        + (days if icims_target > ICIMS_PER_DAY else "")
    )
    return lines
