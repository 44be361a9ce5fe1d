// check.mjs DIR: an independent reader's check of a pactsim results
// directory. It shares no code with the Go writer: it opens every Arrow IPC
// file with Apache Arrow JS and every Parquet table with DuckDB, and checks
//
//   - every file the manifest lists is there with its size and SHA-256, and
//     every data file on disk is listed;
//   - column names and types against codebook.csv, in both readers, and the
//     description/unit/range field metadata and the config hash, for every
//     table: the runs and its companions, the analyses' (sensitivity,
//     discovery, discovery_limits) and a calibration's (calibration/trace,
//     calibration/targets);
//   - row counts against manifest.json, in both readers;
//   - each column's unit, range, description, source and nullability
//     against the codebook, in the Arrow IPC fields and in the Arrow schema
//     stored in every Parquet file, each Parquet column's repetition, no
//     null where the codebook says not nullable, and the config hash,
//     engine and model version in every file's schema metadata;
//   - every CSV copy (header, rows, each value; a null as an empty cell)
//     against its Parquet table;
//   - no NaN (or infinity) in any real column;
//   - the summary's n, mean and sd and the primary contrasts' n and
//     mean_diff (layered - treaty and treaty_plus_cells - layered), recomputed
//     from the runs table, to within 1e-9, and that they come first;
//   - the same by treaty formation (summary_by_formation,
//     contrasts_by_formation), with each row's stratum decided by its
//     stratified_by architecture's treaty_formed in the same replicate;
//   - an ablation's contributions (n and contribution), recomputed as the
//     mean over replicates of (a - b at point 0) - (a - b at the point).
//
// Exit status 0 when every check passes, 1 otherwise (each failure printed).

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { RecordBatchReader, tableFromIPC } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';

const TOL = 1e-9;
const PART_TABLES = ['runs', 'trajectories', 'states'];
const WHOLE_TABLES = ['summary', 'contrasts', 'points', 'summary_by_formation', 'contrasts_by_formation', 'contributions', 'breakeven',
  'sensitivity', 'discovery', 'discovery_limits'];
// A calibration's tables lie in calibration/, each with its Arrow IPC twin
// beside it (not under arrow/).
const CALIBRATION_TABLES = ['calibration/trace', 'calibration/targets'];
// Codebook type -> [Arrow JS type, DuckDB type].
const TYPES = {
  'int32': ['Int32', 'INTEGER'],
  'int64': ['Int64', 'BIGINT'],
  'float64': ['Float64', 'DOUBLE'],
  'bool': ['Bool', 'BOOLEAN'],
  'dictionary<int32, utf8>': ['Dictionary<Int32, Utf8>', 'VARCHAR'],
  'utf8': ['Utf8', 'VARCHAR'],
};

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node check.mjs DIR');
  process.exit(2);
}
const failures = [];
const fail = (msg) => failures.push(msg);
let checks = 0;
const ok = () => { checks++; };
const close = (a, b) => Math.abs(a - b) <= TOL * Math.max(1, Math.abs(a), Math.abs(b));

// --- manifest ---------------------------------------------------------------
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const listed = new Set();
for (const f of manifest.files) {
  listed.add(f.path);
  const path = join(dir, ...f.path.split('/'));
  if (!existsSync(path)) { fail(`${f.path}: listed in the manifest but missing`); continue; }
  const data = readFileSync(path);
  const sum = createHash('sha256').update(data).digest('hex');
  if (data.length !== f.bytes || sum !== f.sha256) fail(`${f.path}: size or sha256 differs from the manifest`);
  else ok();
}
const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]);
for (const path of walk(dir)) {
  const rel = relative(dir, path).split(sep).join('/');
  if (rel === 'manifest.json' || rel.split('/').some((p) => p.startsWith('.'))) continue;
  if (/\.(parquet|arrow|csv)$/.test(rel) && !listed.has(rel)) fail(`${rel}: on disk but not in the manifest`);
}

// --- codebook ---------------------------------------------------------------
function parseCSV(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, k) => [h, r[k]])));
}
const codebookPath = join(dir, 'codebook.csv');
const codebook = existsSync(codebookPath) ? parseCSV(readFileSync(codebookPath, 'utf8')) : null;
const expected = {}; // table -> [{name, type}]
if (codebook) {
  for (const r of codebook) (expected[r.table] ??= []).push({ ...r, name: r.name, type: r.type });
  for (const [table, cols] of Object.entries(expected)) {
    for (const c of cols) if (!TYPES[c.type]) fail(`codebook: ${table}.${c.name}: unknown type ${c.type}`);
  }
} else {
  console.log('no codebook.csv (a shard?): column types are checked between the readers only');
}

