"""The setup checklist of each integration, in the order the "Getting started" page follows.

Each module has `TITLE`, `SUMMARY` (one line on what the integration does) and `rows(evidence)`
returning `ChecklistRow`s (sync.console.checklist)."""

from sync.console.checklists import badges, compliance, screening

CHECKLISTS = {"badges": badges, "compliance": compliance, "screening": screening}
