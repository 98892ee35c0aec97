"""Reconciliation: matching anyone's list of place names, in any script or spelling, against the dataset's places.

Comparison keys across scripts (keys), the index of places read from the built dataset (index), scoring and
candidate choice (matching), the W3C Reconciliation Service API 0.2 answers — manifest, queries, suggest,
preview, data extension — independent of any server (service, extend, preview), question 3 for one place (today),
and the offline CSV batch (batch). Reads only the built dataset (dist/) with pyoxigraph; question 3 through the
named-query catalogue. May import `queries`, `vocabulary`, `paths` and `exports.spreadsheet` (safe CSV cells).
Nothing imports it but the command line (which hands the service to the endpoint) and the benchmark."""