// Files of each table present.
const tables = {};
for (const t of PART_TABLES) {
  const pq = existsSync(join(dir, t)) ? readdirSync(join(dir, t)).filter((n) => /^part-\d+(_\d+)?\.parquet$/.test(n)).sort() : [];
  if (!pq.length) continue;
  const ad = join(dir, 'arrow', t);
  const arrow = existsSync(ad) ? readdirSync(ad).filter((n) => /^part-\d+(_\d+)?\.arrow$/.test(n)).sort().map((n) => join(ad, n)) : [];
  tables[t] = { glob: join(dir, t, '*.parquet'), arrow };
}
for (const t of WHOLE_TABLES) {
  if (!existsSync(join(dir, `${t}.parquet`))) continue;
  const a = join(dir, 'arrow', `${t}.arrow`);
  tables[t] = { glob: join(dir, `${t}.parquet`), arrow: existsSync(a) ? [a] : [] };
}
for (const t of CALIBRATION_TABLES) {
  if (!existsSync(join(dir, `${t}.parquet`))) continue;
  const a = join(dir, `${t}.arrow`);
  tables[t] = { glob: join(dir, `${t}.parquet`), arrow: existsSync(a) ? [a] : [] };
}
for (const t of Object.keys(expected)) if (!tables[t]) fail(`${t}: in the codebook but no file holds it`);
// A part table of 0 rows has no file: an empty shard (one that owns no
// task) records its part tables so, and no other directory does.
const emptyShard = manifest.kind === 'shard' && manifest.shard != null && manifest.shard.task_lo === manifest.shard.task_hi;
for (const t of Object.keys(manifest.rows)) {
  if (tables[t]) continue;
  if (emptyShard && PART_TABLES.includes(t) && manifest.rows[t] === 0) continue;
  fail(`${t}: in the manifest rows but no file holds it`);
}

// --- Arrow IPC, with Apache Arrow JS ------------------------------------------
for (const [t, { arrow }] of Object.entries(tables)) {
  if (!arrow.length) continue;
  let rows = 0;
  for (const path of arrow) {
    const buf = readFileSync(path);
    if (buf.subarray(0, 6).toString('latin1') !== 'ARROW1') { fail(`${path}: not an Arrow IPC file (no ARROW1 magic)`); continue; }
    const table = tableFromIPC(buf);
    rows += table.numRows;
    const fields = table.schema.fields;
    const want = expected[t];
    if (want) {
      const got = fields.map((f) => `${f.name}:${f.type}`).join(', ');
      const exp = want.map((c) => `${c.name}:${TYPES[c.type]?.[0]}`).join(', ');
      if (got !== exp) fail(`${path}: columns\n  ${got}\nwant\n  ${exp}`);
      else ok();
    }
    for (const f of fields) {
      for (const key of ['description', 'unit', 'range']) {
        if (!f.metadata.has(key)) fail(`${path}: column ${f.name} has no ${key} metadata`);
      }
    }
    if (table.schema.metadata.get('pactsim.config_sha256') !== manifest.config_sha256) fail(`${path}: config hash differs from the manifest`);
    for (const f of fields) {
      if (String(f.type) !== 'Float64') continue;
      const col = table.getChild(f.name);
      let bad = 0;
      for (const v of col) if (v !== null && !Number.isFinite(v)) bad++;
      if (bad) fail(`${path}: ${f.name} has ${bad} NaN or infinite values`);
    }
  }
  if (manifest.rows[t] !== undefined && rows !== manifest.rows[t]) fail(`arrow/${t}: ${rows} rows, manifest says ${manifest.rows[t]}`);
  else ok();
}

