"""`manage.py prune [--dry-run]`: remove everything past its retention now, in small batches.

The every-minute sweep does the same a few thousand rows at a time; this command goes on until
nothing past its retention is left (after lowering a retention, or on a hub without workers) and
prints what it removed. Failed and unresolved rows are kept (see sync/services/retention.py).
"""

from django.core.management.base import BaseCommand

from sync.services.retention import BatchTiming, prune, prune_preview, retained_kinds, retention_days


class Command(BaseCommand):
    help = "Remove events, runs, records, notification lines and document files past their retention."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be removed.")
        parser.add_argument("--batch-size", type=int, default=None, help="Rows per transaction (RETAIN_BATCH_SIZE).")

    def handle(self, *args, dry_run=False, batch_size=None, **options):
        timing = BatchTiming()
        counts = prune_preview() if dry_run else prune(batch_size=batch_size, timing=timing)
        verb = "would remove" if dry_run else "removed"
        for kind in retained_kinds():
            days = retention_days(kind)
            kept = f"kept {days} days" if days > 0 else "kept forever (retention 0)"
            self.stdout.write(f"{kind.name}: {verb} {counts[kind.name]} ({kind.description}; {kept})")
        total = sum(counts.values())
        if dry_run:
            self.stdout.write(f"total: {verb} {total}; nothing was removed (--dry-run)")
        else:
            self.stdout.write(
                f"total: {verb} {total} in {timing.batches} batch(es), longest {timing.longest_ms:.0f} ms"
            )
