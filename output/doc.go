// Package output writes and finalises a pactsim results directory: the runs
// table (and the optional trajectories and states tables) in parts, as
// Parquet and Arrow IPC; the summary, contrasts and points tables; their
// CSV twins and the codebook; and the manifest.
//
// The layout of a directory DIR:
//
//	DIR/runs/part-NNNNN.parquet          one row per (point, replicate, architecture)
//	DIR/trajectories/part-NNNNN.parquet  optional: one row per ... and period
//	DIR/states/part-NNNNN.parquet        optional: one row per ... and state
//	DIR/summary.parquet, summary.csv     per (point, architecture, outcome)
//	DIR/contrasts.parquet, contrasts.csv per (point, pair, outcome)
//	DIR/points.parquet                   the design matrix
//	DIR/codebook.csv                     every column of every table
//	DIR/arrow/TABLE/part-NNNNN.arrow, DIR/arrow/summary.arrow, DIR/arrow/contrasts.arrow,
//	DIR/arrow/points.arrow               the Arrow twins, when the layout chooses Arrow
//	DIR/manifest.json                    written last
//	DIR/.lock                            flock-ed by the one writer (LockDir)
//	DIR/.parts.sha256                    the journal of an unfinished run (removed by the manifest)
//	DIR/.tasks                           the task range an unfinished run was begun with (removed by the manifest)
//
// A part is named by its first task (PartName): part-NNNNN, or
// part-NNNNN_OOO for a fragment that a shard boundary starts inside part
// NNNNN; the writers take the name from the caller and order parts by
// (NNNNN, OOO) as numbers, which is task order.
//
// Invariants:
//
//   - Bytes depend only on the inputs. A part's files depend on the Layout
//     and the rows of its task range alone: nothing from time, host, worker
//     count or shard count enters them (categorical dictionaries are seeded
//     in config order, row groups are cut at a fixed row count). Wall-clock
//     time appears only in manifest.json.
//   - A file is final only when renamed. Every file is written through one
//     helper (AtomicFile, WriteFileAtomic) as .NAME.RANDOM.tmp in its own
//     folder, synced, renamed, and the folder synced; a failed part or
//     table removes its temporary files and anything of it already
//     renamed, so nothing half-written is ever left looking complete. A
//     part is complete when it is final in every table and format
//     (FinalParts), and trusted by a resumed run only when CheckPart
//     passes: every file matches the SHA-256 its journal line recorded when
//     it was written, and reads back with the right schema and rows.
//   - One writer per directory: LockDir takes an flock on DIR/.lock, and a
//     second writer gets a *BusyError (a usage error) naming the holder.
//   - Null, never NaN. An undefined outcome is null (and an error if the
//     outcome registry says it cannot be undefined); a NaN or infinite
//     outcome is an error; so is a NaN or infinity in a trajectory or
//     state record, whose columns are never null (their schemas say so).
//   - One code path for statistics. Finalize reads the runs parts back from
//     disk in part order, one at a time, checks they are exactly the plan's
//     tasks in task order, and accumulates every statistic in that order,
//     so run, resume and merge produce identical bytes. It streams by
//     point: only the current point's accumulators are held, and the whole
//     tables are written in batches of a fixed row count, so memory does
//     not grow with the number of points. A plan with one architecture has
//     no contrasts table.
//   - Every column carries description, unit and range field metadata and
//     every schema the config hash, engine version and model version.
//
// A Dataset is read-only and may be shared; a PartWriter belongs to one
// goroutine. Every Arrow buffer is released before a call returns.
package output