// --- Parquet, with DuckDB -------------------------------------------------------
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
const q = async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS();
const lit = (s) => `'${s.replaceAll("'", "''")}'`;
const id = (s) => `"${s.replaceAll('"', '""')}"`;
const describe = {};
for (const [t, { glob }] of Object.entries(tables)) {
  await q(`CREATE VIEW ${id(t)} AS SELECT * FROM read_parquet(${lit(glob)})`);
  const cols = await q(`DESCRIBE ${id(t)}`);
  describe[t] = cols;
  const want = expected[t];
  if (want) {
    const got = cols.map((c) => `${c.column_name}:${c.column_type}`).join(', ');
    const exp = want.map((c) => `${c.name}:${TYPES[c.type]?.[1]}`).join(', ');
    if (got !== exp) fail(`${glob}: columns\n  ${got}\nwant\n  ${exp}`);
    else ok();
  }
  const [{ n }] = await q(`SELECT count(*)::DOUBLE AS n FROM ${id(t)}`);
  if (manifest.rows[t] !== undefined && n !== manifest.rows[t]) fail(`${glob}: ${n} rows, manifest says ${manifest.rows[t]}`);
  else ok();
  const reals = cols.filter((c) => c.column_type === 'DOUBLE').map((c) => id(c.column_name));
  if (reals.length) {
    const cond = reals.map((c) => `isnan(${c}) OR isinf(${c})`).join(' OR ');
    const [{ bad }] = await q(`SELECT count(*)::DOUBLE AS bad FROM ${id(t)} WHERE ${cond}`);
    if (bad) fail(`${glob}: ${bad} rows with a NaN or infinite value`);
    else ok();
  }
}

// --- the codebook's metadata and nullability, in every format ------------------
// Each column's unit, range, description, source and nullability in the
// codebook against the Arrow IPC fields and the Arrow schema stored in every
// Parquet file (what pyarrow, R's arrow and polars read), the Parquet
// column's repetition (REQUIRED where not nullable), no null in a column the
// codebook calls not nullable, and the provenance in every file's schema
// metadata: config hash, engine and model version, as in the manifest.
const provenance = { 'pactsim.config_sha256': manifest.config_sha256, 'pactsim.engine_version': manifest.engine_version, 'pactsim.model_version': manifest.model_version };
function checkFields(where, schema, want) {
  for (const [k, v] of Object.entries(provenance)) {
    if (schema.metadata.get(k) !== v) fail(`${where}: schema metadata ${k} is ${schema.metadata.get(k)}, manifest says ${v}`);
    else ok();
  }
  if (!want) return;
  for (const f of schema.fields) {
    const c = want.find((w) => w.name === f.name);
    if (!c) continue;
    if (String(f.nullable) !== c.nullable) fail(`${where}: ${f.name} nullable ${f.nullable}, codebook ${c.nullable}`);
    else ok();
    for (const key of ['unit', 'range', 'description', 'source']) {
      if ((f.metadata.get(key) ?? '') !== (c[key] ?? '')) fail(`${where}: ${f.name} ${key} ${JSON.stringify(f.metadata.get(key))}, codebook ${JSON.stringify(c[key])}`);
      else ok();
    }
  }
}
const EOS = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
for (const [t, { glob, arrow }] of Object.entries(tables)) {
  const want = expected[t];
  for (const path of arrow) {
    const table = tableFromIPC(readFileSync(path));
    checkFields(path, table.schema, want);
    for (const f of table.schema.fields) {
      const c = want?.find((w) => w.name === f.name);
      const nulls = table.getChild(f.name).nullCount;
      if (c?.nullable === 'false' && nulls) fail(`${path}: ${f.name} holds ${nulls} nulls, codebook says not nullable`);
    }
  }
  const files = (await q(`SELECT DISTINCT file_name AS f FROM parquet_kv_metadata(${lit(glob)}) ORDER BY 1`)).map((r) => r.f);
  for (const path of files) {
    const kv = Object.fromEntries((await q(`SELECT decode(key) AS k, value AS v FROM parquet_kv_metadata(${lit(path)})`)).map((r) => [r.k, Buffer.from(r.v)]));
    if (!kv['ARROW:schema']) { fail(`${path}: no stored Arrow schema (ARROW:schema)`); continue; }
    for (const [k, v] of Object.entries(provenance)) {
      if (kv[k]?.toString() !== v) fail(`${path}: key-value metadata ${k} is ${kv[k]}, manifest says ${v}`);
      else ok();
    }
    const reader = RecordBatchReader.from(Buffer.concat([Buffer.from(kv['ARROW:schema'].toString('latin1'), 'base64'), EOS]));
    reader.open();
    checkFields(`${path} (stored Arrow schema)`, reader.schema, want);
    if (!want) continue;
    for (const r of await q(`SELECT name, repetition_type AS rep FROM parquet_schema(${lit(path)}) WHERE name <> 'schema'`)) {
      const c = want.find((w) => w.name === r.name);
      if (c && (r.rep === 'OPTIONAL') !== (c.nullable === 'true')) fail(`${path}: ${r.name} is ${r.rep}, codebook nullable ${c.nullable}`);
      else ok();
    }
  }
  for (const c of want ?? []) {
    if (c.nullable !== 'false') continue;
    const [{ n }] = await q(`SELECT count(*)::DOUBLE AS n FROM ${id(t)} WHERE ${id(c.name)} IS NULL`);
    if (n) fail(`${glob}: ${c.name} holds ${n} nulls, codebook says not nullable`);
    else ok();
  }
}

