package dev.distlab.verify.bench;

/** One side of a comparison: what the table calls it and the wrk run that measures it. */
record Side(String label, WrkRun run) {
}
