/** `genoforest predict`: probabilities for a CSV of new patients, as the CSV the app's batch export writes. */
import { parseCommandArgs } from '../args.ts';
import { CliError } from '../errors.ts';
import { writeTextFile } from '../files.ts';
import { patientFiles } from '../cohortFiles.ts';
import type { CliIo } from '../io.ts';
import { openModel } from '../session.ts';
import { predictSpec } from '../specs.ts';

/** Run `genoforest predict`. */
export async function runPredict(argv: string[], io: CliIo): Promise<void> {
  const args = parseCommandArgs(predictSpec, argv);
  const [modelPath, patientsPath] = args.positionals;
  const out = args.string('out');
  const session = await openModel(modelPath, args.string('cohort'), args.string('columns'));
  const files = await patientFiles(patientsPath);
  let batch;
  try {
    batch = await session.api.predictBatch(files);
  } catch (error) {
    throw new CliError(`${patientsPath}: ${(error as Error).message}`);
  }
  const csv = batch.csv.endsWith('\n') ? batch.csv : batch.csv + '\r\n';
  if (out === undefined) io.stdout(csv);
  else writeTextFile(out, csv);
  for (const issue of batch.issues) io.stderr(`genoforest: warning: ${issue}\n`);
  if (out !== undefined) io.stdout(`Wrote ${batch.rows.length} predictions to ${out}\n`);
}