// --- the CSV copies against the Parquet tables ------------------------------------
// Same header as the codebook, same rows in the same order, every value the
// same: a null as an empty cell, a real that reads back to the same float64,
// a flag as true/false, a categorical as its label.
for (const [t, { glob }] of Object.entries(tables)) {
  const path = join(dir, `${t}.csv`);
  if (PART_TABLES.includes(t) || !existsSync(path)) continue;
  const text = readFileSync(path, 'utf8');
  const header = text.slice(0, text.indexOf('\n')).split(',').map((h) => h.replace(/^"|"$/g, ''));
  const want = (expected[t] ?? describe[t].map((c) => ({ name: c.column_name }))).map((c) => c.name);
  if (header.join(',') !== want.join(',')) { fail(`${path}: header ${header}, want ${want}`); continue; }
  const csvRows = parseCSV(text);
  const pq = await q(`SELECT * FROM read_parquet(${lit(glob)}, file_row_number = true) ORDER BY file_row_number`);
  if (csvRows.length !== pq.length) { fail(`${path}: ${csvRows.length} rows, Parquet has ${pq.length}`); continue; }
  let bad = 0;
  for (let i = 0; i < pq.length; i++) {
    for (const name of want) {
      const s = csvRows[i][name];
      const v = pq[i][name];
      const same = v === null ? s === ''
        : typeof v === 'number' || typeof v === 'bigint' ? s !== '' && Number(s) === Number(v)
          : s === String(v);
      if (!same && bad++ < 5) fail(`${path}: row ${i} ${name} is ${JSON.stringify(s)}, Parquet has ${v}`);
    }
  }
  if (!bad) ok();
}

// --- statistics recomputed from the runs ------------------------------------------
if (tables.summary && tables.runs) {
  const outcomes = (await q(`SELECT DISTINCT outcome FROM summary ORDER BY outcome`)).map((r) => r.outcome);
  const archs = new Set((await q(`SELECT DISTINCT architecture FROM runs`)).map((r) => r.architecture));
  for (const o of outcomes) {
    const x = `CAST(${id(o)} AS DOUBLE)`;
    const rows = await q(`
      SELECT s.point, s.architecture, s.n::DOUBLE AS n, s.mean, s.sd,
             r.n::DOUBLE AS rn, r.mean AS rmean, r.sd AS rsd
      FROM summary s FULL JOIN (
        SELECT point, architecture, count(${x}) AS n, avg(${x}) AS mean, stddev_samp(${x}) AS sd
        FROM runs GROUP BY point, architecture) r
      ON s.point = r.point AND s.architecture = r.architecture
      WHERE s.outcome = ${lit(o)} OR s.outcome IS NULL`);
    for (const r of rows) {
      const where = `summary ${o} point ${r.point} ${r.architecture}`;
      if (r.n !== r.rn) { fail(`${where}: n ${r.n}, runs give ${r.rn}`); continue; }
      if ((r.mean === null) !== (r.rmean === null) || (r.mean !== null && !close(r.mean, r.rmean))) fail(`${where}: mean ${r.mean}, runs give ${r.rmean}`);
      else ok();
      if ((r.sd === null) !== (r.rsd === null) || (r.sd !== null && !close(r.sd, r.rsd))) fail(`${where}: sd ${r.sd}, runs give ${r.rsd}`);
      else ok();
    }
  }
  // The primary pairs present, in the order the contract lists them.
  const primary = [['layered', 'treaty'], ['treaty_plus_cells', 'layered']].filter(([a, b]) => archs.has(a) && archs.has(b));
  if (tables.contrasts) {
    for (const [pa, pb] of primary) {
      for (const o of outcomes) {
        const a = `CAST(a.${id(o)} AS DOUBLE)`, b = `CAST(b.${id(o)} AS DOUBLE)`;
        const rows = await q(`
          SELECT c.point, c.n::DOUBLE AS n, c.mean_diff, r.n::DOUBLE AS rn, r.md AS rmd
          FROM (SELECT * FROM contrasts WHERE outcome = ${lit(o)}
                AND architecture_a = ${lit(pa)} AND architecture_b = ${lit(pb)}) c
          FULL JOIN (
            SELECT a.point, count(${a} - ${b}) AS n, avg(${a} - ${b}) AS md
            FROM runs a JOIN runs b ON a.point = b.point AND a.replicate = b.replicate
            WHERE a.architecture = ${lit(pa)} AND b.architecture = ${lit(pb)}
            GROUP BY a.point) r ON c.point = r.point`);
        for (const r of rows) {
          const where = `contrast ${pa} - ${pb} ${o} point ${r.point}`;
          if (r.n !== r.rn) { fail(`${where}: n ${r.n}, runs give ${r.rn}`); continue; }
          if ((r.mean_diff === null) !== (r.rmd === null) || (r.rmd !== null && !close(r.mean_diff, r.rmd))) fail(`${where}: mean_diff ${r.mean_diff}, runs give ${r.rmd}`);
          else ok();
        }
      }
    }
    // The primary pairs come first at every point, in order.
    if (primary.length) {
      const K = outcomes.length;
      const first = await q(`
        SELECT point, k, architecture_a, architecture_b FROM (
          SELECT *, row_number() OVER (PARTITION BY point ORDER BY file_row_number) AS k
          FROM read_parquet(${lit(tables.contrasts.glob)}, file_row_number = true)) WHERE k <= ${primary.length * K}`);
      for (const r of first) {
        const [pa, pb] = primary[Math.floor((Number(r.k) - 1) / K)];
        if (r.architecture_a !== pa || r.architecture_b !== pb) fail(`contrasts: point ${r.point} row ${r.k} is ${r.architecture_a} - ${r.architecture_b}, want ${pa} - ${pb}`);
        else ok();
      }
    }
  }
}

// --- statistics by treaty formation, recomputed from the runs --------------------
const stratumOf = (alias) => `CASE WHEN ${alias}.treaty_formed IS NULL THEN NULL WHEN ${alias}.treaty_formed THEN 'treaty_formed' ELSE 'treaty_not_formed' END`;
if (tables.summary_by_formation && tables.runs) {
  const outcomes = (await q(`SELECT DISTINCT outcome FROM summary_by_formation ORDER BY outcome`)).map((r) => r.outcome);
  for (const o of outcomes) {
    const x = `CAST(r.${id(o)} AS DOUBLE)`;
    const rows = await q(`
      SELECT s.point, s.stratum, s.architecture, s.n::DOUBLE AS n, s.mean, s.sd,
             (SELECT count(${x}) FROM runs r JOIN runs d ON r.point = d.point AND r.replicate = d.replicate
              WHERE r.point = s.point AND r.architecture = s.architecture AND d.architecture = s.stratified_by
                AND ${stratumOf('d')} = s.stratum)::DOUBLE AS rn,
             (SELECT avg(${x}) FROM runs r JOIN runs d ON r.point = d.point AND r.replicate = d.replicate
              WHERE r.point = s.point AND r.architecture = s.architecture AND d.architecture = s.stratified_by
                AND ${stratumOf('d')} = s.stratum) AS rmean,
             (SELECT stddev_samp(${x}) FROM runs r JOIN runs d ON r.point = d.point AND r.replicate = d.replicate
              WHERE r.point = s.point AND r.architecture = s.architecture AND d.architecture = s.stratified_by
                AND ${stratumOf('d')} = s.stratum) AS rsd
      FROM summary_by_formation s WHERE s.outcome = ${lit(o)}`);
    for (const r of rows) {
      const where = `summary_by_formation ${o} point ${r.point} ${r.stratum} ${r.architecture}`;
      if (r.n !== r.rn) { fail(`${where}: n ${r.n}, runs give ${r.rn}`); continue; }
      if ((r.mean === null) !== (r.rmean === null) || (r.mean !== null && !close(r.mean, r.rmean))) fail(`${where}: mean ${r.mean}, runs give ${r.rmean}`);
      else ok();
      if ((r.sd === null) !== (r.rsd === null) || (r.sd !== null && !close(r.sd, r.rsd))) fail(`${where}: sd ${r.sd}, runs give ${r.rsd}`);
      else ok();
    }
  }
}
if (tables.contrasts_by_formation && tables.runs) {
  const outcomes = (await q(`SELECT DISTINCT outcome FROM contrasts_by_formation ORDER BY outcome`)).map((r) => r.outcome);
  for (const o of outcomes) {
    const dx = `CAST(a.${id(o)} AS DOUBLE) - CAST(b.${id(o)} AS DOUBLE)`;
    const sub = (agg) => `(SELECT ${agg}(${dx}) FROM runs a JOIN runs b ON a.point = b.point AND a.replicate = b.replicate
        JOIN runs d ON d.point = a.point AND d.replicate = a.replicate
        WHERE a.point = c.point AND a.architecture = c.architecture_a AND b.architecture = c.architecture_b
          AND d.architecture = c.stratified_by AND ${stratumOf('d')} = c.stratum)`;
    const rows = await q(`
      SELECT c.point, c.stratum, c.architecture_a, c.architecture_b, c.n::DOUBLE AS n, c.mean_diff,
             ${sub('count')}::DOUBLE AS rn, ${sub('avg')} AS rmd
      FROM contrasts_by_formation c WHERE c.outcome = ${lit(o)}`);
    for (const r of rows) {
      const where = `contrasts_by_formation ${o} point ${r.point} ${r.stratum} ${r.architecture_a} - ${r.architecture_b}`;
      if (r.n !== r.rn) { fail(`${where}: n ${r.n}, runs give ${r.rn}`); continue; }
      if ((r.mean_diff === null) !== (r.rmd === null) || (r.rmd !== null && !close(r.mean_diff, r.rmd))) fail(`${where}: mean_diff ${r.mean_diff}, runs give ${r.rmd}`);
      else ok();
    }
  }
}
// --- an ablation's contributions, recomputed from the runs -----------------------
if (tables.contributions && tables.runs) {
  const outcomes = (await q(`SELECT DISTINCT outcome FROM contributions ORDER BY outcome`)).map((r) => r.outcome);
  for (const o of outcomes) {
    const v = (t) => `CAST(${t}.${id(o)} AS DOUBLE)`;
    const d = `(${v('a0')} - ${v('b0')}) - (${v('a')} - ${v('b')})`;
    const rows = await q(`
      SELECT c.point, c.architecture_a, c.architecture_b, c.n::DOUBLE AS n, c.contribution,
        (SELECT count(${d}) FROM runs a
           JOIN runs b ON b.point = a.point AND b.replicate = a.replicate
           JOIN runs a0 ON a0.point = 0 AND a0.replicate = a.replicate
           JOIN runs b0 ON b0.point = 0 AND b0.replicate = a.replicate
         WHERE a.point = c.point AND a.architecture = c.architecture_a AND b.architecture = c.architecture_b
           AND a0.architecture = c.architecture_a AND b0.architecture = c.architecture_b)::DOUBLE AS rn,
        (SELECT avg(${d}) FROM runs a
           JOIN runs b ON b.point = a.point AND b.replicate = a.replicate
           JOIN runs a0 ON a0.point = 0 AND a0.replicate = a.replicate
           JOIN runs b0 ON b0.point = 0 AND b0.replicate = a.replicate
         WHERE a.point = c.point AND a.architecture = c.architecture_a AND b.architecture = c.architecture_b
           AND a0.architecture = c.architecture_a AND b0.architecture = c.architecture_b) AS rc
      FROM contributions c WHERE c.outcome = ${lit(o)}`);
    for (const r of rows) {
      const where = `contributions ${o} point ${r.point} ${r.architecture_a} - ${r.architecture_b}`;
      if (r.n !== r.rn) { fail(`${where}: n ${r.n}, runs give ${r.rn}`); continue; }
      if ((r.contribution === null) !== (r.rc === null) || (r.rc !== null && !close(r.contribution, r.rc))) fail(`${where}: contribution ${r.contribution}, runs give ${r.rc}`);
      else ok();
    }
  }
}
conn.closeSync?.();

if (failures.length) {
  for (const f of failures) console.error(`FAIL ${f}`);
  console.error(`${failures.length} of ${failures.length + checks} checks failed in ${dir}`);
  process.exit(1);
}
console.log(`ok: ${checks} checks passed in ${dir} (${Object.keys(tables).join(', ')})`);
